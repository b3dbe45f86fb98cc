"""Exact MDGP by CP-SAT: proves optimality on small instances (n up to about 12-16).

Model
-----
Distances are scaled to integers exactly: ``D[i, j] = round(scale * d[i, j])`` where
``scale = 10**k`` is the smallest power of ten (``k <= 6``) that makes every distance an
integer; the optimum and bound are reported back in the original units.

Variables: ``x[i, g]`` (element ``i`` in group ``g``) and ``y[i, j, g]`` (both in ``g``).

- ``sum_g x[i, g] = 1`` for every element (``add_exactly_one``);
- ``lower[g] <= sum_i x[i, g] <= upper[g]``;
- ``y[i, j, g] <= x[i, g]``, ``y[i, j, g] <= x[j, g]`` and ``y[i, j, g] >= x[i, g] + x[j, g] - 1``
  (``y`` is created only for ``D[i, j] != 0``, except in fixed-size groups);
- redundant cut, labelled as such: ``sum_{j != i} y[i, j, g] <= (upper[g] - 1) x[i, g]``,
  an equality when ``lower[g] = upper[g]`` (then every pair has its ``y``);
- symmetry breaking between groups with identical bounds ``g < h``:
  ``x[i, h] <= sum_{k < i} x[k, g]`` (the smallest member of ``g`` precedes that of ``h``);
- maximise ``sum_{i<j} sum_g D[i, j] y[i, j, g]``.

A warm start (hint) can be given, usually the local-search solution.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from matcher.mdgp.instance import MDGPInstance

__all__ = [
    "ExactResult",
    "canonical_labels",
    "integer_scale",
    "size_profiles",
    "solve_exact",
]


@dataclass(frozen=True)
class ExactResult:
    """Outcome of :func:`solve_exact`.

    Attributes
    ----------
    status:
        ``"OPTIMAL"``, ``"FEASIBLE"`` or ``"UNKNOWN"`` (no solution within the time limit).
    groups:
        ``groups[i]`` is the group of element ``i``, or ``None`` when no solution was found.
    objective:
        Objective of ``groups`` in original units (``None`` without a solution).
    best_bound:
        CP-SAT's proven upper bound in original units.
    wall_time_s:
        Solver wall time.
    """

    status: str
    groups: list[int] | None
    objective: float | None
    best_bound: float | None
    wall_time_s: float


def integer_scale(d: np.ndarray, max_decimals: int = 6) -> int:
    """Smallest ``10**k`` (``k <= max_decimals``) with ``10**k * d`` integral to 1e-9.

    Falls back to ``10**max_decimals`` (rounding) when none is exact.
    """
    for k in range(max_decimals + 1):
        s = 10**k
        v = d * s
        if np.all(np.abs(v - np.round(v)) < 1e-6):
            return s
    return 10**max_decimals


def canonical_labels(groups: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Relabel groups with identical bounds so that their smallest members are increasing.

    The objective and feasibility are unchanged; the result satisfies the symmetry-breaking
    constraints of :func:`solve_exact`.
    """
    groups = np.asarray(groups, dtype=np.int64)
    m = len(lower)
    out = groups.copy()
    classes: dict[tuple[int, int], list[int]] = {}
    for g in range(m):
        classes.setdefault((int(lower[g]), int(upper[g])), []).append(g)
    n = len(groups)
    for labels in classes.values():
        first = {g: (np.flatnonzero(groups == g)[:1].tolist() or [n])[0] for g in labels}
        ordered = sorted(labels, key=lambda g: first[g])
        for new, old in zip(labels, ordered, strict=True):
            out[groups == old] = new
    return out


def size_profiles(
    lower: np.ndarray, upper: np.ndarray, n: int, limit: int
) -> list[list[int]] | None:
    """All group-size vectors ``s`` with ``lower <= s <= upper`` and ``sum(s) = n``.

    Vectors that differ only by a permutation of groups with identical bounds are listed
    once (sizes non-increasing inside each class). Returns ``None`` when there are more than
    ``limit``.
    """
    m = len(lower)
    out: list[list[int]] = []
    suffix_lo = np.concatenate([np.cumsum(np.asarray(lower)[::-1])[::-1], [0]])
    suffix_hi = np.concatenate([np.cumsum(np.asarray(upper)[::-1])[::-1], [0]])

    def rec(g: int, left: int, cur: list[int]) -> bool:
        if g == m:
            if left == 0:
                out.append(cur.copy())
            return len(out) <= limit
        for sz in range(int(upper[g]), int(lower[g]) - 1, -1):
            rest = left - sz
            if rest < suffix_lo[g + 1] or rest > suffix_hi[g + 1]:
                continue
            # canonical order among interchangeable groups
            prev = [k for k in range(g) if lower[k] == lower[g] and upper[k] == upper[g]]
            if prev and sz > cur[prev[-1]]:
                continue
            cur.append(sz)
            ok = rec(g + 1, rest, cur)
            cur.pop()
            if not ok:
                return False
        return True

    if not rec(0, n, []):
        return None
    return out


