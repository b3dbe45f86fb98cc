"""Read a teams file made by anyone into an assignment (student id -> project id or ``None``).

The file needs a student column and a project column (``student_id``/``project_id``, or
aliases such as ``id``, ``étudiant``, ``projet``, ``équipe``, ``team``); other columns are
ignored, so the teams file ``matcher solve`` writes reads back. An empty project cell, or a
student absent from the file, means "no team".
"""

from __future__ import annotations

from difflib import get_close_matches

from matcher.config import Config
from matcher.errors import InputError, InputErrors
from matcher.i18n import tr
from matcher.io.table import read_table
from matcher.io.write import FORMULA_TRIGGERS
from matcher.problem import Problem

#: Accepted headers of a teams file, besides ``student_id`` and ``project_id``.
TEAM_ALIASES: dict[str, list[str]] = {
    "student_id": ["id", "student", "etudiant", "id_etudiant", "identifiant", "student_code"],
    "project_id": ["project", "projet", "team", "equipe", "group", "groupe", "idee", "idea",
                   "id_projet", "team_id", "code_projet"],
}


def _suggest(value: str, known: dict[str, int]) -> str | None:
    from matcher.problem import _fold

    folded = {_fold(k): k for k in known}
    if _fold(value) in folded:
        return tr("did you mean {suggestion!r}?", suggestion=folded[_fold(value)])
    close = get_close_matches(value, list(known), n=1)
    return tr("did you mean {suggestion!r}?", suggestion=close[0]) if close else None


def _known(value: str, known: dict[str, int]) -> str | None:
    """``value`` if known; also accepts an id our writers prefixed with ``'`` to neutralise
    a spreadsheet formula (``'-S1`` for ``-S1``)."""
    if value in known:
        return value
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS) and value[1:] in known:
        return value[1:]
    return None


def read_teams(path: str, problem: Problem, config: Config) -> dict[str, str | None]:
    """Read a teams file into an assignment (student id -> project id or ``None``).

    Raises
    ------
    InputErrors
        Naming file, row, column and value for each unknown student or project id and each
        student listed twice.
    """
    table = read_table(path, columns=config.columns_for("teams"), aliases=TEAM_ALIASES,
                       required=["student_id", "project_id"])
    errors: list[InputError] = []
    out: dict[str, str | None] = {}
    first_row: dict[str, int] = {}
    students, projects = problem.student_index, problem.project_index
    for i, rec in enumerate(table.records):
        raw_sid, raw_pid = rec.get("student_id", ""), rec.get("project_id", "")
        if not raw_sid:
            if raw_pid:
                errors.append(table.error(i, "student_id", tr("the student id is empty")))
            continue
        sid = _known(raw_sid, students)
        if sid is None:
            errors.append(table.error(i, "student_id",
                                      tr("unknown student {student!r}", student=raw_sid),
                                      hint=_suggest(raw_sid, students)))
            continue
        pid: str | None = None
        if raw_pid:
            pid = _known(raw_pid, projects)
            if pid is None:
                errors.append(table.error(i, "project_id",
                                          tr("unknown project {project!r}", project=raw_pid),
                                          hint=_suggest(raw_pid, projects)))
                continue
        if sid in first_row:
            errors.append(table.error(i, "student_id",
                                      tr("student {student} is listed twice (also row {row})",
                                         student=sid, row=first_row[sid]),
                                      hint=tr("keep one row per student")))
            continue
        first_row[sid] = table.rows[i]
        out[sid] = pid
    if errors:
        raise InputErrors(errors)
    return out
