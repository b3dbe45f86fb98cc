"""What ``matcher solve --export FORMAT=FILE`` needs: the options, every check before the
search (:func:`plan_exports`) and the writing after the teams (:func:`write_exports`); also
shared by ``matcher export`` (:mod:`matcher.cli.export`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import typer

from matcher.assignment import Assignment
from matcher.cli.errors import echo_err
from matcher.cli.inputs import Inputs, check_output_path
from matcher.errors import InputError, InputErrors
from matcher.i18n import tr
from matcher.io.export import EXPORTS, StudentRows, check_export, export
from matcher.io.student_rows import student_source

T = TypeVar("T")

CourseOption = Annotated[
    str | None,
    typer.Option("--course", metavar="SHORTNAME",
                 help="Moodle: the short name of the course to enrol the students in."),
]
IdentifierOption = Annotated[
    str,
    typer.Option("--identifier", metavar="KIND",
                 help="How Moodle and Canvas know a student: email, id or username."),
]
ExportOption = Annotated[
    list[str] | None,
    typer.Option("--export", metavar="FORMAT=FILE",
                 help=f"Also export the teams (repeatable): {', '.join(EXPORTS)}, e.g. "
                      "--export moodle=groups.csv --course MATH101."),
]


@dataclass(frozen=True)
class ExportPlan:
    """The exports ``solve`` writes after the teams, checked before the search."""

    targets: tuple[tuple[str, str], ...]
    course: str | None
    identifier: str
    source: StudentRows | None


def parse_export_specs(items: Sequence[str] | None) -> list[tuple[str, str]]:
    """``["moodle=groups.csv"]`` -> ``[("moodle", "groups.csv")]``.

    Raises
    ------
    InputErrors
        Every malformed item or unknown format, at once.
    """
    out, errors = [], []
    for item in items or ():
        fmt, sep, path = item.partition("=")
        fmt, path = fmt.strip().lower(), path.strip()
        if not sep or not path:
            errors.append(InputError(tr("expected FORMAT=FILE"), column="--export", value=item,
                                     hint=tr("e.g. --export moodle=groups.csv")))
        elif fmt not in EXPORTS:
            errors.append(InputError(tr("unknown export format"), column="--export",
                                     value=item, hint=tr("known formats: {choices}",
                                                         choices=", ".join(EXPORTS))))
        else:
            out.append((fmt, path))
    if errors:
        raise InputErrors(errors)
    return out


def check_csv_name(path: str, option: str) -> InputError | None:
    """An error when ``path`` does not end in ``.csv`` (every export is a CSV file)."""
    if os.path.splitext(path)[1].lower() != ".csv":
        return InputError(tr("exports are CSV files"), file=path, column=option,
                          hint=tr("give a name ending in .csv"))
    return None


def plan_exports(items: Sequence[str] | None, inputs: Inputs, students: str,
                 sheet: str | None, outputs: Sequence[str], *, course: str | None,
                 identifier: str, duplicates: str | None = None) -> ExportPlan:
    """Parse ``--export`` flags and check everything an export needs, before any search:
    the paths (not an input, not another output, a ``.csv`` name), the options and every
    student's contact details.

    Raises
    ------
    InputError
        Everything found wrong, at once.
    """
    targets = parse_export_specs(items)
    if not targets:
        return ExportPlan((), course, identifier, None)
    errors: list[InputError] = []
    seen = {os.path.realpath(p) for p in outputs}
    for _, path in targets:
        if os.path.realpath(path) in seen:
            errors.append(InputError(tr("this export has the same path as another output"),
                                     file=path, column="--export",
                                     hint=tr("give each output its own name")))
        seen.add(os.path.realpath(path))
        bad = check_csv_name(path, "--export")
        if bad is not None:
            errors.append(bad)
        collect(errors, check_output_path, path, inputs.paths, what="export")
    source = student_source(students, inputs.problem, inputs.config, sheet, duplicates)
    for fmt in dict(targets):
        collect(errors, check_export, inputs.problem, fmt, source=source, course=course,
                 identifier=identifier)
    if errors:  # an option wrong for two formats, a student missing an e-mail for both: once
        raise InputErrors(list({str(e): e for e in errors}.values()))
    return ExportPlan(tuple(targets), course, identifier, source)


def write_exports(plan: ExportPlan, inputs: Inputs, assignment: Assignment) -> None:
    """Write every planned export; warnings on stderr."""
    for fmt, path in plan.targets:
        table = export(inputs.problem, assignment, fmt, path, inputs=inputs.paths,
                       source=plan.source, course=plan.course, identifier=plan.identifier)
        for line in table.warnings:
            echo_err(f"{tr('warning')}: {path}: {line}")


def collect(errors: list[InputError], function: Callable[..., T], *args: Any,
            **kwargs: Any) -> T | None:
    """``function(*args, **kwargs)``, its input errors appended to ``errors``."""
    try:
        return function(*args, **kwargs)
    except InputError as e:
        errors.extend(e.errors if isinstance(e, InputErrors) else [e])
        return None
