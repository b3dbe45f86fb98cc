"""``matcher explain``: why a student is on their team, and why not on the ones they preferred.

A thin shell over :func:`matcher.explain.within.explain_within` (:func:`matcher.explain.explain`
by a deadline), run in a child process bounded by what is left of ``--time-limit``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.errors import echo_err, fail
from matcher.cli.inputs import load_inputs
from matcher.cli.options import (
    ConfigOption,
    DuplicatesOption,
    ProjectsArg,
    SheetOption,
    StudentsArg,
    TimeLimitOption,
    WeightOption,
    WorkersOption,
    epilog,
    solver_options,
)
from matcher.cli.progress import make_console
from matcher.errors import InputError
from matcher.i18n import tr

EXAMPLE = epilog(
    "Example:",
    "  matcher solve data/samples/students.csv data/samples/projects.csv -o teams.csv",
    "  matcher explain data/samples/students.csv data/samples/projects.csv teams.csv "
    "--student S005",
    "",
    "For every project the student ranked above the one they got, says why not: it stayed",
    "closed (and why), a rule forbids it (named with its records), or what it costs: the",
    "best single move or swap, then a few teams re-solved exactly with the student there",
    "(the whole cohort when it has at most 300 students). --time-limit is the command's",
    "wall clock: reading the files included.",
    "Exit codes: 0 explained; 2 bad input or unknown student; 3 the time limit ended first.",
)


@app.command("explain", epilog=EXAMPLE)
def explain_command(
    students: StudentsArg,
    projects: ProjectsArg,
    teams: Annotated[str, typer.Argument(help="Teams file (CSV or XLSX): student_id, "
                                              "project_id.")],
    student: Annotated[str, typer.Option("--student", "-s", metavar="ID",
                                         help="The student to explain.")],
    config: ConfigOption = None,
    weight: WeightOption = None,
    time_limit: TimeLimitOption = None,
    workers: WorkersOption = None,
    sheet: SheetOption = None,
    duplicates: DuplicatesOption = None,
) -> None:
    """Explain one student's placement: the rank obtained and, for each project ranked
    higher, why not (closed, or the cost in objective points of moving them there)."""
    from matcher.io.teams import read_teams

    try:
        inputs = load_inputs(students, projects, config=config, weights=weight, sheet=sheet,
                             duplicates=duplicates)
        assignment = read_teams(teams, inputs.problem, inputs.config)
        if student not in inputs.problem.student_index:
            raise InputError(f"unknown student {student!r}", column="--student",
                             value=student)
    except InputError as e:
        raise fail(e) from None
    e = _explain_in_time(inputs, assignment, student, time_limit, workers)
    make_console().print(e.text(), highlight=False, markup=False)
    if any(a.kind == "exchange" or (a.kind == "neighbourhood" and not a.proven)
           for a in e.alternatives):
        echo_err(tr("Some costs are not proven optimal within the time limit: try a longer "
                    "--time-limit."))


def _explain_in_time(inputs, assignment, student: str, time_limit: float | None,  # noqa: ANN001
                     workers: int | None):  # noqa: ANN202
    """:func:`matcher.explain.explain` within what the reading left of ``--time-limit`` (the
    command's wall clock), in a bounded child process; exit 3 when it does not fit."""
    from matcher.cli.after_teams import bounded
    from matcher.cli.bounded import Outcome
    from matcher.cli.clock import MIN_SEARCH, CommandClock
    from matcher.cli.errors import ExitCode
    from matcher.cli.progress import progress_wanted
    from matcher.explain.within import explain_within
    from matcher.i18n import tr

    options = solver_options(inputs.config, time_limit, workers, None)
    budget = CommandClock.of(options.time_limit)
    seconds = budget.left() - WRITE_RESERVE
    if seconds <= MIN_SEARCH:
        echo_err(tr("The time limit ({limit:g} s) was spent reading the inputs; give a longer "
                    "--time-limit.", limit=options.time_limit))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    outcome = bounded(lambda s: explain_within(inputs.problem, assignment, student,
                                               weights=inputs.weights,
                                               workers=options.workers, seconds=s * 0.8),
                      seconds=seconds, label=tr("explaining {student}", student=student),
                      console=make_console(), quiet=not progress_wanted(False))
    if outcome.outcome is Outcome.DONE:
        return outcome.value
    if outcome.outcome is Outcome.INTERRUPTED:
        echo_err(tr("Interrupted."))
        raise typer.Exit(130)
    if outcome.outcome is Outcome.TIME:
        echo_err(tr("The time limit ({limit:g} s) ended before {student} was explained; give "
                    "a longer --time-limit.", limit=options.time_limit, student=student))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    raise outcome.error or RuntimeError("?")


#: Seconds kept, out of ``--time-limit``, to print the explanation.
WRITE_RESERVE: float = 0.3
