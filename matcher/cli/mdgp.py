"""``matcher mdgp``: solve a maximally diverse grouping instance (MDGPLIB format).

A thin shell over :func:`matcher.mdgp.solve_mdgp`: read the instance, solve, write
``element,group`` rows (0-based) atomically, and optionally a JSON summary.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.clock import MIN_SEARCH, CommandClock, write_reserve
from matcher.cli.errors import ExitCode, echo_err, fail
from matcher.cli.options import epilog
from matcher.errors import InputError, MatcherError
from matcher.i18n import tr
from matcher.mdgp import read_mdgp, solve_mdgp
from matcher.mdgp.kernels import (
    COMPILE_SECONDS,
    cache_folder,
    kernels_cached,
    prepare_kernels,
    require_numba,
)

__all__ = ["mdgp_command", "write_atomic"]


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and
    :func:`os.replace`, so that readers never see a half-written file."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=os.path.basename(path), dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _groups_csv(groups: list[int]) -> str:
    lines = ["element,group"] + [f"{i},{g}" for i, g in enumerate(groups)]
    return "\n".join(lines) + "\n"


def _check_dir(path: str, missing: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError(missing, file=path)


def _warm_up() -> None:
    """Compile the search kernels (first run) or load them, before the time limit's clock
    starts; a first-run compilation is announced on stderr."""
    require_numba()
    if not kernels_cached():
        echo_err(tr("compiling the search kernels once (about {seconds} s); cached in {folder}",
                    seconds=COMPILE_SECONDS, folder=cache_folder()))
    prepare_kernels()


@app.command(
    "mdgp",
    epilog=epilog(
        "Example (MDGPLIB instance, 3 s, two threads):",
        "",
        "  matcher mdgp RanReal_n120_ss_01.txt -o groups.csv --time-limit 3 --summary run.json",
        "",
        "groups.csv then holds one row per element: 'element,group', both 0-based as in the",
        "instance file. The summary holds objective, status (OPTIMAL when CP-SAT proved it,",
        "for n <= 12; else FEASIBLE), bound, wall time, instance name and seed.",
        "",
        "The search is compiled by numba (pip install 'matcher-teams[mdgp]'); the first run",
        "after installing compiles it, about 15 s, before the time limit starts.",
        "--time-limit is otherwise the command's wall clock (reading and writing included;",
        "the search keeps at least half of it).",
        "",
        "Exit codes: 0 solved; 2 bad instance file or option, or numba missing; 3 the time",
        "limit was spent reading the instance.",
    ),
)
def mdgp_command(
    instance: Annotated[
        str, typer.Argument(help="Instance file in MDGPLIB format ('n m ss|ds a1 b1 ...').")
    ],
    output: Annotated[str, typer.Option("--output", "-o", help="Where to write the groups CSV.")],
    time_limit: Annotated[
        float, typer.Option("--time-limit", "-t", min=0.0,
                            help="Wall clock of the command in seconds: the search gets what "
                                 "reading the instance leaves, less the writing.")
    ],
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="Parallel search threads.")
    ] = 2,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    summary: Annotated[
        str | None, typer.Option("--summary", help="Write a JSON summary here.")
    ] = None,
) -> None:
    """Solve a maximally diverse grouping problem (MDGP): split the elements into groups
    within their size bounds so that the sum of distances inside groups is largest."""
    try:
        _check_dir(output, tr("the folder for the groups CSV does not exist"))
        if summary is not None:
            _check_dir(summary, tr("the folder for the summary does not exist"))
        inst = read_mdgp(instance)
    except InputError as exc:
        raise fail(exc) from None
    # the reading counts, but the search keeps at least half the limit (the promise is
    # 1.15 x limit + 5 s); a first run's compilation does not count (it precedes the clock)
    search = max(CommandClock.of(time_limit).left()
                 - write_reserve(inst.n, files=2 if summary else 1), time_limit / 2)
    if search <= MIN_SEARCH:
        echo_err(tr("The time limit ({limit:g} s) was spent reading the instance; nothing was "
                    "written. Give a longer --time-limit.", limit=time_limit))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    try:
        _warm_up()
    except MatcherError as exc:
        raise fail(str(exc)) from None
    result = solve_mdgp(inst, time_limit=search, workers=workers, seed=seed)
    write_atomic(output, _groups_csv(result.groups))
    if summary is not None:
        data = {
            "instance": inst.name,
            "file": instance,
            "n": inst.n,
            "m": inst.m,
            "objective": result.objective,
            "status": result.status,
            "bound": result.best_bound,
            "wall_time_s": round(result.wall_time_s, 3),
            "iterations": result.iterations,
            "time_limit": time_limit,
            "workers": workers,
            "seed": seed,
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        write_atomic(summary, json.dumps(data, indent=2) + "\n")
    typer.echo(tr(
        "{name}: objective {objective} ({status}), {n} elements in {m} groups -> {output}",
        name=inst.name, objective=f"{result.objective:.3f}", status=result.status,
        n=len(result.groups), m=inst.m, output=output))
    raise typer.Exit(int(ExitCode.OK))
