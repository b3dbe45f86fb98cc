"""Solve an MDGP instance: iterated tabu search, then a CP-SAT proof when ``n`` is small."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from matcher.mdgp.exact import solve_exact
from matcher.mdgp.instance import MDGPInstance
from matcher.mdgp.kernels import prepare_kernels
from matcher.mdgp.local_search import LocalSearchParams, Progress, maximize_pairwise

__all__ = ["MDGPResult", "solve_mdgp"]


@dataclass(frozen=True)
class MDGPResult:
    """Outcome of :func:`solve_mdgp`.

    Attributes
    ----------
    groups:
        ``groups[i]`` is the 0-based group of element ``i``; within every group's bounds.
    objective:
        ``sum_g sum_{i<j in g} d[i, j]`` recomputed from ``groups`` in original units.
    status:
        ``"OPTIMAL"`` when CP-SAT proved optimality, else ``"FEASIBLE"``.
    best_bound:
        Proven upper bound on the optimum (original units), or ``None`` when none was proven.
    wall_time_s:
        Total wall-clock time.
    iterations:
        Tabu-search iterations summed over workers.
    exact_time_s:
        Time spent in CP-SAT (0 when it was not run).
    """

    groups: list[int]
    objective: float
    status: str
    best_bound: float | None
    wall_time_s: float
    iterations: int
    exact_time_s: float = 0.0


def solve_mdgp(
    instance: MDGPInstance,
    *,
    time_limit: float,
    workers: int = 2,
    seed: int | None = 0,
    callback: Callable[[Progress], None] | None = None,
    exact_max_n: int = 12,
    exact_time_limit: float | None = None,
    params: LocalSearchParams | None = None,
) -> MDGPResult:
    """Find a maximally diverse grouping; prove it optimal when the instance is small.

    Parameters
    ----------
    instance:
        The MDGP instance.
    time_limit:
        Wall-clock seconds for the local search. For ``n <= exact_max_n`` the local search
        gets a small share and CP-SAT the rest (unless ``exact_time_limit`` is given).
        Compiling the search kernels, on the first run after installing, comes before and
        is not counted.
    workers:
        Parallel tabu-search threads, and CP-SAT workers.
    seed:
        Random seed (``None``: from the operating system).
    callback:
        Receives a :class:`~matcher.mdgp.local_search.Progress` on every improvement.
    exact_max_n:
        Run CP-SAT to prove optimality when ``n <= exact_max_n`` (0 disables it).
    exact_time_limit:
        CP-SAT time limit; defaults to what remains of ``time_limit``.
    params:
        Local-search tuning knobs.

    Returns
    -------
    MDGPResult

    Raises
    ------
    MissingExtra
        numba (the ``mdgp`` extra) is not installed.

    Notes
    -----
    Model: maximise ``sum_g sum_{i<j} d[i, j] x[i, g] x[j, g]`` subject to
    ``sum_g x[i, g] = 1`` and ``lower[g] <= sum_i x[i, g] <= upper[g]``.
    """
    prepare_kernels()  # the first run compiles them: not on the search's clock
    start = time.perf_counter()
    small = instance.n <= exact_max_n
    ls_time = 0.25 * time_limit if small else time_limit
    ls = maximize_pairwise(
        instance.distances,
        instance.lower,
        instance.upper,
        time_limit=ls_time,
        workers=workers,
        seed=seed,
        params=params,
        callback=callback,
        max_iterations=20_000 if small else None,
    )
    groups = [int(g) for g in ls.groups]
    objective = instance.objective(groups)
    status, bound, exact_time = "FEASIBLE", None, 0.0
    if small:
        remaining = time_limit - (time.perf_counter() - start)
        limit = exact_time_limit if exact_time_limit is not None else max(remaining, 1.0)
        ex = solve_exact(instance, time_limit=limit, workers=workers, hint=groups, seed=seed)
        exact_time = ex.wall_time_s
        if ex.groups is not None and ex.objective is not None and ex.objective > objective:
            groups, objective = list(ex.groups), float(ex.objective)
        if ex.status == "OPTIMAL" and ex.best_bound is not None:
            status = "OPTIMAL"
            bound = max(float(ex.best_bound), objective)
    problems = instance.violations(groups)
    if problems:  # pragma: no cover - would be a bug in the search
        raise AssertionError(f"solver returned an infeasible grouping: {problems}")
    return MDGPResult(
        groups=groups,
        objective=objective,
        status=status,
        best_bound=bound,
        wall_time_s=time.perf_counter() - start,
        iterations=ls.iterations,
        exact_time_s=exact_time,
    )
