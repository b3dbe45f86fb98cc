"""``matcher sample``: write a realistic synthetic cohort (a thin shell over
:func:`matcher.sample.generate_cohort` and :func:`matcher.sample.write_cohort`)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.errors import echo_err, fail
from matcher.cli.options import epilog
from matcher.i18n import tr
from matcher.sample import FAMILIES, family_options, generate_cohort, write_cohort

EXAMPLE = epilog(
    "Example:",
    "  matcher sample --students 120 --projects 25 -o cohort --seed 7",
    "  matcher sample --students 300 --projects 36 -o skewed --family skewed",
    "  matcher solve cohort/students.csv cohort/projects.csv -o teams.csv",
    "",
    "Writes DIR/students.csv and DIR/projects.csv (skewed disciplines, popular ideas,",
    "proposers, some optional ideas). Same seed, same cohort.",
    "",
    "Families (--family): default; many-choices (7 ranked choices); selfless-proposers (half",
    "the proposers do not rank their own idea); big-teams (9 to 11 per team); skewed (about a",
    "fifth of the students end on an idea they did not rank); optional (a tenth of the ideas",
    "optional); mixed (all of these). Held out (shapes the engine was not tuned on):",
    "cold-mandatory (mandatory ideas nobody ranks take a tenth of the students);",
    "dominant-discipline (one discipline holds a fifth); institution-affinity (institutions",
    "tied to disciplines); wandering-proposers (half the proposers rank other ideas first);",
    "decimals (grade and hours columns with decimals); small-teams (3 to 5 per team, e.g. 200",
    "students for 60 ideas); held-out (all of these). An option given explicitly overrides",
    "the family's. --format excel-fr writes what a French Excel saves (';', decimal comma).",
)


def _share(value: float | None, option: str) -> float | None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise fail(tr("{option}: {value} is not a share between 0 and 1", option=option,
                      value=value))
    return value


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
    family: Annotated[str, typer.Option(
        "--family", metavar="NAME",
        help="Cohort family: " + ", ".join(FAMILIES) + " (see below).")] = "default",
    choices: Annotated[int | None, typer.Option(
        "--choices", metavar="K", min=0,
        help="Ranked choices per student (some rank fewer, a few none) [default: 5].")] = None,
    selfless: Annotated[float | None, typer.Option(
        "--selfless", metavar="SHARE",
        help="Share of the proposers who do not rank their own idea [default: 0].")] = None,
    min_size: Annotated[int | None, typer.Option(
        "--min-size", metavar="N", min=1,
        help="Smallest team of every idea (with --max-size) [default: from students per "
             "idea].")] = None,
    max_size: Annotated[int | None, typer.Option(
        "--max-size", metavar="N", min=1,
        help="Largest team of every idea (with --min-size).")] = None,
    skew: Annotated[float | None, typer.Option(
        "--skew", metavar="A", min=0.0,
        help="Popularity exponent: idea of popularity rank r weighs r^-A; 0 = all equal, "
             "larger = wishes on fewer ideas [default: 0.7].")] = None,
    optional_share: Annotated[float | None, typer.Option(
        "--optional-share", metavar="SHARE",
        help="Share of the ideas that may stay closed [default: 1/3].")] = None,
    file_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT",
        help="csv (',' delimiter, decimal point) or excel-fr (UTF-8 with BOM, ';' delimiter, "
             "decimal comma).")] = "csv",
    force: Annotated[bool, typer.Option("--force", help="Replace existing students.csv and "
                                                        "projects.csv in DIR.")] = False,
) -> None:
    """Write a realistic synthetic cohort: students.csv and projects.csv in DIR."""
    try:
        options = family_options(family)
    except ValueError as e:
        raise fail(str(e)) from None
    if file_format not in ("csv", "excel-fr"):
        raise fail(tr("--format: {value!r} is neither csv nor excel-fr", value=file_format))
    if (min_size is None) != (max_size is None):
        raise fail(tr("--min-size and --max-size go together"))
    if min_size is not None and max_size is not None:
        if min_size > max_size:
            raise fail(tr("--min-size {low} is larger than --max-size {high}", low=min_size,
                          high=max_size))
        options["team_size"] = (min_size, max_size)
    for key, value in (("n_choices", choices),
                       ("selfless_share", _share(selfless, "--selfless")),
                       ("popularity_exponent", skew),
                       ("optional_share", _share(optional_share, "--optional-share"))):
        if value is not None:
            options[key] = value
    if os.path.exists(output) and not os.path.isdir(output):
        raise fail(tr("{path}: exists and is not a directory", path=output))
    existing = [name for name in ("students.csv", "projects.csv")
                if os.path.exists(os.path.join(output, name))]
    if existing and not force:
        raise fail(tr("{path} already exists; pass --force to replace it, or choose another "
                      "directory", path=os.path.join(output, existing[0])))
    try:
        cohort = generate_cohort(students, projects, seed=seed, **options)  # type: ignore[arg-type]
    except ValueError as e:
        raise fail(str(e)) from None
    try:
        s_path, p_path = write_cohort(*cohort, output, excel_fr=file_format == "excel-fr")
    except OSError as e:
        raise fail(tr("cannot write in {path}: {error}", path=output, error=e)) from None
    echo_err(tr("Wrote {students_path} ({students} students) and {projects_path} "
                "({projects} ideas).", students_path=s_path, students=students,
                projects_path=p_path, projects=projects))
    echo_err(tr("Next: matcher solve {students_path} {projects_path} -o teams.csv",
                students_path=s_path, projects_path=p_path))
