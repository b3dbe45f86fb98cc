"""``matcher sweep``: solve every combination of weights on a grid, one CSV row per point.

A thin shell over :func:`matcher.sweep.sweep`.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.clock import CommandClock, write_reserve
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
from matcher.report.tables import teams_frame
from matcher.sweep import (
    MIN_POINT_TIME,
    POOL_START,
    columns,
    default_jobs,
    grid_points,
    parse_grid,
    split_time,
    sweep_rows,
)

EXAMPLE = epilog(
    "Example:",
    "  matcher sweep students.csv projects.csv --grid preference=1,2,4 \\",
    "      --grid discipline=0,5,10 -o sweep.csv --time-limit 30 --teams-dir teams/",
    "  matcher sweep students.csv projects.csv --grid pairwise=0,1 -o sweep.csv \\",
    "      --scheduler tcp://scheduler-host:8786",
    "",
    "The points share what they find: every point's teams are scored at every point, each",
    "point starts from the best teams found before it, and a point's bound combines the",
    "bounds the others proved (the optimal value is convex in the weights); the points left",
    "unproven get a second search while whole --point-time-limit slots fit. One row per",
    "point: weight_<term> for every weight, status, objective, best_bound, gap, teams_from,",
    "bound_from, solve_order, passes, hint_from, solve_status, solve_objective, solve_bound,",
    "met_shared_bound, <term> (raw value) for every term, the figures (share_first_choice,",
    "share_top3, mean_rank, no_team, mean_disciplines, mean_institutions, mean_blau), seed,",
    "workers, time_limit_s, versions, config (the point's own weights, JSON),",
    "problem_sha256, wall_time_s, and teams_file with --teams-dir. With --workers 1 (the",
    "default) a rerun with the same --jobs gives the same rows, wall_time_s aside, when",
    "every point ends within its time limit.",
    "",
    "--time-limit is the whole command's wall clock: unless --point-time-limit is given,",
    "each point gets 80% of an equal share of it, the points solved at once (--jobs)",
    "counted as such, less 3 s for the start and 3 s more to start a pool of processes",
    "(--jobs 2 or more) or reach a cluster (and less if the reading took longer); it is",
    "in each row (time_limit_s). No point runs past the limit.",
    "",
    "Exit codes: 0 written; 2 bad input, usage, or an unreachable scheduler; 3 the time",
    "limit is too short for the points.",
)


#: Seconds assumed for the start of the process and the reading, in a point's nominal limit.
START_RESERVE: float = 3.0


def at_once(n_points: int, workers: int, jobs: int | None, scheduler: str | None) -> int:
    """Points solved at once: ``jobs``, else one on a Dask cluster (its size is unknown before
    connecting), else the cores divided by the workers."""
    n = jobs or (1 if scheduler else default_jobs(workers))
    return max(1, min(n, n_points))


def point_time(budget: CommandClock, n_points: int, workers: int, jobs: int | None,
               scheduler: str | None, n_students: int) -> float:
    """Each point's time limit: the limit less the start and reading (:data:`START_RESERVE`),
    a pool's start and the writing, shared among the rounds of points solved at once
    (:func:`matcher.sweep.split_time`): the same on every rerun with the same ``jobs``. Less
    when the reading took longer than assumed."""
    n = at_once(n_points, workers, jobs, scheduler)
    start = POOL_START if n > 1 or scheduler else 0.0
    write = write_reserve(n_students)
    nominal = split_time(budget.limit - START_RESERVE - start - write, n_points, n)
    actual = split_time(budget.left() - start - write, n_points, n)
    return min(nominal, actual)


@app.command("sweep", epilog=EXAMPLE)
def sweep_command(
    students: StudentsArg,
    projects: ProjectsArg,
    grid: Annotated[list[str], typer.Option(
        "--grid", "-g", metavar="NAME=V1,V2,...",
        help="Weights to try for one term (repeatable); every combination is solved.")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="SWEEP.csv",
                                        help="CSV file to write, one row per point.")],
    teams_dir: Annotated[str | None, typer.Option(
        "--teams-dir", metavar="DIR",
        help="Write the teams of each point to DIR/point_<k>.csv (named in the row's "
             "teams_file).")] = None,
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
             "shared among the points as they run (--jobs at once).")] = None,
    point_time_limit: Annotated[float | None, typer.Option(
        "--point-time-limit", metavar="SECONDS", min=0.001,
        help="Time limit of each point's search (default: its share of --time-limit); "
             "the whole command still ends within --time-limit.")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", metavar="N", min=1,
        help="CP-SAT workers per point (default: [solver] workers, else 1: deterministic)."
    )] = None,
    no_share: Annotated[bool, typer.Option(
        "--no-share",
        help="Solve every point on its own, sharing neither teams nor bounds (the sweeps "
             "before sharing, for comparison).")] = False,
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
                             duplicates=duplicates, notes=not quiet)
        points = parse_grid(grid)
        check_output_path(output, inputs.paths)
        if teams_dir:
            if os.path.exists(teams_dir) and not os.path.isdir(teams_dir):
                raise InputError(tr("--teams-dir is not a directory"), file=teams_dir)
            os.makedirs(teams_dir, exist_ok=True)
    except InputError as e:
        raise fail(e) from None
    except OSError as e:
        raise fail(tr("cannot create --teams-dir: {error}", error=e)) from None
    s = inputs.config.solver
    limit = time_limit if time_limit is not None else s.time_limit if s.time_limit else 60.0
    n_workers = workers if workers is not None else s.workers or 1
    n_seed = seed if seed is not None else s.seed if s.seed is not None else 0
    problem = inputs.problem.with_changes(weights={**inputs.problem.weights, **inputs.weights})
    n_points = len(grid_points(points))
    budget = CommandClock.of(limit)
    write = write_reserve(len(problem.students), files=1 + (n_points if teams_dir else 0))
    per_point = point_time_limit if point_time_limit is not None else point_time(
        budget, n_points, n_workers, jobs, scheduler, len(problem.students))
    if per_point < MIN_POINT_TIME or budget.left() - write < MIN_POINT_TIME:
        echo_err(tr("The time limit ({limit:g} s) is too short for {count} points; nothing was "
                    "written. Give a longer --time-limit.", limit=limit, count=n_points))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    if not quiet:
        echo_err(tr("{count} points, {seconds:.1f} s each", count=n_points, seconds=per_point))

    def progress(done: int, total: int) -> None:
        if not quiet:
            echo_err(tr("point {done}/{total} done", done=done, total=total))

    try:
        rows = sweep_rows(problem, points, time_limit=budget.left() - write,
                          point_time_limit=per_point, workers=n_workers, seed=n_seed,
                          jobs=jobs, scheduler=scheduler, share=not no_share, callback=progress)
    except (InputError, ValueError) as e:
        raise fail(e if isinstance(e, InputError) else str(e)) from None
    except MatcherError as e:
        raise fail(str(e)) from None
    try:
        for row in rows:
            teams = row.pop("teams")
            if teams_dir:
                name = f"point_{row['point']}.csv"
                if teams is not None:
                    write_csv(os.path.join(teams_dir, name), teams_frame(problem, teams),
                              bom=True)
                row["teams_file"] = name if teams is not None else None
        write_csv(output, rows, columns(rows))
    except (InputError, OSError) as e:
        raise fail(e if isinstance(e, InputError)
                   else tr("cannot write the output: {error}", error=e)) from None
    if not quiet:
        optimal = sum(r["status"] == "OPTIMAL" for r in rows)
        typer.echo(tr("{count} points written to {output} ({optimal} proven optimal).",
                      count=len(rows), output=output, optimal=optimal))
