"""The figures of a formation, defined once: what every output reports about a set of teams.

The summary (``--summary``, the server's JSON), the report, each row of a sweep and each point
of a Pareto front all read their figures from here, so that the same teams show the same
numbers everywhere. Plain numbers read off an assignment, no solver.

Definitions (a student who ranked nothing can be on neither their first choice nor their top
3, so the shares are over the students who *ranked* at least one idea):

- ``share_first_choice = first_choice / ranked``; ``share_top3 = top3 / ranked``;
- ``mean_rank``: the mean rank of the students placed on an idea they ranked;
- ``mean_disciplines``, ``mean_institutions``: distinct known values per open team, averaged
  over open teams;
- ``mean_blau``: the Blau index of discipline ``1 - sum_v (c_v / n)^2`` per open team with a
  known discipline, averaged over those teams.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from matcher.assignment import Assignment, open_teams, value_counts
from matcher.problem import Problem
from matcher.teammates import wish_figures


@dataclass(frozen=True)
class Figures:
    """Headline figures of a formation.

    Shares of first choice and top 3 are taken over the students who ranked at least one
    idea (a student who ranked nothing can be on neither); the means are over open teams.
    """

    students: int
    ranked: int
    placed: int
    unassigned: int
    first_choice: int
    top3: int
    teams: int
    mean_disciplines: float | None
    mean_institutions: float | None
    mean_rank: float | None
    #: wishes to be with a classmate (directed pairs), granted ones, students who wished,
    #: students with at least one wish granted (:mod:`matcher.teammates`)
    wishes_expressed: int = 0
    wishes_granted: int = 0
    students_with_wishes: int = 0
    students_with_a_wish_granted: int = 0

    @property
    def share_first_choice(self) -> float | None:
        """``first_choice / ranked``."""
        return self.first_choice / self.ranked if self.ranked else None

    @property
    def share_top3(self) -> float | None:
        """``top3 / ranked``."""
        return self.top3 / self.ranked if self.ranked else None

    def as_dict(self) -> dict[str, Any]:
        """Plain dict with the two shares included."""
        out = asdict(self)
        out["share_first_choice"] = self.share_first_choice
        out["share_top3"] = self.share_top3
        return out


def figures(problem: Problem, assignment: Assignment) -> Figures:
    """Compute the :class:`Figures` of ``assignment``.

    Examples
    --------
    >>> from matcher import Problem, Project, Student
    >>> p = Problem(students=[Student(id="a", preferences=("P",)), Student(id="b")],
    ...             projects=[Project(id="P", max_size=2)])
    >>> f = figures(p, {"a": "P", "b": "P"})
    >>> f.first_choice, f.ranked, f.share_first_choice  # b ranked nothing
    (1, 1, 1.0)
    """
    ranks = []
    ranked = placed = 0
    for s in problem.students:
        pid = assignment.get(s.id)
        if pid in problem.project_index:
            placed += 1
        if s.preferences:
            ranked += 1
            r = s.rank_of(pid) if pid else None
            if r is not None:
                ranks.append(r)
    teams = list(open_teams(problem, assignment).values())
    disc = [len(value_counts(m, "discipline")) for m in teams]
    inst = [len(value_counts(m, "institution")) for m in teams]
    wishes = wish_figures(problem, assignment)
    return Figures(
        students=len(problem.students), ranked=ranked, placed=placed,
        unassigned=len(problem.students) - placed,
        first_choice=sum(r == 1 for r in ranks), top3=sum(r <= 3 for r in ranks),
        teams=len(teams),
        mean_disciplines=sum(disc) / len(disc) if disc else None,
        mean_institutions=sum(inst) / len(inst) if inst else None,
        mean_rank=sum(ranks) / len(ranks) if ranks else None,
        wishes_expressed=wishes.expressed, wishes_granted=wishes.granted,
        students_with_wishes=wishes.wishers, students_with_a_wish_granted=wishes.satisfied,
    )


def mean_blau(problem: Problem, assignment: Assignment, attribute: str = "discipline"
              ) -> float | None:
    """Mean over open teams with a known value of the Blau index of ``attribute``.

    Model: ``blau(team) = 1 - sum_v (c_v / n)^2`` with ``c_v`` the members holding value ``v``
    and ``n = sum_v c_v`` (0: one value, towards 1: all different).
    """
    out = []
    for members in open_teams(problem, assignment).values():
        counts = list(value_counts(members, attribute).values())
        total = sum(counts)
        if total:
            out.append(1 - sum(c * c for c in counts) / (total * total))
    return sum(out) / len(out) if out else None


#: Column names of :func:`cohort_figures`, in order.
FIGURE_COLUMNS: tuple[str, ...] = (
    "share_first_choice",
    "share_top3",
    "mean_rank",
    "no_team",
    "mean_disciplines",
    "mean_institutions",
    "mean_blau",
)


def cohort_figures(problem: Problem, assignment: Assignment) -> dict[str, float | None]:
    """The figures a sweep row or a Pareto point reports (:data:`FIGURE_COLUMNS`), read off
    :func:`figures` and :func:`mean_blau` and rounded to 6 decimals (``None`` when
    undefined).

    Examples
    --------
    >>> from matcher import Problem, Project, Student
    >>> p = Problem(students=[Student(id="a", discipline="bio", preferences=("P",)),
    ...                       Student(id="b", discipline="info", preferences=("Q", "P"))],
    ...             projects=[Project(id="P", max_size=2), Project(id="Q", max_size=2)])
    >>> cohort_figures(p, {"a": "P", "b": "P"})["mean_rank"]
    1.5
    """
    f = figures(problem, assignment)
    return {
        "share_first_choice": _r(f.share_first_choice),
        "share_top3": _r(f.share_top3),
        "mean_rank": _r(f.mean_rank),
        "no_team": f.unassigned,
        "mean_disciplines": _r(f.mean_disciplines),
        "mean_institutions": _r(f.mean_institutions),
        "mean_blau": _r(mean_blau(problem, assignment)),
    }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)
