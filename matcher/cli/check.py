"""``matcher check``: verify a teams file made by anyone, list every rule it breaks, score it.

A thin shell over :func:`matcher.io.teams.read_teams`, :func:`matcher.check` and
:func:`matcher.score`; ``--report`` adds the explanations within ``--time-limit``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from matcher.check import check, objective, score
from matcher.cli.after_teams import write_report_within
from matcher.cli.app import app
from matcher.cli.bounded import sigint_as_event
from matcher.cli.clock import CommandClock, write_reserve
from matcher.cli.errors import ExitCode, echo_err, fail
from matcher.cli.inputs import check_output_path, load_inputs
from matcher.cli.options import (
    ConfigOption,
    DuplicatesOption,
    ProjectsArg,
    ReportOption,
    SheetOption,
    ShowTeamsOption,
    StudentsArg,
    SummaryOption,
    TimeLimitOption,
    WeightOption,
    WorkersOption,
    epilog,
    solver_options,
)
from matcher.cli.output import SHOW_TEAMS, print_figures, print_scores, print_teams
from matcher.cli.progress import make_console
from matcher.errors import InputError
from matcher.i18n import tr
from matcher.io.teams import read_teams
from matcher.io.write import write_json
from matcher.summary import check_summary

EXAMPLE = epilog(
    "Example:",
    "  matcher solve data/samples/students.csv data/samples/projects.csv -o teams.csv",
    "  matcher check data/samples/students.csv data/samples/projects.csv teams.csv",
    "",
    "TEAMS is a CSV or XLSX file (first sheet) with columns student_id and project_id",
    "(aliases: id, student, etudiant / project, projet, team, equipe, group).",
    "Exit codes: 0 the teams break no rule; 1 they break at least one (each is listed);",
    "2 bad input or usage.",
)


@app.command("check", epilog=EXAMPLE)
def check_command(
    students: StudentsArg,
    projects: ProjectsArg,
    teams: Annotated[str, typer.Argument(help="Teams to verify (CSV or XLSX): student_id, "
                                              "project_id.")],
    config: ConfigOption = None,
    summary: SummaryOption = None,
    weight: WeightOption = None,
    sheet: SheetOption = None,
    duplicates: DuplicatesOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="Print only the broken rules (on stderr).")
                     ] = False,
    report: ReportOption = None,
    time_limit: TimeLimitOption = None,
    workers: WorkersOption = None,
    show_teams: ShowTeamsOption = "auto",
) -> None:
    """Verify a teams file made by anyone: list every rule it breaks and print its scores.

    Uses the same rules and weights as solve (from --config and --weight), without any
    solver. --time-limit is the command's wall clock; it bounds the explanations of the
    --report (the checks themselves take no search).
    """
    try:
        if show_teams not in SHOW_TEAMS:
            raise InputError(tr("expected one of {values}", values=", ".join(SHOW_TEAMS)),
                             column="--show-teams", value=show_teams)
        inputs = load_inputs(students, projects, config=config, weights=weight, sheet=sheet,
                             duplicates=duplicates, notes=not quiet)
        options = solver_options(inputs.config, time_limit, workers, None)
        budget = CommandClock.of(options.time_limit)
        assignment = read_teams(teams, inputs.problem, inputs.config)
        if summary:
            check_output_path(summary, [*inputs.paths, teams], what="summary")
        if report:
            check_output_path(report, [*inputs.paths, teams], what="report")
    except InputError as e:
        raise fail(e) from None
    problem = inputs.problem
    violations = check(problem, assignment)
    terms = score(problem, assignment, inputs.weights)
    total = objective(problem, assignment, inputs.weights)
    weights = inputs.effective_weights
    if summary:
        try:
            write_json(summary, check_summary(problem, assignment, violations, weights, terms,
                                              total))
        except (InputError, OSError) as e:
            raise fail(e if isinstance(e, InputError)
                       else tr("cannot write: {error}", error=e)) from None
    console = make_console()
    if not quiet:
        print_teams(console, problem, assignment, show_teams)
        console.print()
        print_figures(console, problem, assignment)
        console.print()
        print_scores(console, weights, terms, total)
    code = ExitCode.OK
    if report:
        written = [p for p in (summary,) if p]

        def kept(what: str) -> str:
            return (tr("{what}: {files} written and kept.", what=what, files=", ".join(written))
                    if written else what)

        until = budget.deadline - write_reserve(len(problem.students))
        with sigint_as_event() as stop:
            code = write_report_within(report, problem, assignment, weights=inputs.weights,
                                       workers=options.workers, until=until, status=None,
                                       moves=(), notes=[tr("checked: {teams}", teams=teams)],
                                       console=console, quiet=quiet, kept=kept,
                                       explain_time=budget.left(), stop=stop)
    if violations:
        echo_err(tr("The teams break {count} rule(s):", count=len(violations)))
        for v in violations:
            echo_err(f"  - {v}")
        raise typer.Exit(int(ExitCode.INFEASIBLE))
    if not quiet:
        console.print(tr("OK: the teams in {teams} break none of the rules.", teams=teams),
                      highlight=False, markup=False)
    raise typer.Exit(int(code))
