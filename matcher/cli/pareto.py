"""``matcher pareto``: the exact Pareto front between two scoring terms.

A thin shell over :func:`matcher.pareto.pareto_front`.
"""

from __future__ import annotations

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
    WorkersOption,
    epilog,
)
from matcher.distribution import install_hint
from matcher.errors import InputError
from matcher.i18n import tr
from matcher.io.write import write_csv
from matcher.pareto import ParetoFront, ParetoPoint, front_rows, pareto_front
from matcher.registry import canonical_term_name, known_term_names, make_term
from matcher.report.tables import write_teams

EXAMPLE = epilog(
    "Example:",
    "  matcher pareto students.csv projects.csv --x preference --y discipline \\",
    "      -o front.csv --plot front.png --teams-dir fronts/",
    "",
    "Columns: point, <x>, <y>, exact (both solves of the point proven optimal), y_status,",
    "x_status, the cohort figures, and teams_file with --teams-dir (one teams CSV per point).",
    "A point with exact = false was cut by the time limit and may be dominated.",
    "",
    "--time-limit is the command's wall clock: each solve gets --solve-time (default a",
    "tenth of the limit), and points are traced while the next one fits.",
    "",
    "Exit codes: 0 written; 1 no formation satisfies the rules; 2 bad input or usage;",
    "3 the time limit ended before the first point was found.",
)


def _term(name: str, flag: str) -> str:
    try:
        make_term(name)
    except KeyError as e:
        raise InputError(str(e.args[0]), column=flag, value=name,
                         hint=tr("known terms: {known}",
                                 known=", ".join(known_term_names()))) from None
    return name


