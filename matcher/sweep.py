"""Weight sweeps: solve every combination of weights on a grid, one row per point.

Each point is an independent :func:`matcher.solve` with the problem's weights overridden by the
point's. Points run in local processes (``jobs``) or, given a scheduler address, on a Dask
distributed cluster; either way the rows come back in grid order and are the same.

A row records everything needed to reproduce it: the weights, the seed, the CP-SAT workers,
the time limit, the versions of matcher, OR-Tools and Python, the rules and dissimilarity
settings as JSON (``config``) and a hash of the whole problem (``problem_sha256``). With
``workers=1`` CP-SAT is deterministic, so rerunning a sweep gives identical rows as long as
every point finishes before its time limit (status ``OPTIMAL`` or ``INFEASIBLE``; a point cut by
the clock may differ). ``wall_time_s`` is the one column that is never reproducible.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import platform
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from typing import Any

from matcher.distribution import install_hint
from matcher.errors import InputError, MatcherError
from matcher.figures import FIGURE_COLUMNS, cohort_figures
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.registry import canonical_term_name, effective_weights, make_term

#: Columns every row has after the weights and the term values, in order.
TRAILER_COLUMNS: tuple[str, ...] = (*FIGURE_COLUMNS, "seed", "workers", "time_limit_s",
                                    "matcher_version", "ortools_version", "python_version",
                                    "config", "problem_sha256", "wall_time_s")

#: Columns that may differ between two runs of the same sweep.
NON_REPRODUCIBLE: frozenset[str] = frozenset({"wall_time_s"})

#: ``done, total`` after each finished point.
SweepCallback = Callable[[int, int], None]


def parse_grid(specs: Sequence[str]) -> dict[str, list[int]]:
    """``["preference=1,2", "discipline=0,10"]`` -> ``{"preference": [1, 2], ...}``.

    Names are canonical term names (``coverage.discipline`` -> ``discipline``); values are
    whole numbers. Raises :class:`~matcher.errors.InputError` on a malformed item, an unknown
    term, or a term given twice.
    """
    grid: dict[str, list[int]] = {}
    for spec in specs:
        name, sep, values = spec.partition("=")
        name = name.strip()
        if not sep or not name or not values.strip():
            raise InputError(tr("expected NAME=V1,V2,..., got {spec!r}", spec=spec),
                             column="--grid", hint=tr("e.g. --grid preference=1,2,4"))
        try:
            make_term(name)
        except KeyError as e:
            raise InputError(str(e.args[0]), column="--grid", value=name) from None
        name = canonical_term_name(name)
        if name in grid:
            raise InputError(tr("term {name!r} appears in two --grid options", name=name),
                             column="--grid",
                             hint=tr("list all its values in one: NAME=V1,V2,..."))
        out = []
        for text in values.split(","):
            try:
                out.append(int(text.strip()))
            except ValueError:
                raise InputError(tr("weight of {name!r} must be a whole number, got {text!r}",
                                    name=name, text=text),
                                 column="--grid", value=spec) from None
        grid[name] = list(dict.fromkeys(out))
    return grid


def grid_points(grid: Mapping[str, Sequence[int]]) -> list[dict[str, int]]:
    """Every combination, the last name varying fastest (``itertools.product`` order).

    >>> grid_points({"preference": [1, 2], "discipline": [0, 10]})
    [{'preference': 1, 'discipline': 0}, {'preference': 1, 'discipline': 10}, \
{'preference': 2, 'discipline': 0}, {'preference': 2, 'discipline': 10}]
    """
    names = list(grid)
    return [dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(grid[n] for n in names))]


def versions() -> dict[str, str]:
    """``matcher_version``, ``ortools_version``, ``python_version`` of this process."""
    import ortools

    from matcher import __version__

    return {"matcher_version": __version__, "ortools_version": ortools.__version__,
            "python_version": platform.python_version()}


def config_json(problem: Problem) -> str:
    """The problem's rules, weights and ``[pairwise]`` settings as compact, sorted JSON."""
    data = {"rules": problem.rules.model_dump(mode="json", exclude_defaults=True),
            "weights": problem.weights,
            "pairwise": problem.pairwise.model_dump(mode="json", exclude_defaults=True)}
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def problem_hash(problem: Problem) -> str:
    """SHA-256 of the problem's JSON: the same cohort, ideas, rules and weights, the same hash."""
    return hashlib.sha256(problem.model_dump_json().encode()).hexdigest()


def run_point(problem: Problem, weights: Mapping[str, int], *, time_limit: float | None,
              workers: int, seed: int) -> dict[str, Any]:
    """Solve one point and return its row (see :func:`sweep` for the columns).

    A top-level function, so that a process pool or a Dask worker can run it.
    """
    from matcher.solve import solve

    result = solve(problem, weights=weights, time_limit=time_limit, workers=workers, seed=seed)
    w = effective_weights(problem, weights)
    row: dict[str, Any] = {f"weight_{name}": v for name, v in w.items()}
    row.update(status=result.status.value, objective=result.objective,
               best_bound=result.best_bound,
               gap=None if result.gap is None else round(result.gap, 9))
    for name in w:
        row[name] = result.terms.get(name)
    figures = cohort_figures(problem, result.assignment) if result.has_solution \
        else dict.fromkeys(FIGURE_COLUMNS)
    row.update(figures)
    row.update(seed=seed, workers=workers, time_limit_s=time_limit, **versions(),
               config=config_json(problem), problem_sha256=problem_hash(problem),
               wall_time_s=round(result.wall_time_s, 3))
    return row


