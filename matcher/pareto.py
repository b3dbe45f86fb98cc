"""The exact Pareto front between two scoring terms, by the epsilon-constraint method.

Both terms are maximised (every term of the engine is). Starting with no floor on ``x``:

1. maximise ``y`` subject to the rules and ``x >= eps``: ``y*`` (stop when infeasible);
2. maximise ``x`` subject to the rules, ``x >= eps`` and ``y >= y*``: ``x*`` (the lexicographic
   step, which makes ``(x*, y*)`` non-dominated rather than weakly so);
3. record the point, set ``eps = x* + 1`` (terms are integers) and go to 1.

Each point has a strictly larger ``x`` and a strictly smaller ``y`` than the one before, so the
loop ends after at most ``range(x) + 1`` points. The floors are the :class:`~matcher.constraints.
min_term.MinTerm` rule (``rules.min_term``), posted with each term's exact linear expression.

With a step ``eps = x* + step`` (``step > 1``) the points are fewer, each still non-dominated.
The front is exact when every solve is proven ``OPTIMAL`` (and ``step = 1``); a point found by
a solve cut by the time limit is kept with ``exact = False`` (it may be dominated: its row's
``dominated_by`` names another point that beats it), and a step that finds nothing in time ends
the front with ``complete = False``. :func:`trace_front` gives the points and their results;
:func:`pareto_front` the same as a table, one row per point with its provenance (bounds, gap,
time, seed, versions) and its teams.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from matcher.i18n import tr
from matcher.issues import ProblemValidationError, RecordIssue
from matcher.problem import Problem
from matcher.registry import canonical_term_name, effective_weights, make_term
from matcher.result import Result, Status

if TYPE_CHECKING:
    import pandas as pd

#: A point is traced only when this many times the solve's limit is left (its two solves,
#: with room for model building).
POINT_SLOTS: float = 2.5
#: Seconds a solve must have at least.
MIN_SOLVE_TIME: float = 0.1


@dataclass(frozen=True)
class ParetoPoint:
    """One point of the front: the two term values and the teams that reach them.

    ``exact`` is true when both solves that produced it were proven optimal: the point is then
    non-dominated. ``result`` is the lexicographic solve's result (its ``assignment`` holds the
    teams; its ``terms`` the values of ``x`` and ``y`` among others). ``y_bound`` is the first
    solve's proven bound on ``y`` (no formation with ``x >= eps`` has a larger ``y``),
    ``x_bound`` the second's on ``x`` (none with ``y >= y*`` has a larger ``x``); ``eps`` is the
    floor on ``x`` of the point's first solve, ``wall_time_s`` both solves' time.
    """

    point: int
    x: int
    y: int
    exact: bool
    y_status: Status
    x_status: Status
    result: Result
    y_bound: int | None = None
    x_bound: int | None = None
    eps: int | None = None
    wall_time_s: float = 0.0

    @property
    def assignment(self) -> dict[str, str | None]:
        """Student id -> project id of the teams at this point."""
        return self.result.assignment

    @property
    def gap(self) -> float | None:
        """The larger relative gap of the point's two solves (0 when both are proven)."""
        from matcher.search.progress import relative_gap

        gaps = [relative_gap(v, b) for v, b in ((self.y, self.y_bound), (self.x, self.x_bound))]
        known = [g for g in gaps if g is not None]
        return max(known) if len(known) == 2 else None


@dataclass
class ParetoFront:
    """The points in increasing ``x`` (decreasing ``y``) and whether the front is complete.

    ``complete`` is true when the last step proved that no formation reaches a larger ``x``
    (or, with no point, that no formation satisfies the rules at all: ``infeasible``).
    ``step``, ``seed``, ``workers`` and ``solve_time_limit`` are the settings it was traced
    with.
    """

    x: str
    y: str
    points: list[ParetoPoint] = field(default_factory=list)
    complete: bool = False
    infeasible: bool = False
    step: int = 1
    seed: int | None = None
    workers: int | None = None
    solve_time_limit: float | None = None

    @property
    def exact(self) -> bool:
        """Every point proven, the front complete and traced with ``step = 1``: the exact
        Pareto front."""
        return self.complete and self.step == 1 and all(p.exact for p in self.points)


#: Called with each point as it is found.
ParetoCallback = Callable[[ParetoPoint], None]


