"""``matcher sweep``: solve every combination of weights on a grid, one CSV row per point.

A thin shell over :func:`matcher.sweep.sweep`.
"""

from __future__ import annotations

import math
import os
from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.clock import MIN_SEARCH, CommandClock, write_reserve
from matcher.cli.errors import ExitCode, echo_err, fail
from matcher.cli.inputs import check_output_path, load_inputs
from matcher.cli.options import (
    ConfigOption,
    DuplicatesOption,
    ProjectsArg,
    SeedOption,
    SheetOption,
    StudentsArg,
    WeightOption,
    epilog,
)
from matcher.errors import InputError, MatcherError
from matcher.i18n import tr
from matcher.io.write import write_csv
from matcher.sweep import columns, grid_points, parse_grid, sweep

EXAMPLE = epilog(
    "Example:",
    "  matcher sweep students.csv projects.csv --grid preference=1,2,4 \\",
    "      --grid discipline=0,5,10 -o sweep.csv --time-limit 30",
    "  matcher sweep students.csv projects.csv --grid pairwise=0,1 -o sweep.csv \\",
    "      --scheduler tcp://scheduler-host:8786",
    "",
    "One row per point: weight_<term> for every weight, status, objective, best_bound, gap,",
    "<term> (raw value) for every term, share_first_choice, mean_rank, mean_disciplines,",
    "mean_institutions, mean_blau, seed, workers, time_limit_s, versions, config (JSON),",
    "problem_sha256 and wall_time_s. With --workers 1 (the default) a rerun gives the same",
    "rows, wall_time_s aside, for every point solved within its time limit.",
    "",
    "--time-limit is the whole command's wall clock: each point gets 80% of an equal share",
    "of the limit less 6 s for the start, whatever --jobs (so that reruns match; more jobs",
    "end sooner), less if the reading took longer; it is in each row (time_limit_s).",
    "",
    "Exit codes: 0 written; 2 bad input, usage, or an unreachable scheduler; 3 the time",
    "limit is too short for the points.",
)


#: Seconds to start a pool of local processes (each imports matcher and receives the problem).
POOL_START: float = 3.0
#: Share of a point's slot given to its search (model building comes on top of a solve's
#: limit, and the points of a round end together only on average).
POINT_SHARE: float = 0.8


#: Seconds assumed for the start of the process and the reading, in a point's nominal limit.
START_RESERVE: float = 3.0


def point_time(budget: CommandClock, n_points: int, workers: int, jobs: int | None,
               scheduler: str | None, n_students: int) -> float:
    """Each point's time limit: the limit, less the start and reading
    (:data:`START_RESERVE`), a pool's start and the writing, divided among the points, times
    :data:`POINT_SHARE`, rounded down to a tenth of a second: the same on every rerun and
    whatever ``jobs``, so that the rows are too (points solved at once end the command
    sooner). Less when the reading took longer than assumed, for the rounds of points solved
    at once (``jobs``; with a Dask scheduler, ``jobs`` if given, else one at a time)."""
    if scheduler:
        at_once = jobs or 1
    else:
        at_once = jobs or max(1, (os.cpu_count() or 1) // max(1, workers))
    at_once = max(1, min(at_once, n_points))
    start = POOL_START if at_once > 1 or scheduler else 0.0
    rounds = max(1, math.ceil(n_points / at_once))
    write = write_reserve(n_students)
    nominal = POINT_SHARE * (budget.limit - START_RESERVE - POOL_START - write) / n_points
    actual = POINT_SHARE * (budget.left() - start - write) / rounds
    return math.floor(10 * min(nominal, actual)) / 10


@app.command("sweep", epilog=EXAMPLE)
def sweep_command(
    students: StudentsArg,
    projects: ProjectsArg,
    grid: Annotated[list[str], typer.Option(
        "--grid", "-g", metavar="NAME=V1,V2,...",
        help="Weights to try for one term (repeatable); every combination is solved.")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="SWEEP.csv",
                                        help="CSV file to write, one row per point.")],
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", metavar="N", min=1,
        help="Points solved at once in local processes (default: cores / workers).")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="ADDRESS",
        help="Run the points on a Dask distributed cluster, e.g. tcp://HOST:8786 (its "
             "workers need matcher installed; needs pip install 'matcher-teams[dask]').")] = None,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", "-t", metavar="SECONDS", min=0.001,
        help="Wall clock of the whole command (default: [solver] time_limit, else 60), "
             "shared equally among the points: each gets its share of what the reading "
             "leaves, times the points solved at once.")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", metavar="N", min=1,
        help="CP-SAT workers per point (default: [solver] workers, else 1: deterministic)."
    )] = None,
    seed: SeedOption = None,
    config: ConfigOption = None,
    weight: WeightOption = None,
    sheet: SheetOption = None,
    duplicates: DuplicatesOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="Print nothing but errors.")] = False,
) -> None:
    """Solve the matching for every combination of weights and write one row per point.

    The weights of the config and of --weight are the base; each point overrides the terms
    named by --grid. Use it to see how preferences trade against diversity as weights move.
    """
    try:
        inputs = load_inputs(students, projects, config=config, weights=weight, sheet=sheet,
                             duplicates=duplicates)
        points = parse_grid(grid)
        check_output_path(output, inputs.paths)
    except InputError as e:
        raise fail(e) from None
    s = inputs.config.solver
    limit = time_limit if time_limit is not None else s.time_limit if s.time_limit else 60.0
    n_workers = workers if workers is not None else s.workers or 1
    n_seed = seed if seed is not None else s.seed if s.seed is not None else 0
    problem = inputs.problem.with_changes(weights={**inputs.problem.weights, **inputs.weights})
    per_point = point_time(CommandClock.of(limit), len(grid_points(points)), n_workers, jobs,
                           scheduler, len(problem.students))
    if per_point <= MIN_SEARCH:
        echo_err(tr("The time limit ({limit:g} s) is too short for {count} points; nothing was "
                    "written. Give a longer --time-limit.", limit=limit,
                    count=len(grid_points(points))))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    if not quiet:
        echo_err(tr("{count} points, {seconds:.1f} s each", count=len(grid_points(points)),
                    seconds=per_point))

    def progress(done: int, total: int) -> None:
        if not quiet:
            echo_err(tr("point {done}/{total} done", done=done, total=total))

    try:
        rows = sweep(problem, points, time_limit=per_point, workers=n_workers, seed=n_seed,
                     jobs=jobs, scheduler=scheduler, callback=progress)
    except MatcherError as e:
        raise fail(str(e)) from None
    try:
        write_csv(output, rows, columns(rows))
    except (InputError, OSError) as e:
        raise fail(e if isinstance(e, InputError)
                   else tr("cannot write the output: {error}", error=e)) from None
    if not quiet:
        optimal = sum(r["status"] == "OPTIMAL" for r in rows)
        typer.echo(tr("{count} points written to {output} ({optimal} proven optimal).",
                      count=len(rows), output=output, optimal=optimal))
