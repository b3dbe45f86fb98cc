"""``matcher solve``: read the cohort and the ideas, form the teams, write them.

A thin shell over :func:`matcher.read_problem` and :func:`matcher.solve`. The steps are
separate functions (:func:`prepare`, :func:`report_failure`, :func:`report_infeasible`,
:func:`print_report`, and :class:`~matcher.cli.after_teams.AfterTeams` for the writing and
the explanations) so that a new flag touches one of them. ``--time-limit`` is split by
:func:`matcher.cli.clock.plan_time`.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from typing import Annotated

import typer
from rich.console import Console

from matcher.cli import clock
from matcher.cli.after_teams import AfterTeams
from matcher.cli.app import app
from matcher.cli.clock import MIN_SEARCH, plan_time
from matcher.cli.errors import ExitCode, echo_err, fail
from matcher.cli.export_plan import (
    CourseOption,
    ExportOption,
    IdentifierOption,
    plan_exports,
    write_exports,
)
from matcher.cli.inputs import Inputs, check_output_path, load_inputs
from matcher.cli.options import (
    ChoicesFirstOption,
    ConfigOption,
    DuplicatesOption,
    LockOption,
    PreviousOption,
    ProjectsArg,
    QuietOption,
    ReportOption,
    SeedOption,
    SheetOption,
    ShowTeamsOption,
    SolverOptions,
    StudentsArg,
    SummaryOption,
    TimeLimitOption,
    WeightOption,
    WorkersOption,
    epilog,
    solver_options,
)
from matcher.cli.output import SHOW_TEAMS, print_figures, print_teams
from matcher.cli.progress import make_console, progress_wanted, run_solve
from matcher.errors import InputError
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.report.tables import is_xlsx
from matcher.result import Result, Status

EXAMPLE = epilog(
    "Example:",
    "  matcher solve data/samples/students.csv data/samples/projects.csv -o teams.csv",
    "  matcher solve students.xlsx projects.xlsx -o teams.xlsx --summary summary.json \\",
    "      --config rules.toml --weight discipline=20 --time-limit 120",
    "",
    "--time-limit is the wall clock of the whole command (reading, search, writing,",
    "explanations). The teams and the summary are written as soon as the search ends;",
    "the low placements' reasons (rewritten into the summary) and the report follow, within",
    "--explain-time (default 10% of the limit, at least 3 s, at most half) plus whatever",
    "the search left unused.",
    "",
    "Exit codes: 0 teams written; 1 no formation satisfies the rules (reasons printed);",
    "2 bad input or usage; 3 time limit reached before any formation was found (or too",
    "short to start the search); 4 teams and summary written, but Ctrl-C, an error or a lack",
    "of memory stopped the explanations or the report. On 1, 2 and 3 no output file is",
    "created or touched.",
)


def prepare(students: str, projects: str, outputs: list[str], *, config: str | None,
            weights: list[str] | None, sheet: str | None, time_limit: float | None,
            workers: int | None, seed: int | None,
            duplicates: str | None = None, notes: bool = True,
            choices_first: bool | None = None) -> tuple[Inputs, SolverOptions]:
    """Read every input and check every output path, before any search.

    Raises
    ------
    InputError
        Anything wrong with the inputs, the flags or an output path.
    """
    inputs = load_inputs(students, projects, config=config, weights=weights, sheet=sheet,
                         duplicates=duplicates, notes=notes)
    options = solver_options(inputs.config, time_limit, workers, seed, choices_first)
    if os.path.splitext(outputs[0])[1].lower() in (".xls", ".xlsm", ".ods"):
        raise InputError("cannot write this format", file=outputs[0],
                         hint="use a name ending in .xlsx for a workbook, or .csv")
    seen: set[str] = set()
    for path in outputs:
        real = os.path.realpath(path)
        if real in seen:
            raise InputError("the same path is given for two outputs", file=path,
                             hint="give --output and --summary different names")
        seen.add(real)
        check_output_path(path, inputs.paths)
    return inputs, options


def report_failure(result: Result, options: SolverOptions, interrupted: bool) -> ExitCode:
    """Explain a result without teams (other than "no formation exists", see
    :func:`report_infeasible`) on stderr; return its exit code."""
    if interrupted:
        echo_err(tr("Stopped by Ctrl-C before any formation was found; nothing was written."))
    else:
        echo_err(tr("The time limit ({limit:g} s) ended before any formation was found; "
                    "nothing was written. Try a longer --time-limit.",
                    limit=options.time_limit))
        for reason in result.reasons:
            echo_err(f"  - {reason}")
    return ExitCode.NO_SOLUTION


def report_infeasible(problem: Problem, result: Result, *, seconds: float,
                      workers: int) -> ExitCode:
    """No formation satisfies the rules: say why on stderr, the arithmetic first (team sizes
    that cannot add up to the cohort...), then the smallest set of rules in conflict and the
    relaxations, found by :func:`matcher.diagnose.diagnose` within ``seconds``."""
    from matcher.diagnose import diagnose, totals_reason

    echo_err(tr("No formation satisfies the rules:"))
    arithmetic = [r for r in [totals_reason(problem), *result.reasons] if r]
    for reason in dict.fromkeys(arithmetic):
        echo_err(f"  - {reason}")
    d = diagnose(problem, time_limit=max(0.5, seconds), workers=workers)
    if d.conflict:
        echo_err(tr("Smallest set of rules in conflict:") if d.minimal
                 else tr("Set of rules in conflict found in time (maybe not minimal):"))
        for c in d.conflict:
            echo_err(f"  - {c}")
    elif not arithmetic:
        echo_err("  - " + tr("CP-SAT proved it, without a simpler reason"))
    if d.suggestions:
        echo_err(tr("Relaxations (each checked by solving):"))
        marks = {True: tr("restores a formation"), False: tr("not enough on its own"),
                 None: tr("not checked (time limit)")}
        for sgg in d.suggestions:
            echo_err(f"  - {sgg.text}: {marks[sgg.verified]}")
    echo_err(tr("Nothing was written. Relax a rule (team sizes, optional ideas, [rules]) "
                "and run again."))
    return ExitCode.INFEASIBLE


def print_report(console: Console, result: Result, inputs: Inputs, show_teams: str) -> None:
    """The teams (see :func:`~matcher.cli.output.print_teams`) and the headline figures."""
    print_teams(console, inputs.problem, result.assignment, show_teams)
    console.print()
    print_figures(console, inputs.problem, result.assignment, result)


#: Seconds past its time limit after which the search is told to stop (as by Ctrl-C).
STOP_GRACE: float = 0.5

ExplainTimeOption = Annotated[
    float | None,
    typer.Option("--explain-time", metavar="SECONDS", min=0.0,
                 help="Part of --time-limit kept for the explanations and the report, after "
                      "the teams are written; they also get the time the search left unused "
                      "(default: 10% of the limit, at least 3 s, at most half). 0 skips the "
                      "explanations."),
]


@app.command("solve", epilog=EXAMPLE)
def solve_command(
    students: StudentsArg,
    projects: ProjectsArg,
    output: Annotated[str, typer.Option("--output", "-o", metavar="TEAMS",
                                        help="Teams file to write: .csv, or .xlsx for a "
                                             "workbook (sheets Teams, Students, Summary, "
                                             "Projects).")],
    summary: SummaryOption = None,
    config: ConfigOption = None,
    weight: WeightOption = None,
    time_limit: TimeLimitOption = None,
    workers: WorkersOption = None,
    seed: SeedOption = None,
    sheet: SheetOption = None,
    duplicates: DuplicatesOption = None,
    quiet: QuietOption = False,
    report: ReportOption = None,
    previous: PreviousOption = None,
    lock: LockOption = None,
    export: ExportOption = None,
    course: CourseOption = None,
    identifier: IdentifierOption = "email",
    explain_time: ExplainTimeOption = None,
    show_teams: ShowTeamsOption = "auto",
    choices_first: ChoicesFirstOption = None,
) -> None:
    """Form the teams and write them, then print the teams and the headline figures.

    First places as few students as possible on an idea they did not rank (a proven minimum),
    then maximises the weighted objective (preferences, distinct disciplines and institutions
    per team by default) under that and every hard rule (--no-choices-first: the weighted
    objective alone). --time-limit is the command's wall clock: reading,
    search, writing and explanations all fit in it. The teams and the summary are written as
    soon as the search ends; the explanations and the report follow, within --explain-time.
    Ctrl-C stops the search and writes the best teams found so far; during the explanations,
    it keeps what was written.
    """
    outputs = [output] + ([summary] if summary else []) + ([report] if report else [])
    try:
        if show_teams not in SHOW_TEAMS:
            raise InputError(tr("expected one of {values}", values=", ".join(SHOW_TEAMS)),
                             column="--show-teams", value=show_teams)
        inputs, options = prepare(students, projects, outputs, config=config, weights=weight,
                                  sheet=sheet, time_limit=time_limit, workers=workers,
                                  seed=seed, duplicates=duplicates, notes=not quiet,
                                  choices_first=choices_first)
        inputs, hint = _rematch_inputs(inputs, previous, lock)
        exports = plan_exports(export, inputs, students, sheet, outputs, course=course,
                               identifier=identifier, duplicates=duplicates)
        plan = plan_time(options.time_limit, len(inputs.problem.students),
                         xlsx=is_xlsx(output), files=(2 if summary else 1) + len(exports.targets),
                         explain_time=explain_time, explain=bool(summary or report or not quiet))
    except InputError as e:
        raise fail(e) from None
    if plan.search <= MIN_SEARCH:
        echo_err(tr("The time limit ({limit:g} s) was spent before the search could start "
                    "(reading the inputs took {read:.1f} s); nothing was written. Give a "
                    "longer --time-limit.", limit=options.time_limit, read=plan.clock.spent()))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    console = make_console()
    search = dataclasses.replace(options, time_limit=plan.search)
    run = run_solve(inputs.problem, weights=inputs.weights, options=search,
                    show_progress=progress_wanted(quiet), console=console, hint=hint,
                    deadline=time.monotonic() + plan.search + STOP_GRACE)
    result = run.result
    if result.interrupted and not run.interrupted_by_user:  # stopped at the wall clock
        result = result.model_copy(update={"interrupted": False})
    if result.status is Status.INFEASIBLE:
        seconds = max(plan.clock.left() - 0.5, plan.explain)
        raise typer.Exit(int(report_infeasible(inputs.problem, result, seconds=seconds,
                                               workers=options.workers)))
    if not result.has_solution:
        raise typer.Exit(int(report_failure(result, options, run.interrupted_by_user)))
    after = AfterTeams(inputs=inputs, result=result, options=options, plan=plan,
                       output=output, summary=summary, report=report, quiet=quiet,
                       console=console)
    try:
        after.write_teams_and_summary()
        write_exports(exports, inputs, result.assignment)
    except (InputError, OSError) as e:
        raise fail(e if isinstance(e, InputError) else
                   tr("cannot write the output: {error}", error=e)) from None
    if not quiet:
        print_report(console, result, inputs, show_teams)
    for warning in result.warnings:  # an inconsistency the search undid: teams still valid
        echo_err(tr("warning: {warning}", warning=warning))
    if result.interrupted:
        proof = (tr("proven optimal") if result.status is Status.OPTIMAL
                 else tr("not proven optimal, gap {gap:.1%}", gap=result.gap or 0.0))
        echo_err(tr("Interrupted: wrote the best teams found so far to {output} ({proof}).",
                    output=output, proof=proof))
    code = ExitCode.OK if result.interrupted else after.explain_and_report()
    if not quiet:
        after.print_explanations()
    if clock.from_process():
        # an abandoned explanation may still run in native code, and the interpreter's
        # teardown (ortools, HiGHS, pandas) took 0.8-1.9 s under load: every output is
        # written and closed, so end without either
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(code))
    raise typer.Exit(int(code))


def _rematch_inputs(inputs: Inputs, previous: str | None, lock: str | None
                    ) -> tuple[Inputs, dict[str, str | None] | None]:
    """Apply ``--previous`` and ``--lock``; the previous formation is also the warm start."""
    if not previous and not lock:
        return inputs, None
    import dataclasses

    from matcher.rematch import read_formation, with_previous

    before = read_formation(previous) if previous else None
    locked: dict[str, str] = {}
    if lock:
        f = read_formation(lock)
        ids = f.locked if f.has_locked_column else list(f.placements)
        locked = {sid: f.placements[sid] for sid in ids}
    problem = with_previous(inputs.problem, before.placements if before else None, locked)
    paths = inputs.paths + tuple(p for p in (previous, lock) if p)
    hint = dict(before.placements) if before else None
    return dataclasses.replace(inputs, problem=problem, paths=paths), hint
