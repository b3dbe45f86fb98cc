"""How every command reports an error: on stderr, one line per problem, then an exit code.

Exit codes (:class:`ExitCode`): 0 success; 1 no formation satisfies the rules (``solve``) or
the teams break a rule (``check``); 2 bad input or usage; 3 the time limit ended before any
formation was found; 4 the teams were written but the explanations or the report were not.
"""

from __future__ import annotations

from enum import IntEnum

import typer

from matcher.errors import InputError, InputErrors, InputWarning
from matcher.i18n import tr


class ExitCode(IntEnum):
    """Exit codes of every command."""

    OK = 0
    #: ``solve``: no formation satisfies the rules. ``check``: the teams break a rule.
    INFEASIBLE = 1
    #: Bad input file, bad option value, unusable output path.
    BAD_INPUT = 2
    #: The time limit (or Ctrl-C) ended the search before any formation was found, or the
    #: limit was too short to start it.
    NO_SOLUTION = 3
    #: The teams (and the summary) were written, but Ctrl-C, an error or a lack of memory
    #: stopped the explanations or the report after them.
    PARTIAL = 4


def echo_err(message: str = "") -> None:
    """Write one line to stderr (plain text, never wrapped, never coloured)."""
    typer.echo(message, err=True)


def describe(error: InputError | InputWarning) -> str:
    """One line for one input error: ``where, value: what (fix)``.

    Like ``str(error)``, with the location named the way the user sees it: a ``row`` and a
    ``column`` in a table, a ``key`` in a TOML or JSON file (and a ``line`` for JSON syntax),
    an ``option`` for a command-line flag.
    """
    file = error.file or ""
    structured = file.lower().endswith((".toml", ".json")) or file == "<stdin>"
    parts = [file] if file else []
    if error.row is not None:
        parts.append(tr("line {row}", row=error.row) if structured
                     else tr("row {row}", row=error.row))
    if error.column:
        if error.column.startswith("--"):
            parts.append(tr("option {option}", option=error.column))
        elif structured or error.column.startswith(("rules.", "weights.", "solver.")):
            parts.append(tr("key '{key}'", key=error.column))
        else:
            parts.append(tr("column '{column}'", column=error.column))
    if error.value is not None and error.value != "":
        parts.append(tr("value {value!r}", value=error.value))
    text = f"{', '.join(parts)}: {error.message}" if parts else error.message
    return f"{text} ({error.hint})" if error.hint else text


def print_input_warning(warning: InputWarning) -> None:
    """Print an input warning on stderr, on one line (see :func:`describe`), e.g.::

        warning: reponses.csv, row 9, column 'Horodateur', value '30/11/2026 14:03:12':
        student 'zoe@etu.fr' answered 2 times (rows 3, 9): row 9, the latest answer, is kept
    """
    echo_err(f"{tr('warning')}: {describe(warning)}")


def print_input_notice(notice: InputWarning) -> None:
    """Print how the input was read (:class:`~matcher.errors.InputNotice`) on stderr, on one
    line: ``note: students.csv, row 1: 2 column(s) kept as attributes...``."""
    echo_err(f"{tr('note')}: {describe(notice)}")


def print_input_error(error: InputError, *, prefix: str | None = None) -> None:
    """Print an input error on stderr, one line per problem found (see :func:`describe`).

    Each line names the file, the spreadsheet row, the column, the value, what is wrong and
    the fix when one is plain, e.g.::

        error: students.csv, row 5, column 'Choix 2', value 'p12': student S004 ranks
        unknown project 'p12' (did you mean 'P12'?)
    """
    prefix = tr("error") if prefix is None else prefix
    errors = error.errors if isinstance(error, InputErrors) else [error]
    if len(errors) > 1:
        echo_err(f"{prefix}: " + tr("{count} problems in the input:", count=len(errors)))
        limit = getattr(error, "limit", 25)
        for e in errors[:limit]:
            echo_err(f"  - {describe(e)}")
        if len(errors) > limit:
            echo_err("  " + tr("... and {more} more", more=len(errors) - limit))
    else:
        echo_err(f"{prefix}: {describe(errors[0])}")


def fail(error: InputError | str, code: ExitCode = ExitCode.BAD_INPUT) -> typer.Exit:
    """Print ``error`` on stderr and return the :class:`typer.Exit` to raise.

    Usage: ``raise fail(e)``; returning rather than raising keeps the ``raise`` visible in
    the command, so that readers (and linters) see that the command ends there.
    """
    if isinstance(error, InputError):
        print_input_error(error)
    else:
        echo_err(f"{tr('error')}: {error}")
    return typer.Exit(int(code))
