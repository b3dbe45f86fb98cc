"""``matcher sample``: write a realistic synthetic cohort (a thin shell over
:func:`matcher.sample.generate_cohort` and :func:`matcher.sample.write_cohort`)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.common import echo_err, epilog, fail
from matcher.i18n import tr
from matcher.sample import generate_cohort, write_cohort

EXAMPLE = epilog(
    "Example:",
    "  matcher sample --students 120 --projects 25 -o cohort --seed 7",
    "  matcher solve cohort/students.csv cohort/projects.csv -o teams.csv",
    "",
    "Writes DIR/students.csv and DIR/projects.csv (skewed disciplines, popular ideas,",
    "proposers, some optional ideas). Same seed, same cohort.",
)


@app.command("sample", epilog=EXAMPLE)
def sample_command(
    output: Annotated[str, typer.Option("--output", "-o", metavar="DIR",
                                        help="Directory to write students.csv and "
                                             "projects.csv in (created if missing).")],
    students: Annotated[int, typer.Option("--students", metavar="N", min=2,
                                          help="Number of students.")] = 40,
    projects: Annotated[int, typer.Option("--projects", metavar="M", min=1,
                                          help="Number of project ideas.")] = 10,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help="Random seed.")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Replace existing students.csv and "
                                                        "projects.csv in DIR.")] = False,
) -> None:
    """Write a realistic synthetic cohort: students.csv and projects.csv in DIR."""
    if os.path.exists(output) and not os.path.isdir(output):
        raise fail(tr("{path}: exists and is not a directory", path=output))
    existing = [name for name in ("students.csv", "projects.csv")
                if os.path.exists(os.path.join(output, name))]
    if existing and not force:
        raise fail(tr("{path} already exists; pass --force to replace it, or choose another "
                      "directory", path=os.path.join(output, existing[0])))
    try:
        cohort = generate_cohort(students, projects, seed=seed)
    except ValueError as e:
        raise fail(str(e)) from None
    try:
        s_path, p_path = write_cohort(*cohort, output)
    except OSError as e:
        raise fail(tr("cannot write in {path}: {error}", path=output, error=e)) from None
    echo_err(tr("Wrote {students_path} ({students} students) and {projects_path} "
                "({projects} ideas).", students_path=s_path, students=students,
                projects_path=p_path, projects=projects))
    echo_err(tr("Next: matcher solve {students_path} {projects_path} -o teams.csv",
                students_path=s_path, projects_path=p_path))
