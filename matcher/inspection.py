"""What the reader understood of two files, before any team is formed (``matcher inspect``).

:func:`inspect_inputs` reads the students and projects files as :func:`matcher.read_problem`
does and tells, per column, what it was read as (a known column, the preferences, the form's
bookkeeping, an attribute), how many cells hold a value and a sample; the identities merged
(a student who answered twice, ids written in two ways); every warning and error; and the
config lines that would change the reading (``[columns]`` for a column kept as an attribute
whose header is close to a known column).
"""

from __future__ import annotations

import difflib
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from matcher.config import Config
from matcher.duplicates import AnswersMerged
from matcher.errors import InputError, InputNotice, InputWarning
from matcher.forms import recognise
from matcher.i18n import tr
from matcher.identity import EMAIL_IDENTITY_HEADERS, with_identity
from matcher.io.contacts import FIRST_NAME_COLUMNS, LAST_NAME_COLUMNS
from matcher.io.table import Source, Table, read_table, source_label
from matcher.project_names import ProjectNames
from matcher.read import (
    PROJECT_ALIASES,
    STUDENT_ALIASES,
    _as_config,
    read_problem,
)

__all__ = ["ColumnReading", "Inspection", "inspect_inputs"]


@dataclass(frozen=True)
class ColumnReading:
    """One column of a file: its header as written, what it is read as, how many cells hold
    a value, and the first value."""

    file: str
    header: str
    read_as: str
    values: int
    sample: str


@dataclass
class Inspection:
    """What :func:`inspect_inputs` found."""

    columns: list[ColumnReading] = field(default_factory=list)
    merged: list[InputWarning] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    config_lines: list[str] = field(default_factory=list)
    students: int | None = None
    projects: int | None = None


_KNOWN = {"students": sorted(STUDENT_ALIASES), "projects": sorted(PROJECT_ALIASES)}


def inspect_inputs(
    students: Source,
    projects: Source,
    config: Config | str | os.PathLike[str] | Mapping[str, Any] | None = None,
    *,
    sheet: str | None = None,
) -> Inspection:
    """Read ``students`` and ``projects`` (as :func:`matcher.read_problem`) and tell how.

    Never raises for the files' content: the errors are in :attr:`Inspection.errors`
    (a file that cannot be read at all too).
    """
    cfg = _as_config(config)
    out = Inspection()
    s_name = source_label(students, default="<students>")
    p_name = source_label(projects, default="<projects>")
    data = {}
    for kind, source in (("students", students), ("projects", projects)):
        if isinstance(source, str | os.PathLike):
            data[kind] = source
        else:  # bytes or a file object: read once, given twice
            content = source if isinstance(source, bytes) else source.read()
            data[kind] = content.encode("utf-8") if isinstance(content, str) else content
    tables: dict[str, Table] = {}
    for kind, name, aliases in (("projects", p_name, PROJECT_ALIASES),
                                ("students", s_name, STUDENT_ALIASES)):
        try:
            tables[kind] = read_table(data[kind], name=name, sheet=sheet,
                                      columns=cfg.columns_for(kind), aliases=aliases,
                                      limits=cfg.input.read_limits())
        except InputError as e:
            out.errors += list(getattr(e, "errors", [e]))
    if "projects" in tables and "students" in tables:
        _describe(out, tables["students"], tables["projects"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            problem = read_problem(data["students"], data["projects"], cfg, sheet=sheet)
            out.students, out.projects = len(problem.students), len(problem.projects)
        except InputError as e:
            for error in getattr(e, "errors", [e]):
                if error not in out.errors:
                    out.errors.append(error)
    for w in caught:
        if not isinstance(w.message, InputWarning):
            continue
        if isinstance(w.message, AnswersMerged):
            out.merged.append(w.message)
        else:
            out.warnings.append(w.message)
    return out


def _describe(out: Inspection, students: Table, projects: Table) -> None:
    names = ProjectNames([(r.get("id", ""), r.get("title", "")) for r in projects.records])
    students, copied = with_identity(students)
    students, layout = recognise(students, names, [])
    for kind, table in (("students", students), ("projects", projects)):
        for column in table.columns:
            header = table.original_headers.get(column, column)
            if kind == "students" and column == "id" and copied:
                read_as = tr("id (the e-mail column is the identity)")
            elif kind == "students" and column in layout.columns:
                read_as = tr("preferences ({kind})", kind=layout.preferences)
            elif kind == "students" and column in layout.metadata:
                read_as = tr("the form's bookkeeping")
            elif column in _KNOWN[kind]:
                read_as = column
            elif kind == "students" and column in FIRST_NAME_COLUMNS:
                read_as = tr("first name (composed into the name)")
            elif kind == "students" and column in LAST_NAME_COLUMNS:
                read_as = tr("last name (composed into the name)")
            elif kind == "students" and column in EMAIL_IDENTITY_HEADERS:
                read_as = tr("e-mail (for the exports)")
            else:
                read_as = tr("attribute {name!r}", name=column)
                close = difflib.get_close_matches(column, _KNOWN[kind], n=1, cutoff=0.75)
                if close:
                    out.config_lines.append(f'[columns.{kind}] "{header}" = "{close[0]}"')
            cells = [r.get(column, "") for r in table.records if r.get(column, "")]
            out.columns.append(ColumnReading(table.path, header, read_as, len(cells),
                                             cells[0] if cells else ""))


def is_notice(warning: InputWarning) -> bool:
    """Whether ``warning`` says how the input was read rather than what is wrong."""
    return isinstance(warning, InputNotice)
