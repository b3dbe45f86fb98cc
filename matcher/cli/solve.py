"""``matcher solve``: read the cohort and the ideas, form the teams, write them.

A thin shell over :func:`matcher.read_problem` and :func:`matcher.solve`. The steps are
separate functions (:func:`prepare`, :func:`report_failure`, :func:`write_outputs`,
:func:`print_report`) so that a new flag touches one of them.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from matcher.cli.app import app
from matcher.cli.common import (
    ConfigOption,
    DuplicatesOption,
    ExitCode,
    Inputs,
    ProjectsArg,
    QuietOption,
    SeedOption,
    SheetOption,
    SolverOptions,
    StudentsArg,
    SummaryOption,
    TimeLimitOption,
    WeightOption,
    WorkersOption,
    check_output_path,
    echo_err,
    epilog,
    fail,
    load_inputs,
    make_console,
    progress_wanted,
    run_solve,
    solver_options,
)
from matcher.cli.explain import (
    LockOption,
    PreviousOption,
    ReportOption,
    low_placement_reasons,
    print_diagnosis,
    print_low_placements,
    write_html_report,
)
from matcher.cli.export_plan import (
    CourseOption,
    ExportOption,
    IdentifierOption,
    plan_exports,
    write_exports,
)
from matcher.cli.output import print_figures, print_teams, result_summary, write_json, write_teams
from matcher.errors import InputError
from matcher.result import Result, Status

EXAMPLE = epilog(
    "Example:",
    "  matcher solve data/samples/students.csv data/samples/projects.csv -o teams.csv",
    "  matcher solve students.xlsx projects.xlsx -o teams.xlsx --summary summary.json \\",
    "      --config rules.toml --weight discipline=20 --time-limit 120",
    "",
    "Exit codes: 0 teams written; 1 no formation satisfies the rules (reasons printed);",
    "2 bad input or usage; 3 time limit reached before any formation was found.",
    "On 1, 2 and 3 no output file is created or touched.",
)


def prepare(students: str, projects: str, outputs: list[str], *, config: str | None,
            weights: list[str] | None, sheet: str | None, time_limit: float | None,
            workers: int | None, seed: int | None,
            duplicates: str | None = None) -> tuple[Inputs, SolverOptions]:
    """Read every input and check every output path, before any search.

    Raises
    ------
    InputError
        Anything wrong with the inputs, the flags or an output path.
    """
    inputs = load_inputs(students, projects, config=config, weights=weights, sheet=sheet,
                         duplicates=duplicates)
    options = solver_options(inputs.config, time_limit, workers, seed)
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
    """Explain a result without teams on stderr; return its exit code."""
    if result.status is Status.INFEASIBLE:
        echo_err("No formation satisfies the rules:")
        for reason in result.reasons or ["CP-SAT proved it, without a simpler reason"]:
            echo_err(f"  - {reason}")
        echo_err("Nothing was written. Relax a rule (team sizes, optional ideas, [rules]) "
                 "and run again.")
        return ExitCode.INFEASIBLE
    if interrupted:
        echo_err("Stopped by Ctrl-C before any formation was found; nothing was written.")
    else:
        echo_err(f"The time limit ({options.time_limit:g} s) ended before any formation was "
                 "found; nothing was written. Try a longer --time-limit.")
    return ExitCode.NO_SOLUTION


def write_outputs(result: Result, inputs: Inputs, output: str, summary: str | None,
                  extra: dict | None = None) -> None:
    """Write the teams file, then the summary (each atomically); ``extra`` adds entries to the
    summary (low placements with their reasons, moves)."""
    write_teams(output, inputs.problem, result)
    if summary:
        write_json(summary, {**result_summary(inputs.problem, result), **(extra or {})})


def print_report(console: Console, result: Result, inputs: Inputs) -> None:
    """The table of teams and the headline figures, on stdout."""
    print_teams(console, inputs.problem, result.assignment)
    console.print()
    print_figures(console, inputs.problem, result.assignment, result)


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
) -> None:
    """Form the teams and write them, then print the teams and the headline figures.

    Maximises the weighted objective (preferences, distinct disciplines and institutions per
    team by default) under every hard rule, within the time limit. Ctrl-C stops the search
    and writes the best teams found so far.
    """
    outputs = [output] + ([summary] if summary else []) + ([report] if report else [])
    try:
        inputs, options = prepare(students, projects, outputs, config=config, weights=weight,
                                  sheet=sheet, time_limit=time_limit, workers=workers,
                                  seed=seed, duplicates=duplicates)
        inputs, hint = _rematch_inputs(inputs, previous, lock)
        exports = plan_exports(export, inputs, students, sheet, outputs, course=course,
                               identifier=identifier, duplicates=duplicates)
    except InputError as e:
        raise fail(e) from None
    console = make_console()
    run = run_solve(inputs.problem, weights=inputs.weights, options=options,
                    show_progress=progress_wanted(quiet), console=console, hint=hint)
    result = run.result
    if not result.has_solution:
        code = report_failure(result, options, run.interrupted_by_user)
        if result.status is Status.INFEASIBLE:
            print_diagnosis(inputs.problem, time_limit=options.time_limit,
                            workers=options.workers)
        raise typer.Exit(int(code))
    moved = _moves(inputs, result, options) if inputs.problem.previous else []
    low = []
    if (summary or not quiet) and not result.interrupted:
        # after Ctrl-C, no further searches: the user is waiting
        low = low_placement_reasons(inputs.problem, result.assignment, weights=inputs.weights,
                                    time_limit=options.time_limit, workers=options.workers)
    extra = {"low_placements": low,
             "moves": [m.model_dump() for m in moved] if inputs.problem.previous else None}
    try:
        write_outputs(result, inputs, output, summary,
                      {k: v for k, v in extra.items() if v is not None})
        write_exports(exports, inputs, result.assignment)
    except (InputError, OSError) as e:
        raise fail(e if isinstance(e, InputError) else f"cannot write the output: {e}") from None
    if report:
        try:
            write_html_report(report, inputs.problem, result.assignment, weights=inputs.weights,
                              workers=options.workers, status=result.status.value,
                              moves=moved)
        except (InputError, OSError) as e:
            raise fail(e if isinstance(e, InputError) else f"cannot write: {e}") from None
    if not quiet:
        print_report(console, result, inputs)
        print_low_placements(console, low)
        if inputs.problem.previous:
            console.print()
            console.print(f"Moved since the previous formation: {len(moved)}", highlight=False)
            for m in moved:
                console.print(f"  {m.student} {m.before} -> {m.after or 'no team'}: {m.reason}",
                              highlight=False, markup=False)
    if result.interrupted:
        proof = ("proven optimal" if result.status is Status.OPTIMAL
                 else f"not proven optimal, gap {result.gap:.1%}")
        echo_err(f"Interrupted: wrote the best teams found so far to {output} ({proof}).")


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


def _moves(inputs: Inputs, result: Result, options: SolverOptions) -> list:
    """Who moved since the previous formation, and why."""
    from matcher.rematch import moves

    return moves(inputs.problem, result.assignment, weights=inputs.weights,
                 time_limit=min(options.time_limit, 5.0), workers=options.workers)
