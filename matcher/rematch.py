"""Re-matching: stay close to a previous formation, lock placements, say who moved and why.

A previous formation becomes :attr:`Problem.previous <matcher.problem.Problem.previous>`, and
the ``moves`` term (:mod:`matcher.scoring.moves`) charges each student moved away from it;
locked placements become :attr:`Rules.fixed <matcher.rules.Rules.fixed>`. Students who
dropped out are simply absent from the new cohort; students who joined late have no previous
placement and move freely.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from matcher.assignment import Assignment, teams
from matcher.errors import InputError
from matcher.i18n import tr
from matcher.identity import canonical_ids, id_key
from matcher.problem import Problem

#: Accepted headers of a teams file, besides ``student_id``, ``project_id`` and ``locked``.
FORMATION_ALIASES: dict[str, list[str]] = {
    "student_id": ["id", "student", "etudiant", "id_etudiant", "identifiant"],
    "project_id": ["project", "projet", "team", "equipe", "group", "groupe", "team_id"],
    "locked": ["lock", "fixed", "fixe", "verrouille"],
}
_TRUE = {"yes", "y", "true", "t", "1", "oui", "o", "x", "vrai"}


class Formation(BaseModel):
    """A formation read from a teams file: placements, and the rows marked ``locked``."""

    model_config = ConfigDict(frozen=True)

    placements: dict[str, str] = Field(default_factory=dict)
    locked: list[str] = Field(default_factory=list)
    has_locked_column: bool = False


def read_formation(path: str | os.PathLike[str]) -> Formation:
    """Read a teams file (CSV or XLSX, as written by ``matcher solve``): ``student_id``,
    ``project_id`` and, optionally, ``locked`` (yes/no). Ids are not checked against any
    cohort: students who dropped out since are allowed.

    Raises
    ------
    InputError
        The file cannot be read, lacks a column, or lists a student twice.
    """
    from matcher.io.table import read_table

    table = read_table(os.fspath(path), aliases=FORMATION_ALIASES,
                       required=["student_id", "project_id"])
    placements: dict[str, str] = {}
    locked: list[str] = []
    for i, rec in enumerate(table.records):
        sid, pid = rec.get("student_id", "").strip(), rec.get("project_id", "").strip()
        if not sid:
            continue
        if sid.startswith("'") and sid[1:2] in "=+-@":  # our writers neutralise formulas
            sid = sid[1:]
        if pid.startswith("'") and pid[1:2] in "=+-@":
            pid = pid[1:]
        if sid in placements:
            raise table.error(i, "student_id",
                              tr("student {student} is listed twice", student=sid))
        if pid:
            placements[sid] = pid
            if rec.get("locked", "").strip().casefold() in _TRUE:
                locked.append(sid)
    return Formation(placements=placements, locked=locked,
                     has_locked_column="locked" in table.columns)


def with_previous(problem: Problem, previous: Mapping[str, str] | None = None,
                  lock: Mapping[str, str] | None = None) -> Problem:
    """``problem`` re-matching ``previous`` (moves cost the ``moves`` weight) with the
    placements of ``lock`` fixed (those of students still in the cohort).

    Raises
    ------
    InputError
        A locked placement names a project that does not exist.
    """
    changes: dict[str, object] = {}
    spelling = canonical_ids(problem.student_index)  # ids compared case-folded and trimmed
    if previous:
        changes["previous"] = {spelling.get(id_key(sid), sid): pid
                               for sid, pid in previous.items()}
    if lock:
        lock = {spelling.get(id_key(sid), sid): pid for sid, pid in lock.items()}
        fixed = dict(problem.rules.fixed)
        for sid, pid in lock.items():
            if sid not in problem.student_index:
                continue
            if pid not in problem.project_index:
                raise InputError(tr("student {student} is locked on unknown project "
                                    "{project!r}", student=sid, project=pid))
            fixed[sid] = pid
        changes["rules"] = problem.rules.model_copy(update={"fixed": fixed})
    return problem.with_changes(**changes) if changes else problem


class Move(BaseModel):
    """A student of the previous formation who is not on their previous project any more."""

    model_config = ConfigDict(frozen=True)

    student: str
    before: str
    after: str | None
    reason: str


def moves(problem: Problem, assignment: Assignment, *,
          weights: Mapping[str, int] | None = None, time_limit: float | None = 10.0,
          workers: int | None = None, explain_moves: bool = True) -> list[Move]:
    """Who moved away from ``problem.previous``, and why.

    The reason is found without a solver when it is plain: the previous project no longer
    exists, or closed; the student is locked elsewhere; or the new team fell below its minimum
    size when members of the previous formation left, and the student fills it. Otherwise it
    is found by the counterfactual of :func:`matcher.explain.explain`: keeping the student
    where they were is impossible under the rules, or costs ``N`` points (with the changes it
    would force). ``time_limit`` is shared by all the counterfactuals (``None``: each runs to
    optimality); ``explain_moves=False`` skips them.
    """
    from matcher.explain import place

    members = teams(problem, assignment)
    left = _left_by_dropouts(problem)
    plain: dict[str, str] = {}
    searched: list[str] = []
    for sid, before in problem.previous.items():
        if sid not in problem.student_index or assignment.get(sid) == before:
            continue
        after = assignment.get(sid)
        if before not in problem.project_index:
            plain[sid] = tr("{project} no longer exists", project=before)
        elif not members.get(before):
            plain[sid] = tr("{project} closed", project=before)
        elif problem.rules.fixed.get(sid) not in (None, before):
            plain[sid] = tr("locked on {project}", project=problem.rules.fixed[sid])
        elif after is not None and left.get(after) and len(members.get(after, ())) <= (
                problem.projects[problem.project_index[after]].min_size):
            plain[sid] = tr("fills {project}, left below its minimum size ({min}) when "
                            "{count} of its members left",
                            project=after, count=left[after],
                            min=problem.projects[problem.project_index[after]].min_size)
        elif explain_moves:
            searched.append(sid)
        else:
            plain[sid] = tr("moved by the optimisation")
    share = None if time_limit is None else time_limit / max(1, len(searched))
    out = []
    for sid, before in problem.previous.items():
        if sid in plain:
            reason = plain[sid]
        elif sid in searched:
            alt = place(problem, assignment, sid, before, weights=weights, time_limit=share,
                        workers=workers,
                        action=tr("keeping {student} on {project}", student=sid, project=before))
            reason = "; ".join(alt.reasons)
        else:
            continue
        out.append(Move(student=sid, before=before, after=assignment.get(sid), reason=reason))
    return out


def _left_by_dropouts(problem: Problem) -> dict[str, int]:
    """Project id -> how many of its members in the previous formation left the cohort."""
    out: dict[str, int] = {}
    for sid, pid in problem.previous.items():
        if sid not in problem.student_index:
            out[pid] = out.get(pid, 0) + 1
    return out


def dropped_out(problem: Problem) -> list[str]:
    """Students of the previous formation who are no longer in the cohort."""
    return [sid for sid in problem.previous if sid not in problem.student_index]


def joined(problem: Problem) -> list[str]:
    """Students of the cohort who were not in the previous formation."""
    return [s.id for s in problem.students if s.id not in problem.previous]
