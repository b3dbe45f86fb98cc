"""Cohort figures of a formation: what a sweep or a Pareto front reports per point.

Plain numbers read off an assignment, no solver: the share of students on their first choice,
their mean rank, and the mean diversity of the teams.
"""

from __future__ import annotations

from matcher.assignment import Assignment, open_teams, value_counts
from matcher.problem import Problem

#: Column names of :func:`cohort_figures`, in order.
FIGURE_COLUMNS: tuple[str, ...] = (
    "share_first_choice",
    "mean_rank",
    "mean_disciplines",
    "mean_institutions",
    "mean_blau",
)


def cohort_figures(problem: Problem, assignment: Assignment) -> dict[str, float | None]:
    """Summary figures of a formation, rounded to 6 decimals (``None`` when undefined).

    Returns
    -------
    dict
        ``share_first_choice``: students on their rank-1 project / all students.
        ``mean_rank``: mean rank of the placed students who ranked their project.
        ``mean_disciplines``, ``mean_institutions``: mean number of distinct disciplines and
        institutions per open team (unknown values left out).
        ``mean_blau``: mean over open teams of the Blau index of discipline,
        ``1 - sum_v (c_v / n)^2`` (0: one discipline, towards 1: all different).

    Examples
    --------
    >>> from matcher import Problem, Project, Student
    >>> p = Problem(students=[Student(id="a", discipline="bio", preferences=("P",)),
    ...                       Student(id="b", discipline="info", preferences=("Q", "P"))],
    ...             projects=[Project(id="P", max_size=2), Project(id="Q", max_size=2)])
    >>> cohort_figures(p, {"a": "P", "b": "P"})["mean_rank"]
    1.5
    """
    n = len(problem.students)
    ranks = []
    first = 0
    for s in problem.students:
        pid = assignment.get(s.id)
        r = s.rank_of(pid) if pid is not None else None
        if r is not None:
            ranks.append(r)
            first += r == 1
    teams = list(open_teams(problem, assignment).values())
    disciplines = [len(value_counts(m, "discipline")) for m in teams]
    institutions = [len(value_counts(m, "institution")) for m in teams]
    blau = []
    for m in teams:
        counts = list(value_counts(m, "discipline").values())
        total = sum(counts)
        if total:
            blau.append(1 - sum(c * c for c in counts) / (total * total))
    return {
        "share_first_choice": _r(first / n) if n else None,
        "mean_rank": _mean(ranks),
        "mean_disciplines": _mean(disciplines),
        "mean_institutions": _mean(institutions),
        "mean_blau": _mean(blau),
    }


def _mean(values: list[float] | list[int]) -> float | None:
    return _r(sum(values) / len(values)) if values else None


def _r(x: float) -> float:
    return round(x, 6)
