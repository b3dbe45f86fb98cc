"""Plain assignments (student id -> project id or ``None``) and what can be read off them.

These helpers are the shared vocabulary of every solver-free face: :func:`matcher.check`,
:func:`matcher.score` and the reports never look at a solver.
"""

from __future__ import annotations

from collections.abc import Mapping

from matcher.problem import Problem, Student, Value

#: student id -> project id, or ``None`` for a student left without a team. A student
#: absent from the mapping is unassigned too.
Assignment = Mapping[str, str | None]


def teams(problem: Problem, assignment: Assignment) -> dict[str, list[Student]]:
    """Project id -> its members, in cohort order, for every project (closed ones empty).

    Entries naming unknown students or projects are ignored here; :func:`matcher.check`
    reports them.
    """
    out: dict[str, list[Student]] = {p.id: [] for p in problem.projects}
    for s in problem.students:
        pid = assignment.get(s.id)
        if pid is not None and pid in out:
            out[pid].append(s)
    return out


def open_teams(problem: Problem, assignment: Assignment) -> dict[str, list[Student]]:
    """Only the projects that have at least one member (a project opens iff it has members)."""
    return {pid: members for pid, members in teams(problem, assignment).items() if members}


def value_counts(members: list[Student], attribute: str) -> dict[Value, int]:
    """How many members hold each known value of ``attribute``."""
    counts: dict[Value, int] = {}
    for s in members:
        v = s.value(attribute)
        if v is not None:
            counts[v] = counts.get(v, 0) + 1
    return counts


def placed_project(problem: Problem, assignment: Assignment, student_id: str) -> str | None:
    """The project a student is on, ``None`` when unassigned or on an unknown project."""
    pid = assignment.get(student_id)
    return pid if pid in problem.project_index else None