def sweep(
    problem: Problem,
    grid: Mapping[str, Sequence[int]],
    *,
    time_limit: float | None = None,
    workers: int = 1,
    seed: int = 0,
    jobs: int | None = None,
    scheduler: str | None = None,
    connect_timeout: float = 30.0,
    callback: SweepCallback | None = None,
) -> list[dict[str, Any]]:
    """Solve the problem at every point of a weight grid.

    Parameters
    ----------
    problem:
        The problem; its weights are the base that each point overrides.
    grid:
        Term name -> the weights to try (see :func:`parse_grid`, :func:`grid_points`).
    time_limit, workers, seed:
        Passed to :func:`matcher.solve` for every point. ``workers=1`` (the default) makes each
        solve deterministic.
    jobs:
        Points solved at once in local processes (default: cores // workers, at least 1).
        ``jobs=1`` solves in this process.
    scheduler:
        Address of a Dask distributed scheduler (``tcp://host:8786``): the points run on its
        workers instead, which need ``matcher`` installed (the same version, for identical
        rows). ``jobs`` is then ignored.
    connect_timeout:
        Seconds to wait for the scheduler before giving up.
    callback:
        Called with ``(done, total)`` after each point.

    Returns
    -------
    list of dict
        One row per point, in grid order. Columns: ``point`` (0-based), ``weight_<term>`` for
        every term of the effective weights, ``status``, ``objective``, ``best_bound``, ``gap``,
        ``<term>`` (raw, unweighted value) for every term, then :data:`TRAILER_COLUMNS`:
        ``share_first_choice``, ``mean_rank``, ``mean_disciplines``, ``mean_institutions``,
        ``mean_blau`` (:func:`matcher.figures.cohort_figures`), ``seed``, ``workers``,
        ``time_limit_s``, the three versions, ``config``, ``problem_sha256`` and
        ``wall_time_s`` (not reproducible). Term columns are empty without a solution.

    Raises
    ------
    MatcherError
        When the Dask scheduler cannot be reached or ``dask.distributed`` is not installed.
    """
    points = grid_points(grid)
    kwargs = dict(time_limit=time_limit, workers=workers, seed=seed)
    total = len(points)
    rows: list[dict[str, Any] | None] = [None] * total
    done = 0

    def finished(i: int, row: dict[str, Any]) -> None:
        nonlocal done
        rows[i] = {"point": i, **row}
        done += 1
        if callback is not None:
            callback(done, total)

    if scheduler:
        _run_dask(problem, points, kwargs, scheduler, connect_timeout, finished)
    else:
        jobs = jobs or max(1, (os.cpu_count() or 1) // max(1, workers))
        if jobs <= 1 or total <= 1:
            for i, w in enumerate(points):
                finished(i, run_point(problem, w, **kwargs))
        else:
            # spawn, not fork: the parent may hold threads (CP-SAT, a progress bar)
            with ProcessPoolExecutor(max_workers=min(jobs, total),
                                     mp_context=get_context("spawn")) as pool:
                futures = {pool.submit(run_point, problem, w, **kwargs): i
                           for i, w in enumerate(points)}
                for fut in as_completed(futures):
                    finished(futures[fut], fut.result())
    return [r for r in rows if r is not None]


def _run_dask(problem: Problem, points: list[dict[str, int]], kwargs: dict[str, Any],
              address: str, timeout: float,
              finished: Callable[[int, dict[str, Any]], None]) -> None:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise MatcherError(tr("a Dask scheduler needs dask.distributed: {command}",
                              command=install_hint("dask"))) from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise MatcherError(tr("cannot reach the Dask scheduler at {address}: {error}",
                              address=address, error=e)) from None
    try:
        shared = client.scatter(problem, broadcast=True)
        # positional arguments: ``workers=`` means something else to ``Client.submit``
        args = (kwargs["time_limit"], kwargs["workers"], kwargs["seed"])
        futures = {client.submit(_run_point_positional, shared, w, *args, pure=False): i
                   for i, w in enumerate(points)}
        for fut in dask_completed(list(futures), loop=client.loop):
            finished(futures[fut], fut.result())
    finally:
        client.close()


def _run_point_positional(problem: Problem, weights: Mapping[str, int],
                          time_limit: float | None, workers: int, seed: int) -> dict[str, Any]:
    return run_point(problem, weights, time_limit=time_limit, workers=workers, seed=seed)


def columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The column order of a sweep table (the keys of the first row, then any others)."""
    out: dict[str, None] = {}
    for row in rows:
        out.update(dict.fromkeys(row))
    return list(out)
