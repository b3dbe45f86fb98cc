"""``matcher pareto``: the exact Pareto front between two scoring terms.

A thin shell over :func:`matcher.pareto.trace_front` (the table: :func:`matcher.pareto.front_rows`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
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
from matcher.io.teams import read_teams
from matcher.io.write import write_csv
from matcher.pareto import ParetoFront, ParetoPoint, front_rows, trace_front
from matcher.registry import canonical_term_name, known_term_names, make_term
from matcher.report.tables import write_teams
from matcher.sweep import columns, problem_hash

EXAMPLE = epilog(
    "Example:",
    "  matcher pareto students.csv projects.csv --x preference --y discipline \\",
    "      -o front.csv --plot front.png --teams-dir fronts/",
    "",
    "  matcher pareto students.csv projects.csv --x preference --y discipline \\",
    "      -o front.csv --resume -t 600     # continue the front in front.csv",
    "",
    "Columns: point, <x>, <y>, exact (both solves of the point proven optimal), y_status,",
    "x_status, y_bound and x_bound (the solves' proven bounds), gap, eps (the floor on x),",
    "dominated_by, the cohort figures, step, seed, workers, solve_time_limit_s,",
    "wall_time_s, the versions of matcher, OR-Tools and Python, problem_sha256, and",
    "teams_file with --teams-dir (one teams CSV per point). A point with exact = false was",
    "cut by the time limit and may be dominated.",
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


@dataclass(frozen=True)
class _Drawn:
    point: int
    x: int
    y: int
    exact: bool


def plot_front(path: str, front: ParetoFront, previous: Sequence[dict[str, str]] = ()) -> None:
    """Draw the front as a PNG (or any format matplotlib knows by the suffix), atomically:
    proven points filled, unproven ones hollow (``previous``: rows of a resumed front)."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    from matcher.io.write import atomic_write_bytes

    fig = Figure(figsize=(6, 4.5), dpi=100)
    ax = fig.subplots()
    drawn = [_Drawn(int(r["point"]), int(r[front.x]), int(r[front.y]), r.get("exact") == "True")
             for r in previous]
    drawn += [_Drawn(p.point, p.x, p.y, p.exact) for p in front.points]
    xs = [p.x for p in drawn]
    ys = [p.y for p in drawn]
    ax.step(xs, ys, where="pre", color="0.6", linewidth=1)  # the attainment staircase
    exact = [p for p in drawn if p.exact]
    rough = [p for p in drawn if not p.exact]
    ax.scatter([p.x for p in exact], [p.y for p in exact], color="tab:blue", zorder=3,
               label=tr("proven non-dominated"))
    if rough:
        ax.scatter([p.x for p in rough], [p.y for p in rough], facecolors="none",
                   edgecolors="tab:red", zorder=3, label=tr("not proven (time limit)"))
    for p in drawn:
        ax.annotate(str(p.point), (p.x, p.y), textcoords="offset points", xytext=(4, 4),
                    fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(front.x)
    ax.set_ylabel(front.y)
    ax.set_title(tr("Pareto front: {y} against {x} ({count} points)", y=front.y, x=front.x,
                    count=len(drawn)))
    ax.legend(loc="best", fontsize=8)
    ax.grid(True, alpha=0.3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=os.path.splitext(path)[1].lstrip(".").lower() or "png")
    atomic_write_bytes(path, buffer.getvalue())


#: Share of what the reading leaves that one solve may take at most.
SOLVE_SHARE: float = 0.4


def read_previous_front(path: str, x: str, y: str, problem_sha256: str
                        ) -> list[dict[str, str]]:
    """The rows of a front CSV written by ``matcher pareto`` on the same terms and problem
    (``--resume``); raises :class:`~matcher.errors.InputError` naming what differs."""
    import csv

    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InputError(tr("cannot read the front to resume: {error}", error=e),
                         file=path) from None
    if not rows:
        return []
    for name, flag in ((x, "--x"), (y, "--y")):
        if name not in rows[0]:
            raise InputError(tr("the front to resume has no column {name!r}: it was traced "
                                "on other terms", name=name), file=path, column=flag)
    for k, row in enumerate(rows, start=2):
        for column in ("point", x):
            try:
                int(row[column])
            except (TypeError, ValueError):
                raise InputError(tr("{column} must be a whole number", column=column),
                                 file=path, row=k, column=column, value=row[column]) from None
        digest = row.get("problem_sha256")
        if digest and digest != problem_sha256:
            raise InputError(tr("the front to resume was traced on other inputs (rules, "
                                "cohort or ideas differ)"), file=path, row=k,
                             column="problem_sha256")
    return rows


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
    step: Annotated[int, typer.Option(
        "--step", metavar="EPS", min=1,
        help="After a point at x, the next has x >= x + EPS (1: the exact front).")] = 1,
    resume: Annotated[bool, typer.Option(
        "--resume",
        help="Continue the front already in --output (same terms and inputs): its rows are "
             "kept and tracing starts past its last point.")] = False,
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
                             duplicates=duplicates, notes=not quiet)
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
    previous: list[dict[str, str]] = []
    hint = None
    if resume and os.path.exists(output):
        try:
            previous = read_previous_front(output, canonical_term_name(x),
                                           canonical_term_name(y), problem_hash(inputs.problem))
            last_teams = previous and teams_dir and previous[-1].get("teams_file")
            if last_teams and os.path.exists(os.path.join(teams_dir, last_teams)):
                hint = read_teams(os.path.join(teams_dir, last_teams), inputs.problem,
                                  inputs.config)
        except InputError as e:
            raise fail(e) from None
    reserve = write_reserve(len(inputs.problem.students), files=2 + (max_points or 10))
    each = min(solve_time or max(1.0, limit / 10), SOLVE_SHARE * (budget.left() - reserve))
    if each <= MIN_SEARCH:
        echo_err(tr("The time limit ({limit:g} s) was spent reading the inputs; nothing was "
                    "written. Give a longer --time-limit.", limit=limit))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))

    def found(pt: ParetoPoint) -> None:
        if not quiet:
            mark = "" if pt.exact else " " + tr("(not proven)")
            echo_err(tr("point {point}: {x}={x_value} {y}={y_value}", point=pt.point,
                        x=front_x, x_value=pt.x, y=front_y, y_value=pt.y) + mark)

    front_x, front_y = canonical_term_name(x), canonical_term_name(y)
    x_from = int(previous[-1][front_x]) + step if previous else None
    first = int(previous[-1]["point"]) + 1 if previous else 0
    try:
        front = trace_front(inputs.problem, x, y, time_limit=budget.left() - reserve,
                            solve_time_limit=each, workers=workers or s.workers,
                            seed=seed if seed is not None else s.seed, step=step,
                            x_from=x_from, first_point=first, hint=hint,
                            max_points=max_points, callback=found)
    except ValueError as e:
        raise fail(str(e)) from None
    if not front.complete and not quiet and (max_points is None
                                             or len(front.points) < max_points):
        echo_err(tr("The time limit ends before another point would fit: the front is "
                    "incomplete."))
    if front.infeasible:
        echo_err(tr("No formation satisfies the rules; nothing was written."))
        raise typer.Exit(int(ExitCode.INFEASIBLE))
    if not front.points and not previous:
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
        write_csv(output, [*previous, *rows], columns([*previous, *rows]))
        if plot:
            plot_front(plot, front, previous)
    except (InputError, OSError) as e:
        raise fail(e if isinstance(e, InputError)
                   else tr("cannot write the output: {error}", error=e)) from None
    if not quiet:
        count = len(previous) + len(front.points)
        exact = front.exact and all(r.get("exact") == "True" for r in previous)
        if exact:
            done = tr("{count} points written to {output} (front exact).",
                      count=count, output=output)
        elif not front.complete:
            done = tr("{count} points written to {output} (front incomplete).",
                      count=count, output=output)
        else:
            done = tr("{count} points written to {output} (front with unproven points).",
                      count=count, output=output)
        typer.echo(done)
