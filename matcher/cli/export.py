"""``matcher export``: turn a teams file into Moodle groups, Canvas groups, a mail merge, or a
CSV for a French Excel.

A thin shell over :func:`matcher.io.export.export`. ``matcher solve --export FORMAT=FILE``
writes the same files right after the teams (:mod:`matcher.cli.export_plan`).
"""

from __future__ import annotations

from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.errors import echo_err, fail
from matcher.cli.export_plan import (
    CourseOption,
    IdentifierOption,
    check_csv_name,
    collect,
)
from matcher.cli.inputs import check_output_path, load_inputs
from matcher.cli.options import (
    ConfigOption,
    DuplicatesOption,
    ProjectsArg,
    SheetOption,
    StudentsArg,
    epilog,
)
from matcher.errors import InputError, InputErrors
from matcher.i18n import tr
from matcher.io.export import EXPORTS, check_export, export, option_errors
from matcher.io.student_rows import student_source
from matcher.io.write import refuse_overwrite_input

EXAMPLE = epilog(
    "Example (a Google Forms export to Moodle groups):",
    "  matcher solve reponses.csv idees.csv -c forms.toml -o teams.csv",
    "  matcher export reponses.csv idees.csv teams.csv -c forms.toml \\",
    "      --to moodle --course PROJ2025 -o moodle.csv",
    "",
    "Formats:",
    *(f"  {name:<10} {f.description}" for name, f in EXPORTS.items()),
    "",
    "--identifier: email (default), id (the student id; Canvas: the SIS user_id) or",
    "username (a 'username' column). E-mails come from an 'email' column, or the id",
    "when it is an address. Exit codes: 0 written; 2 bad input (nothing written).",
)

ToOption = Annotated[
    str,
    typer.Option("--to", metavar="FORMAT",
                 help=f"Export format: {', '.join(EXPORTS)}."),
]


@app.command("export", epilog=EXAMPLE)
def export_command(
    students: StudentsArg,
    projects: ProjectsArg,
    teams: Annotated[str, typer.Argument(help="Teams file (CSV or XLSX): student_id, "
                                              "project_id.")],
    to: ToOption,
    output: Annotated[str, typer.Option("--output", "-o", metavar="FILE",
                                        help="The CSV file to write.")],
    course: CourseOption = None,
    identifier: IdentifierOption = "email",
    config: ConfigOption = None,
    sheet: SheetOption = None,
    duplicates: DuplicatesOption = None,
) -> None:
    """Export a teams file for Moodle, Canvas, a mail merge, or a French Excel.

    Checks every student the format needs (e-mail, login, first and last name) and reports
    all problems at once; nothing is written then. Never writes over an input.
    """
    from matcher.io.teams import read_teams

    try:
        fmt = to.strip().lower()
        errors = option_errors(fmt, course=course, identifier=identifier)
        bad = check_csv_name(output, "--output")
        if bad is not None:
            errors.append(bad)
        collect(errors, refuse_overwrite_input, output, [students, projects, teams, config])
        if errors:
            raise InputErrors(errors)
        inputs = load_inputs(students, projects, config=config, sheet=sheet,
                             duplicates=duplicates)
        source = student_source(students, inputs.problem, inputs.config, sheet, duplicates)
        # the output path, the teams file and the students' contacts: every problem at once
        assignment = collect(errors, read_teams, teams, inputs.problem, inputs.config)
        collect(errors, check_output_path, output, [*inputs.paths, teams], what="export")
        collect(errors, check_export, inputs.problem, fmt, source=source, course=course,
                 identifier=identifier)
        if errors or assignment is None:
            raise InputErrors(errors)
        table = export(inputs.problem, assignment, fmt, output, inputs=[*inputs.paths, teams],
                       source=source, course=course, identifier=identifier)
    except InputError as e:
        raise fail(e) from None
    except OSError as e:
        raise fail(tr("cannot write the export: {error}", error=e)) from None
    for line in table.warnings:
        echo_err(f"{tr('warning')}: {line}")
    typer.echo(tr("wrote {count} row(s) to {path} ({format})", count=len(table.rows),
                  path=output, format=fmt))
