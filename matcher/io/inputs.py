"""What reading a problem from files adds around :func:`matcher.read.read_problem`, shared by
the command line and the server: the config's errors named after its file, and inputs with a
header row but no data refused.
"""

from __future__ import annotations

from matcher.errors import InputError, InputErrors
from matcher.i18n import tr
from matcher.problem import Problem


def name_config(error: InputError, config: str | None) -> InputErrors:
    """``error`` with its errors in ``[rules]`` or ``[weights]``, found while validating the
    problem, naming the config file they come from (``config``, or "(default config)")."""
    errors = error.errors if isinstance(error, InputErrors) else [error]
    fixed = []
    for e in errors:
        if e.file is None and (e.column or "").startswith(("rules.", "weights.")):
            e = InputError(e.message, file=config or tr("(default config)"), row=e.row,
                           column=e.column, value=e.value, hint=e.hint)
        fixed.append(e)
    return InputErrors(fixed)


def refuse_empty(problem: Problem, students: str, projects: str) -> None:
    """Refuse a students or projects file (named ``students``, ``projects``) that has a header
    row but no data rows.

    Raises
    ------
    InputError
        Naming the empty file.
    """
    for path, count, empty in (
            (students, len(problem.students),
             tr("no student in the file: it has a header row but no data rows")),
            (projects, len(problem.projects),
             tr("no project idea in the file: it has a header row but no data rows"))):
        if count == 0:
            raise InputError(empty, file=path)
