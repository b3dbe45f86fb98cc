"""Where each student of a problem was read: the students file, each student's row, its
headers as written, for exports that name a student's row (:class:`~matcher.io.export.
StudentRows`).
"""

from __future__ import annotations

import warnings

from matcher.config import Config
from matcher.duplicates import keep_one_answer
from matcher.errors import InputError
from matcher.forms import recognise
from matcher.io.export import StudentRows
from matcher.io.table import normalize_header, read_table
from matcher.problem import Problem
from matcher.project_names import ProjectNames
from matcher.read import STUDENT_ALIASES


def student_source(path: str, problem: Problem, config: Config, sheet: str | None,
                   duplicates: str | None = None) -> StudentRows | None:
    """Where each student was read: the file, each student's row, the headers as written.

    The problem keeps no row numbers, so the students file is read again through the steps
    :func:`matcher.read_problem` takes (the table, the form's layout, one answer per student
    under the same ``duplicates`` policy). The result is checked against the problem, student
    by student; should the two ever disagree, ``None`` is returned and errors name the
    student without a row rather than a wrong row.
    """
    policy = duplicates if duplicates is not None else config.input.duplicates
    table = read_table(path, sheet=sheet, columns=config.columns_for("students"),
                       aliases=STUDENT_ALIASES, required=["id"])
    mapped = {normalize_header(k) for k, v in config.columns_for("students").items()
              if v == "id"}
    ignored: list[InputError] = []  # read_problem reported them already
    names = ProjectNames([(p.id, p.title) for p in problem.projects])
    table, layout = recognise(table, names, ignored, id_mapped=normalize_header(
        table.original_headers.get("id", "")) in mapped)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table, _ = keep_one_answer(table, layout, policy, ignored)
    ids = [r.get("id", "").strip() for r in table.records]
    if ids != [s.id for s in problem.students]:
        return None
    return StudentRows(file=path, rows=table.rows, headers=dict(table.original_headers))