def plot_front(path: str, front: ParetoFront) -> None:
    """Draw the front as a PNG (or any format matplotlib knows by the suffix), atomically."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from matcher.io.write import atomic_write_bytes

    fig = Figure(figsize=(6, 4.5), dpi=100)
    ax = fig.subplots()
    xs = [p.x for p in front.points]
    ys = [p.y for p in front.points]
    ax.step(xs, ys, where="pre", color="0.6", linewidth=1)  # the attainment staircase
    exact = [p for p in front.points if p.exact]
    rough = [p for p in front.points if not p.exact]
    ax.scatter([p.x for p in exact], [p.y for p in exact], color="tab:blue", zorder=3,
               label=tr("proven non-dominated"))
    if rough:
        ax.scatter([p.x for p in rough], [p.y for p in rough], facecolors="none",
                   edgecolors="tab:red", zorder=3, label=tr("not proven (time limit)"))
    for p in front.points:
        ax.annotate(str(p.point), (p.x, p.y), textcoords="offset points", xytext=(4, 4),
                    fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(front.x)
    ax.set_ylabel(front.y)
    ax.set_title(tr("Pareto front: {y} against {x} ({count} points)", y=front.y, x=front.x,
                    count=len(front.points)))
    ax.legend(loc="best", fontsize=8)
    ax.grid(True, alpha=0.3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=os.path.splitext(path)[1].lstrip(".").lower() or "png")
    atomic_write_bytes(path, buffer.getvalue())


#: Share of what the reading leaves that one solve may take at most; and the margin kept for
#: a point's two solves (model building comes on top of a solve's limit).
SOLVE_SHARE, POINT_MARGIN = 0.4, 0.8


class _OutOfTime(Exception):
    """Raised from the point callback to end the front at the wall clock."""


@app.command("pareto", epilog=EXAMPLE)
def pareto_command(
    students: StudentsArg,
    projects: ProjectsArg,
    x: Annotated[str, typer.Option("--x", metavar="TERM", help="Term on the x axis.")],
    y: Annotated[str, typer.Option("--y", metavar="TERM", help="Term on the y axis.")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="FRONT.csv",
                                        help="CSV file to write, one row per point.")],
    plot: Annotated[str | None, typer.Option(
        "--plot", metavar="FRONT.png",
        help="Also draw the front (needs pip install 'matcher-teams[plot]').")] = None,
    teams_dir: Annotated[str | None, typer.Option(
        "--teams-dir", metavar="DIR",
        help="Write the teams of each point to DIR/point_<k>.csv.")] = None,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", "-t", metavar="SECONDS", min=0.001,
        help="Wall clock of the whole command (default: [solver] time_limit, else 60): "
             "points are traced while the next one fits.")] = None,
    solve_time: Annotated[float | None, typer.Option(
        "--solve-time", metavar="SECONDS", min=0.001,
        help="Time limit of each solve, two per point (default: a tenth of --time-limit, "
             "at least 1 s, at most 40% of what the reading leaves).")] = None,
    workers: WorkersOption = None,
    seed: SeedOption = None,
    max_points: Annotated[int | None, typer.Option(
        "--max-points", metavar="N", min=1, help="Stop after N points.")] = None,
    config: ConfigOption = None,
    sheet: SheetOption = None,
    duplicates: DuplicatesOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="Print nothing but errors.")] = False,
) -> None:
    """Trace the exact Pareto front between two terms (both maximised) by the
    epsilon-constraint method: maximise y with x >= eps, then x with y at that best, then
    move eps past the point. The rules of the config hold; its weights are not used.
    """
    try:
        inputs = load_inputs(students, projects, config=config, sheet=sheet,
                             duplicates=duplicates)
        _term(x, "--x")
        _term(y, "--y")
        for path in (output, plot):
            if path:
                check_output_path(path, inputs.paths)
        if plot:
            try:
                import matplotlib  # noqa: F401
            except ImportError:
                raise InputError(tr("--plot needs matplotlib"),
                                 hint=install_hint("plot")) from None
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
    budget = CommandClock.of(limit)
    reserve = write_reserve(len(inputs.problem.students), files=2 + (max_points or 10))
    each = min(solve_time or max(1.0, limit / 10), SOLVE_SHARE * (budget.left() - reserve))
    if each <= MIN_SEARCH:
        echo_err(tr("The time limit ({limit:g} s) was spent reading the inputs; nothing was "
                    "written. Give a longer --time-limit.", limit=limit))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    points: list[ParetoPoint] = []

    def found(pt: ParetoPoint) -> None:
        points.append(pt)
        if not quiet:
            mark = "" if pt.exact else " " + tr("(not proven)")
            echo_err(tr("point {point}: {x}={x_value} {y}={y_value}", point=pt.point,
                        x=front_x, x_value=pt.x, y=front_y, y_value=pt.y) + mark)
        if budget.left() - reserve < 2 * each / POINT_MARGIN:
            raise _OutOfTime  # the next point would not fit in the wall clock

    front_x, front_y = x, y
    try:
        front = pareto_front(inputs.problem, x, y, time_limit=each,
                             workers=workers or s.workers, seed=seed if seed is not None
                             else s.seed, max_points=max_points, callback=found)
    except _OutOfTime:
        front = ParetoFront(x=canonical_term_name(x), y=canonical_term_name(y),
                            points=points, complete=False)
        if not quiet:
            echo_err(tr("The time limit ends before another point would fit: the front is "
                        "incomplete."))
    except ValueError as e:
        raise fail(str(e)) from None
    if front.infeasible:
        echo_err(tr("No formation satisfies the rules; nothing was written."))
        raise typer.Exit(int(ExitCode.INFEASIBLE))
    if not front.points:
        echo_err(tr("The time limit ({limit} s) ended before the first point was found; "
                    "nothing was written. Try a longer --time-limit.", limit=f"{limit:g}"))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    rows = front_rows(inputs.problem, front)
    try:
        if teams_dir:
            for pt, row in zip(front.points, rows, strict=True):
                name = f"point_{pt.point}.csv"
                write_teams(os.path.join(teams_dir, name), inputs.problem, pt.result)
                row["teams_file"] = name
        write_csv(output, rows)
        if plot:
            plot_front(plot, front)
    except (InputError, OSError) as e:
        raise fail(e if isinstance(e, InputError)
                   else tr("cannot write the output: {error}", error=e)) from None
    if not quiet:
        if front.exact:
            done = tr("{count} points written to {output} (front exact).",
                      count=len(front.points), output=output)
        elif not front.complete:
            done = tr("{count} points written to {output} (front incomplete).",
                      count=len(front.points), output=output)
        else:
            done = tr("{count} points written to {output} (front with unproven points).",
                      count=len(front.points), output=output)
        typer.echo(done)