def solve_exact(
    instance: MDGPInstance,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    hint: list[int] | np.ndarray | None = None,
    seed: int | None = 0,
    max_profiles: int = 64,
) -> ExactResult:
    """Solve an MDGP instance to proven optimality with CP-SAT (small ``n`` only).

    When group sizes may vary (``lower != upper``) and there are at most ``max_profiles``
    size vectors, each size vector is solved as its own fixed-size model, whose LP bound is
    much tighter; the best is optimal once every one of them is proven. Otherwise a single
    model with size ranges is solved.

    Parameters
    ----------
    instance:
        The instance.
    time_limit:
        Total CP-SAT time limit in seconds.
    workers:
        CP-SAT search workers.
    hint:
        A feasible assignment to warm-start the search.
    seed:
        CP-SAT random seed.
    max_profiles:
        Largest number of size vectors to solve one by one.

    Returns
    -------
    ExactResult
        ``status == "OPTIMAL"`` when optimality is proven; then ``best_bound == objective``
        up to the integer scaling.

    Notes
    -----
    Model: see the module docstring. The quadratic objective is linearised with
    ``n (n - 1) m / 2`` product variables, which is fine for ``n <= 16`` but useless as a
    bound on the large benchmark instances.
    """
    lo, hi = instance.lower, instance.upper
    profiles = None
    if np.any(lo != hi):
        profiles = size_profiles(lo, hi, instance.n, max_profiles)
    if profiles is None:
        return _solve_model(instance, lo, hi, time_limit, workers, hint, seed)
    t0 = time.perf_counter()
    deadline = t0 + time_limit
    best: ExactResult | None = None
    bound = -np.inf
    proven = True
    for prof in profiles:
        p = np.array(prof, dtype=np.int64)
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            proven = False
            break
        sub_hint = None
        if hint is not None and np.array_equal(np.bincount(hint, minlength=instance.m), p):
            sub_hint = hint
        elif best is not None and best.groups is not None:
            sub_hint = None
        res = _solve_model(instance, p, p, remaining, workers, sub_hint, seed)
        if res.status != "OPTIMAL":
            proven = False
        if res.best_bound is not None:
            bound = max(bound, res.best_bound)
        if res.objective is not None and (best is None or res.objective > best.objective):
            best = res
    wall = time.perf_counter() - t0
    if best is None:
        return ExactResult("UNKNOWN", None, None, None, wall)
    return ExactResult(
        status="OPTIMAL" if proven else "FEASIBLE",
        groups=best.groups,
        objective=best.objective,
        best_bound=float(max(bound, best.objective)) if proven else None,
        wall_time_s=wall,
    )


def _solve_model(
    instance: MDGPInstance,
    lo: np.ndarray,
    hi: np.ndarray,
    time_limit: float,
    workers: int,
    hint: list[int] | np.ndarray | None,
    seed: int | None,
) -> ExactResult:
    """One CP-SAT model of ``instance`` with the group sizes bounded by ``lo``..``hi`` (one
    size profile of :func:`solve_exact`, or the instance's own bounds); parameters, result
    and model as for :func:`solve_exact`."""
    n, m = instance.n, instance.m
    d = instance.distances
    scale = integer_scale(d)
    D = np.round(d * scale).astype(np.int64)

    model = cp_model.CpModel()
    x = {(i, g): model.new_bool_var(f"x[E{i:03d},G{g:02d}]") for i in range(n) for g in range(m)}
    for i in range(n):
        model.add_exactly_one(x[i, g] for g in range(m))
    for g in range(m):
        model.add_linear_constraint(sum(x[i, g] for i in range(n)), int(lo[g]), int(hi[g]))
    terms = []
    ys: dict[tuple[int, int], list] = {(i, g): [] for i in range(n) for g in range(m)}
    for g in range(m):
        for i in range(n):
            for j in range(i + 1, n):
                w = int(D[i, j])
                if w == 0 and lo[g] != hi[g]:
                    continue
                y = model.new_bool_var(f"y[E{i:03d},E{j:03d},G{g:02d}]")
                ys[i, g].append(y)
                ys[j, g].append(y)
                # y = x[i, g] AND x[j, g]
                model.add_implication(y, x[i, g])
                model.add_implication(y, x[j, g])
                model.add_bool_or([y, x[i, g].Not(), x[j, g].Not()])
                if w != 0:
                    terms.append(w * y)
    # redundant cut (tightens the LP bound): an element of group g has at most
    # upper[g] - 1 partners there, and none when it is elsewhere
    for (i, g), partners in ys.items():
        if partners:
            model.add(sum(partners) <= (int(hi[g]) - 1) * x[i, g])
            if lo[g] == hi[g] and len(partners) == n - 1:
                # fixed size: exactly size - 1 partners (every pair has its y variable)
                model.add(sum(partners) == (int(hi[g]) - 1) * x[i, g])
    # symmetry breaking between interchangeable groups (identical bounds)
    for g in range(m):
        for h in range(g + 1, m):
            if lo[g] == lo[h] and hi[g] == hi[h]:
                # only between consecutive members of the same class
                if any(lo[k] == lo[g] and hi[k] == hi[g] for k in range(g + 1, h)):
                    continue
                for i in range(n):
                    model.add(x[i, h] <= sum(x[k, g] for k in range(i)))
    model.maximize(sum(terms))
    if hint is not None:
        h_arr = canonical_labels(np.asarray(hint, dtype=np.int64), lo, hi)
        for i in range(n):
            for g in range(m):
                model.add_hint(x[i, g], bool(h_arr[i] == g))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = int(workers)

    if seed is not None:
        solver.parameters.random_seed = int(seed)
    t0 = time.perf_counter()
    status = solver.solve(model)
    wall = time.perf_counter() - t0
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactResult("UNKNOWN", None, None, solver.best_objective_bound / scale, wall)
    groups = [next(g for g in range(m) if solver.value(x[i, g])) for i in range(n)]
    return ExactResult(
        status="OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE",
        groups=groups,
        objective=instance.objective(groups),
        best_bound=solver.best_objective_bound / scale,
        wall_time_s=wall,
    )