def term_name(name: str, axis: str) -> str:
    """The canonical name of term ``name``; raises
    :class:`~matcher.issues.ProblemValidationError` (a ``ValueError``, as :func:`matcher.solve`
    does) for an unknown one."""
    try:
        make_term(name)
    except KeyError as e:
        raise ProblemValidationError([RecordIssue("pareto", None, axis, str(e.args[0]), name)]
                                     ) from None
    return canonical_term_name(name)


def trace_front(
    problem: Problem,
    x: str,
    y: str,
    *,
    time_limit: float | None = None,
    solve_time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    step: int = 1,
    x_from: int | None = None,
    first_point: int = 0,
    hint: Mapping[str, str | None] | None = None,
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
        Seconds for the whole call (wall clock): a point is traced only while
        ``POINT_SLOTS`` times a solve's limit is left (the front is then incomplete).
        ``None``: no limit.
    solve_time_limit:
        Seconds for each solve (two per point; default: a tenth of ``time_limit``, at least
        1 s; ``None`` without ``time_limit``: wait for proofs of optimality).
    workers, seed:
        As in :func:`matcher.solve`.
    step:
        The epsilon step: after a point at ``x*``, the next has ``x >= x* + step`` (1: the
        exact front; larger: fewer points, each still non-dominated when proven).
    x_from, first_point, hint:
        Start with ``x >= x_from``, number points from ``first_point``, and hint the first
        solve with ``hint``: continuing a front (``matcher pareto --resume``).
    max_points:
        Stop after this many points (the front is then marked incomplete).
    callback:
        Called with each :class:`ParetoPoint` as it is found.

    Raises
    ------
    matcher.issues.ProblemValidationError
        (a ``ValueError``) for an unknown term name, or when ``x`` and ``y`` name the same
        term.

    Examples
    --------
    >>> from matcher import Problem, Project, Student
    >>> p = Problem(students=[Student(id="a", discipline="bio", preferences=("P", "Q")),
    ...                       Student(id="b", discipline="bio", preferences=("P", "Q")),
    ...                       Student(id="c", discipline="info", preferences=("Q", "P"))],
    ...             projects=[Project(id="P", max_size=2), Project(id="Q", max_size=2)])
    >>> front = trace_front(p, "preference", "discipline", workers=1)
    >>> [(pt.x, pt.y) for pt in front.points], front.exact
    ([(5, 3), (6, 2)], True)
    """
    started = time.monotonic()
    x, y = term_name(x, "x"), term_name(y, "y")
    if x == y:
        raise ProblemValidationError([RecordIssue(
            "pareto", None, "y", tr("x and y are the same term {term!r}", term=x), y)])
    if step < 1:
        raise ProblemValidationError([RecordIssue(
            "pareto", None, "step", tr("the step must be a whole number >= 1"), str(step))])
    zero = dict.fromkeys([*effective_weights(problem), x, y], 0)  # both terms in every result
    if solve_time_limit is None and time_limit is not None:
        solve_time_limit = max(1.0, time_limit / 10)
    deadline = None if time_limit is None else started + time_limit
    base_floors = dict(problem.rules.min_term)
    front = ParetoFront(x=x, y=y, step=step, seed=seed, workers=workers,
                        solve_time_limit=solve_time_limit)
    eps: int | None = x_from

    def with_floors(floors: dict[str, int]) -> Problem:
        return problem.with_changes(rules=problem.rules.model_copy(update={"min_term": floors}))

    def limit() -> float | None:
        if deadline is None:
            return solve_time_limit
        left = deadline - time.monotonic()
        return left if solve_time_limit is None else min(solve_time_limit, left)

    while max_points is None or len(front.points) < max_points:
        if deadline is not None and solve_time_limit is not None and \
                deadline - time.monotonic() < max(POINT_SLOTS * solve_time_limit,
                                                  2 * MIN_SOLVE_TIME):
            return front  # the next point would not fit in the call's time limit
        began = time.monotonic()
        floors = dict(base_floors)
        if eps is not None:
            floors[x] = max(eps, floors.get(x, eps))
        r1 = _solve(with_floors(floors), {**zero, y: 1}, hint, workers, seed, limit())
        if r1.status is Status.INFEASIBLE:
            front.complete = True
            front.infeasible = not front.points and x_from is None
            return front
        if not r1.has_solution:
            return front
        y_star = r1.terms[y]
        floors[y] = max(y_star, floors.get(y, y_star))
        r2 = _solve(with_floors(floors), {**zero, x: 1}, r1.assignment, workers, seed, limit())
        final = r2 if r2.has_solution else r1
        pt = ParetoPoint(point=first_point + len(front.points), x=final.terms[x],
                         y=final.terms[y],
                         exact=r1.status is Status.OPTIMAL and r2.status is Status.OPTIMAL,
                         y_status=r1.status, x_status=r2.status, result=final,
                         y_bound=r1.best_bound, x_bound=r2.best_bound, eps=eps,
                         wall_time_s=round(time.monotonic() - began, 3))
        front.points.append(pt)
        if callback is not None:
            callback(pt)
        eps = pt.x + step
        hint = final.assignment
    return front


def _solve(problem: Problem, weights: dict[str, int], hint: Mapping[str, str | None] | None,
           workers: int | None, seed: int | None, time_limit: float | None) -> Result:
    from matcher.solve import solve

    # a front trades two terms of the plain weighted sum
    return solve(problem, weights=weights, hint=hint, workers=workers, seed=seed,
                 time_limit=time_limit, choices_first=False)


def front_rows(problem: Problem, front: ParetoFront) -> list[dict[str, Any]]:
    """One row per point: ``point``, ``<x>``, ``<y>``, ``exact``, ``y_status``, ``x_status``,
    ``y_bound``, ``x_bound``, ``gap``, ``eps``, ``dominated_by`` (another point of the front at
    least as good on both terms and better on one, when an unproven solve let one through),
    the cohort figures (:func:`matcher.figures.cohort_figures`) of the point's teams, then the
    provenance: ``step``, ``seed``, ``workers``, ``solve_time_limit_s``, ``wall_time_s``, the
    versions of matcher, OR-Tools and Python, and ``problem_sha256``."""
    from matcher.figures import cohort_figures
    from matcher.sweep import problem_hash, versions

    stamp = {**versions(), "problem_sha256": problem_hash(problem)}
    rows: list[dict[str, Any]] = []
    for pt in front.points:
        dominated_by = next((q.point for q in front.points if q is not pt and q.x >= pt.x
                             and q.y >= pt.y and (q.x, q.y) != (pt.x, pt.y)), None)
        row: dict[str, Any] = {"point": pt.point, front.x: pt.x, front.y: pt.y,
                               "exact": pt.exact, "y_status": pt.y_status.value,
                               "x_status": pt.x_status.value, "y_bound": pt.y_bound,
                               "x_bound": pt.x_bound,
                               "gap": None if pt.gap is None else round(pt.gap, 9),
                               "eps": pt.eps, "dominated_by": dominated_by}
        row.update(cohort_figures(problem, pt.assignment))
        row.update(step=front.step, seed=front.seed, workers=front.workers,
                   solve_time_limit_s=front.solve_time_limit, wall_time_s=pt.wall_time_s,
                   **stamp)
        rows.append(row)
    return rows


def pareto_front(
    problem: Problem,
    x: str,
    y: str,
    *,
    time_limit: float | None = None,
    solve_time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    step: int = 1,
    max_points: int | None = None,
    callback: ParetoCallback | None = None,
) -> pd.DataFrame:
    """The Pareto front between terms ``x`` and ``y`` as a table: :func:`trace_front`'s points,
    one row each (:func:`front_rows`'s columns) with their ``teams`` (student id -> project
    id). ``df.attrs`` holds ``x``, ``y``, ``complete``, ``exact`` and ``infeasible``.

    The parameters and errors are :func:`trace_front`'s: ``time_limit`` is the whole call's
    wall clock, ``solve_time_limit`` each solve's.

    Examples
    --------
    >>> from matcher import Problem, Project, Student
    >>> p = Problem(students=[Student(id="a", discipline="bio", preferences=("P", "Q")),
    ...                       Student(id="b", discipline="bio", preferences=("P", "Q")),
    ...                       Student(id="c", discipline="info", preferences=("Q", "P"))],
    ...             projects=[Project(id="P", max_size=2), Project(id="Q", max_size=2)])
    >>> df = pareto_front(p, "preference", "discipline", workers=1)
    >>> df[["preference", "discipline", "exact"]].values.tolist(), df.attrs["exact"]
    ([[5, 3, True], [6, 2, True]], True)
    """
    import pandas as pd

    front = trace_front(problem, x, y, time_limit=time_limit,
                        solve_time_limit=solve_time_limit, workers=workers, seed=seed,
                        step=step, max_points=max_points, callback=callback)
    rows = front_rows(problem, front)
    for row, pt in zip(rows, front.points, strict=True):
        row["teams"] = dict(pt.assignment)
    df = pd.DataFrame(rows)
    df.attrs.update(x=front.x, y=front.y, complete=front.complete, exact=front.exact,
                    infeasible=front.infeasible)
    return df
