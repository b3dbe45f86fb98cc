"""The exact Pareto front between two scoring terms, by the epsilon-constraint method.

Both terms are maximised (every term of the engine is). Starting with no floor on ``x``:

1. maximise ``y`` subject to the rules and ``x >= eps``: ``y*`` (stop when infeasible);
2. maximise ``x`` subject to the rules, ``x >= eps`` and ``y >= y*``: ``x*`` (the lexicographic
   step, which makes ``(x*, y*)`` non-dominated rather than weakly so);
3. record the point, set ``eps = x* + 1`` (terms are integers) and go to 1.

Each point has a strictly larger ``x`` and a strictly smaller ``y`` than the one before, so the
loop ends after at most ``range(x) + 1`` points. The floors are the :class:`~matcher.constraints.
min_term.MinTerm` rule (``rules.min_term``), posted with each term's exact linear expression.

The front is exact when every solve is proven ``OPTIMAL``; a point found by a solve cut by the
time limit is kept with ``exact = False`` (it may be dominated), and a step that finds nothing
in time ends the front with ``complete = False``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from matcher.i18n import tr
from matcher.problem import Problem
from matcher.registry import canonical_term_name, effective_weights, make_term
from matcher.result import Result, Status


@dataclass(frozen=True)
class ParetoPoint:
    """One point of the front: the two term values and the teams that reach them.

    ``exact`` is true when both solves that produced it were proven optimal: the point is then
    non-dominated. ``result`` is the lexicographic solve's result (its ``assignment`` holds the
    teams; its ``terms`` the values of ``x`` and ``y`` among others).
    """

    point: int
    x: int
    y: int
    exact: bool
    y_status: Status
    x_status: Status
    result: Result

    @property
    def assignment(self) -> dict[str, str | None]:
        """Student id -> project id of the teams at this point."""
        return self.result.assignment


@dataclass
class ParetoFront:
    """The points in increasing ``x`` (decreasing ``y``) and whether the front is complete.

    ``complete`` is true when the last step proved that no formation reaches a larger ``x``
    (or, with no point, that no formation satisfies the rules at all: ``infeasible``).
    """

    x: str
    y: str
    points: list[ParetoPoint] = field(default_factory=list)
    complete: bool = False
    infeasible: bool = False

    @property
    def exact(self) -> bool:
        """Every point proven and the front complete: the exact Pareto front."""
        return self.complete and all(p.exact for p in self.points)


#: Called with each point as it is found.
ParetoCallback = Callable[[ParetoPoint], None]


def pareto_front(
    problem: Problem,
    x: str,
    y: str,
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    max_points: int | None = None,
    callback: ParetoCallback | None = None,
) -> ParetoFront:
    """The Pareto front between terms ``x`` and ``y`` (both maximised) under the problem's rules.

    Parameters
    ----------
    problem:
        The problem; its weights are ignored (each solve optimises one term), its rules hold.
    x, y:
        Term names (``preference``, ``discipline``, ``blau.gender``, ``pairwise``...).
    time_limit:
        Seconds for each solve (two per point); ``None`` waits for proofs of optimality.
    workers, seed:
        As in :func:`matcher.solve`.
    max_points:
        Stop after this many points (the front is then marked incomplete).
    callback:
        Called with each :class:`ParetoPoint` as it is found.

    Raises
    ------
    KeyError
        For an unknown term name (the message lists the known ones).
    ValueError
        When ``x`` and ``y`` name the same term.

    Examples
    --------
    >>> from matcher import Problem, Project, Student
    >>> p = Problem(students=[Student(id="a", discipline="bio", preferences=("P", "Q")),
    ...                       Student(id="b", discipline="bio", preferences=("P", "Q")),
    ...                       Student(id="c", discipline="info", preferences=("Q", "P"))],
    ...             projects=[Project(id="P", max_size=2), Project(id="Q", max_size=2)])
    >>> front = pareto_front(p, "preference", "discipline", workers=1)
    >>> [(pt.x, pt.y) for pt in front.points], front.exact
    ([(5, 3), (6, 2)], True)
    """
    make_term(x)
    make_term(y)
    x, y = canonical_term_name(x), canonical_term_name(y)
    if x == y:
        raise ValueError(tr("x and y are the same term {term!r}", term=x))
    zero = dict.fromkeys([*effective_weights(problem), x, y], 0)  # both terms in every result
    base_floors = dict(problem.rules.min_term)
    settings = dict(time_limit=time_limit, workers=workers, seed=seed)
    front = ParetoFront(x=x, y=y)
    eps: int | None = None
    hint: dict[str, str | None] | None = None

    def with_floors(floors: dict[str, int]) -> Problem:
        return problem.with_changes(rules=problem.rules.model_copy(update={"min_term": floors}))

    while max_points is None or len(front.points) < max_points:
        floors = dict(base_floors)
        if eps is not None:
            floors[x] = max(eps, floors.get(x, eps))
        r1 = _solve(with_floors(floors), {**zero, y: 1}, hint, settings)
        if r1.status is Status.INFEASIBLE:
            front.complete = True
            front.infeasible = not front.points
            return front
        if not r1.has_solution:
            return front
        y_star = r1.terms[y]
        floors[y] = max(y_star, floors.get(y, y_star))
        r2 = _solve(with_floors(floors), {**zero, x: 1}, r1.assignment, settings)
        final = r2 if r2.has_solution else r1
        pt = ParetoPoint(point=len(front.points), x=final.terms[x], y=final.terms[y],
                         exact=r1.status is Status.OPTIMAL and r2.status is Status.OPTIMAL,
                         y_status=r1.status, x_status=r2.status, result=final)
        front.points.append(pt)
        if callback is not None:
            callback(pt)
        eps = pt.x + 1
        hint = final.assignment
    return front


def _solve(problem: Problem, weights: dict[str, int], hint: dict[str, str | None] | None,
           settings: dict) -> Result:
    from matcher.solve import solve

    return solve(problem, weights=weights, hint=hint, **settings)


def front_rows(problem: Problem, front: ParetoFront) -> list[dict[str, object]]:
    """One row per point: ``point``, ``<x>``, ``<y>``, ``exact``, ``y_status``, ``x_status``,
    then the cohort figures (:func:`matcher.figures.cohort_figures`) of the point's teams."""
    from matcher.figures import cohort_figures

    rows: list[dict[str, object]] = []
    for pt in front.points:
        row: dict[str, object] = {"point": pt.point, front.x: pt.x, front.y: pt.y,
                                  "exact": pt.exact, "y_status": pt.y_status.value,
                                  "x_status": pt.x_status.value}
        row.update(cohort_figures(problem, pt.assignment))
        rows.append(row)
    return rows
