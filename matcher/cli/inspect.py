"""``matcher inspect``: what the reader understood of the two files, before any team.

A thin shell over :func:`matcher.inspection.inspect_inputs`.
"""

from __future__ import annotations

import typer

from matcher.cli.app import app
from matcher.cli.errors import ExitCode, describe, echo_err
from matcher.cli.options import ConfigOption, ProjectsArg, SheetOption, StudentsArg, epilog
from matcher.i18n import tr
from matcher.inspection import inspect_inputs

EXAMPLE = epilog(
    "Example:",
    "  matcher inspect reponses.csv projets.xlsx -c config.toml",
    "Exit codes: 0 the files are read; 2 they hold errors (all listed).",
)


@app.command("inspect", epilog=EXAMPLE)
def inspect_command(
    students: StudentsArg,
    projects: ProjectsArg,
    config: ConfigOption = None,
    sheet: SheetOption = None,
) -> None:
    """Show how each column is read, the identities merged, the warnings and errors, and
    the config lines that would change the reading."""
    found = inspect_inputs(students, projects, config, sheet=sheet)
    file = None
    for c in found.columns:
        if c.file != file:
            file = c.file
            typer.echo(f"{file}:")
        typer.echo("  " + tr("{header!r} -> {read_as}: {count} value(s), e.g. {sample!r}",
                             header=c.header, read_as=c.read_as, count=c.values,
                             sample=c.sample))
    if found.students is not None:
        typer.echo(tr("{students} students, {projects} projects", students=found.students,
                      projects=found.projects))
    sections = ((tr("Identities merged:"), found.merged), (tr("Warnings:"), found.warnings),
                (tr("Errors:"), found.errors))
    for title, items in sections:
        if items:
            typer.echo(title)
            for item in items:
                typer.echo(f"  - {describe(item)}")
    if found.config_lines:
        typer.echo(tr("Config lines that would change the reading:"))
        for line in found.config_lines:
            typer.echo(f"  {line}")
    if found.errors:
        echo_err(tr("error") + ": " + tr("{count} problems in the input:",
                                        count=len(found.errors)))
        raise typer.Exit(int(ExitCode.BAD_INPUT))
