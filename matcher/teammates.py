"""Students' wishes about their teammates: whom they would like to be with, whom to avoid.

A :class:`~matcher.problem.Student` lists student ids in ``wishes`` (a soft wish, scored by the
``wishes`` term) and in ``avoid`` (hard: the ``avoid`` rule never puts the two in one team).
This module holds what every face needs: the pairs, their validation, and the figures read off
an assignment (no solver).

A wish is *directed*: ``A`` wishing ``B`` is one wish, granted when both are on the same team;
``A`` and ``B`` wishing each other are two wishes. An avoidance is symmetric: ``A`` avoiding
``B`` keeps them apart whoever asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from matcher.i18n import tr
from matcher.issues import RecordIssue

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.problem import Problem

#: The two fields of :class:`~matcher.problem.Student` that name other students.
LINK_FIELDS: tuple[str, ...] = ("wishes", "avoid")


def wish_pairs(problem: Problem) -> list[tuple[str, str]]:
    """Every wish as (wisher id, wished id), in cohort order."""
    return [(s.id, other) for s in problem.students for other in s.wishes]


def wish_weights(problem: Problem) -> dict[tuple[str, str], int]:
    """Unordered pair (ids in cohort order) -> number of wishes it carries (1, or 2 if
    mutual), for the pairs of known students."""
    index = problem.student_index
    out: dict[tuple[str, str], int] = {}
    for a, b in wish_pairs(problem):
        if a in index and b in index and a != b:
            key = (a, b) if index[a] < index[b] else (b, a)
            out[key] = out.get(key, 0) + 1
    return out


def avoid_pairs(problem: Problem) -> dict[tuple[str, str], tuple[str, ...]]:
    """Unordered pair (ids in cohort order) -> the ids of the students who asked for it
    (one, or both)."""
    index = problem.student_index
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for s in problem.students:
        for other in s.avoid:
            if other in index and other != s.id:
                key = (s.id, other) if index[s.id] < index[other] else (other, s.id)
                out[key] = out.get(key, ()) + (s.id,)
    return out


def granted(problem: Problem, assignment: Assignment) -> list[tuple[str, str]]:
    """The wishes (wisher, wished) whose two students are on the same (known) team."""
    projects = problem.project_index
    out = []
    for a, b in wish_pairs(problem):
        pa = assignment.get(a)
        if pa is not None and pa in projects and assignment.get(b) == pa:
            out.append((a, b))
    return out


@dataclass(frozen=True)
class WishFigures:
    """How many wishes a formation grants.

    ``expressed``: wishes in the cohort (directed pairs); ``granted``: those whose two
    students share a team; ``wishers``: students with at least one wish; ``satisfied``:
    students with at least one wish granted.
    """

    expressed: int
    granted: int
    wishers: int
    satisfied: int


def wish_figures(problem: Problem, assignment: Assignment) -> WishFigures:
    """The :class:`WishFigures` of ``assignment``."""
    got = granted(problem, assignment)
    return WishFigures(expressed=len(wish_pairs(problem)), granted=len(got),
                       wishers=sum(1 for s in problem.students if s.wishes),
                       satisfied=len({a for a, _ in got}))


def teammate_notes(problem: Problem, assignment: Assignment, student_id: str) -> list[str]:
    """What became of a student's wishes and avoidances, in words (for
    :func:`matcher.explain.explain`)."""
    s = problem.students[problem.student_index[student_id]]
    here = assignment.get(student_id)

    def where(other: str) -> str:
        pid = assignment.get(other)
        return tr("{student} (on {project})", student=other, project=pid) if pid else tr(
            "{student} (no team)", student=other)

    out = []
    wished = [o for o in s.wishes if o in problem.student_index]
    got = [o for o in wished if here is not None and assignment.get(o) == here]
    if got:
        out.append(tr("wishes granted: {students}", students=", ".join(got)))
    missed = [where(o) for o in wished if o not in got]
    if missed:
        out.append(tr("wishes not granted: {students}", students=", ".join(missed)))
    wished_by = _wished_by(problem).get(student_id, [])
    if wished_by:
        out.append(tr("wished for by: {students}", students=", ".join(
            o if here is not None and assignment.get(o) == here else where(o)
            for o in wished_by)))
    if s.avoid:
        out.append(tr("kept apart, as asked, from: {students}", students=", ".join(
            where(o) for o in s.avoid if o in problem.student_index)))
    return out


def _wished_by(problem: Problem) -> dict[str, list[str]]:
    """Student id -> the ids of the students who wish to be with them (cached on the
    problem, which is frozen)."""
    cache = problem.__dict__.get("_wished_by")
    if cache is None:
        cache = {}
        for a, b in wish_pairs(problem):
            cache.setdefault(b, []).append(a)
        problem.__dict__["_wished_by"] = cache
    return cache


def link_issues(problem: Problem) -> list[RecordIssue]:
    """Wishes and avoidances naming an unknown student, the student themself, someone twice,
    or the same student in both lists."""
    from difflib import get_close_matches

    index = problem.student_index
    out: list[RecordIssue] = []
    for i, s in enumerate(problem.students):
        for field in LINK_FIELDS:
            seen: set[str] = set()
            for other in getattr(s, field):
                if other == s.id:
                    out.append(RecordIssue("students", i, field, tr(
                        "student {student} names themself in {field}", student=s.id,
                        field=field), other))
                elif other not in index:
                    close = get_close_matches(other, list(index), n=1)
                    out.append(RecordIssue(
                        "students", i, field, tr("student {student} names unknown student "
                                                 "{other!r} in {field}", student=s.id,
                                                 other=other, field=field), other,
                        tr("did you mean student {id!r}?", id=close[0]) if close else None))
                elif other in seen:
                    out.append(RecordIssue("students", i, field, tr(
                        "student {student} names {other} twice in {field}", student=s.id,
                        other=other, field=field), other))
                seen.add(other)
        for other in sorted(set(s.wishes) & set(s.avoid) - {s.id}):
            out.append(RecordIssue("students", i, "avoid", tr(
                "student {student} both wishes to be with {other} and avoids them",
                student=s.id, other=other), other))
    return out
