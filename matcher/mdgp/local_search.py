"""Iterated tabu search for grouping elements so that within-group dissimilarity is maximal.

This is the heuristic behind :func:`matcher.mdgp.solve_mdgp`, written for a generic
dissimilarity matrix so that team matching can reuse it for a ``pairwise`` scoring term:
:func:`maximize_pairwise` takes any symmetric matrix, per-group size bounds, and optional
fixed or forbidden element-group pairs.

Model
-----
Maximise ``f(a) = sum_g sum_{i<j, a_i = a_j = g} d[i, j]`` over assignments ``a`` of the
``n`` elements to ``m`` groups with ``lower[g] <= |{i: a_i = g}| <= upper[g]`` and
``allowed[i, a_i]`` for every ``i``.

Algorithm
---------
Iterated tabu search (ITS) over two neighbourhoods, evaluated exactly and incrementally from
the gain matrix ``G[k, g] = sum_{j in g} d[k, j]`` (kept up to date in ``O(n)`` per move):

- move ``k -> g``: ``delta = G[k, g] - G[k, a_k]``, admissible when sizes stay in bounds;
- swap ``i <-> j``: ``delta = G[i, a_j] - G[i, a_i] + G[j, a_i] - G[j, a_j] - 2 d[i, j]``.

Every iteration takes the best non-tabu neighbour (ties broken at random); an element may
not re-enter a group it left for a random tenure, unless that gives a new best
(aspiration). When a phase has not improved for ``stagnation`` iterations, the search
returns to its best solution and applies a few random swaps (the perturbation). The
neighbourhood scan is compiled with numba (the ``mdgp`` extra) and releases the GIL, so
``workers`` independent searches with different seeds run in parallel threads; the best one is
returned.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from matcher.errors import InputError
from matcher.mdgp.kernels import load_kernels, prepare_kernels

__all__ = [
    "LocalSearchParams",
    "LocalSearchResult",
    "Progress",
    "maximize_pairwise",
    "allowed_matrix",
    "random_feasible_assignment",
]


@dataclass(frozen=True)
class LocalSearchParams:
    """Tuning knobs of the iterated tabu search.

    Parameters
    ----------
    tenure_min, tenure_rand:
        After element ``k`` leaves group ``g`` it may not return for
        ``tenure_min + U{0, tenure_rand - 1}`` iterations. ``None`` picks the default tuned
        on MDGPLIB (n = 120, 240): ``n / 24`` and ``n / 12``.
    stagnation:
        Iterations without improving the current phase's best before perturbing. ``None``
        picks the tuned default ``50 n / 3`` (2000 at n = 120).
    strength_min, strength_max:
        Perturbation strength, as a fraction of ``n``: the number of random swaps applied to
        the best solution is drawn uniformly in ``[strength_min * n, strength_max * n]``.
    move_share:
        Probability that a perturbation step is a random move (which changes group sizes)
        rather than a random swap.
    element_tabu:
        Make a moved element tabu for every group (instead of only the group it left).
    share_interval:
        With several workers, every ``share_interval`` seconds the workers behind the best
        one adopt its best solution as the one they perturb next (``None``: independent).
        Off when ``max_iterations`` is given, so that such runs are reproducible.
    """

    tenure_min: float | None = None
    tenure_rand: float | None = None
    stagnation: float | None = None
    strength_min: float = 0.05
    strength_max: float = 0.15
    move_share: float = 0.0
    element_tabu: bool = False
    share_interval: float | None = 2.0

    def vector(self, n: int, m: int) -> np.ndarray:
        """The kernel's parameter vector ``[tenure_min, tenure_rand, stagnation, smin, smax]``."""
        ten_min = self.tenure_min if self.tenure_min is not None else max(3.0, n / 24.0)
        ten_rand = self.tenure_rand if self.tenure_rand is not None else max(2.0, n / 12.0)
        stag = self.stagnation if self.stagnation is not None else max(200.0, 50.0 * n / 3.0)
        return np.array(
            [
                ten_min,
                ten_rand,
                stag,
                self.strength_min,
                self.strength_max,
                self.move_share,
                1.0 if self.element_tabu else 0.0,
            ],
            dtype=np.float64,
        )


@dataclass(frozen=True)
class Progress:
    """What a progress callback receives: the best objective so far and when it was found."""

    objective: float
    elapsed_s: float
    iterations: int


@dataclass(frozen=True)
class LocalSearchResult:
    """Outcome of :func:`maximize_pairwise`.

    Attributes
    ----------
    groups:
        ``groups[i]`` is the 0-based group of element ``i``.
    objective:
        ``sum_g sum_{i<j in g} d[i, j]``, recomputed directly from ``groups``.
    iterations:
        Tabu iterations summed over all workers.
    perturbations:
        Number of perturbations summed over all workers.
    wall_time_s:
        Wall-clock time spent.
    """

    groups: np.ndarray
    objective: float
    iterations: int
    perturbations: int
    wall_time_s: float


def allowed_matrix(
    n: int,
    m: int,
    fixed: Mapping[int, int] | None = None,
    forbidden: Iterable[tuple[int, int]] | None = None,
) -> np.ndarray:
    """Boolean ``(n, m)`` matrix of admissible element-group pairs.

    Parameters
    ----------
    n, m:
        Numbers of elements and groups.
    fixed:
        ``{element: group}``: the element must go to that group.
    forbidden:
        ``(element, group)`` pairs that must not be used.
    """
    allowed = np.ones((n, m), dtype=np.bool_)
    for i, g in forbidden or ():
        _check_pair(i, g, n, m, "forbidden")
        allowed[i, g] = False
    for i, g in (fixed or {}).items():
        _check_pair(i, g, n, m, "fixed")
        if not allowed[i, g]:
            raise InputError(f"element {i} is both fixed to and forbidden from group {g}")
        allowed[i, :] = False
        allowed[i, g] = True
    return allowed


def _check_pair(i: int, g: int, n: int, m: int, what: str) -> None:
    if not (0 <= i < n and 0 <= g < m):
        raise InputError(
            f"{what} pair ({i}, {g}) out of range: elements 0..{n - 1}, groups 0..{m - 1}"
        )


def random_feasible_assignment(
    allowed: np.ndarray, lower: np.ndarray, upper: np.ndarray, rng: np.random.Generator
) -> np.ndarray | None:
    """A random assignment respecting size bounds and ``allowed``, or ``None`` if none exists.

    Elements are placed in random order by augmenting paths: first until every group reaches
    its lower bound, then up to the upper bounds. Augmenting paths never empty a group that
    has reached its capacity, so the first phase's lower bounds stay met in the second.
    """
    n, m = allowed.shape
    a = np.full(n, -1, dtype=np.int64)
    members: list[list[int]] = [[] for _ in range(m)]
    order = rng.permutation(n)
    choices = [rng.permutation(np.flatnonzero(allowed[i])).tolist() for i in range(n)]

    def augment(start: int, cap: np.ndarray) -> bool:
        # BFS from element `start` over element -> group -> member-of-group edges
        parent_group: dict[int, tuple[int, int]] = {}  # group -> (element that enters, from group)
        frontier = [start]
        seen_elem = {start}
        while frontier:
            nxt = []
            for e in frontier:
                for g in choices[e]:
                    if g in parent_group or g == a[e]:
                        continue
                    parent_group[g] = (e, int(a[e]))
                    if len(members[g]) < cap[g]:
                        # found: unwind
                        gg = g
                        while True:
                            el, frm = parent_group[gg]
                            if frm >= 0:
                                members[frm].remove(el)
                            members[gg].append(el)
                            a[el] = gg
                            if frm < 0:
                                return True
                            gg = frm
                    for e2 in members[g]:
                        if e2 not in seen_elem:
                            seen_elem.add(e2)
                            nxt.append(e2)
            frontier = nxt
        return False

    need = int(lower.sum())
    cap = lower.copy()
    placed = 0
    pending = []
    for e in order:
        if placed < need and augment(int(e), cap):
            placed += 1
        else:
            pending.append(int(e))
    if placed < need:
        return None
    cap = upper.copy()
    for e in pending:
        if not augment(e, cap):
            return None
    return a


def best_size_profile(
    lower: np.ndarray, upper: np.ndarray, n: int, mean_distance: float
) -> np.ndarray:
    """Group sizes that maximise the expected objective of a random grouping.

    With sizes ``s_g``, a random grouping scores on average
    ``mean_distance * sum_g s_g (s_g - 1) / 2``; this solves
    ``max sum_g s_g (s_g - 1) / 2`` (or its negative when ``mean_distance < 0``) subject to
    ``lower <= s <= upper`` and ``sum_g s_g = n`` exactly, by dynamic programming over
    groups. For ``ds`` instances this fixes the coarse structure that a swap-based search
    cannot change cheaply: a convex objective wants groups as unequal as the bounds allow.
    """
    m = len(lower)
    sign = 1.0 if mean_distance >= 0 else -1.0
    neg = -np.inf
    value = np.full(n + 1, neg)
    value[0] = 0.0
    choice = np.zeros((m, n + 1), dtype=np.int64)
    for g in range(m):
        new = np.full(n + 1, neg)
        for s in range(int(lower[g]), int(upper[g]) + 1):
            gain = sign * s * (s - 1) / 2.0
            if s > n:
                break
            cand = np.full(n + 1, neg)
            cand[s:] = value[: n + 1 - s] + gain
            better = cand > new
            new[better] = cand[better]
            choice[g, better] = s
        value = new
    sizes = np.zeros(m, dtype=np.int64)
    total = n
    for g in range(m - 1, -1, -1):
        sizes[g] = choice[g, total]
        total -= sizes[g]
    return sizes


def maximize_pairwise(
    dissimilarity: np.ndarray,
    lower: Iterable[int],
    upper: Iterable[int],
    *,
    time_limit: float,
    fixed: Mapping[int, int] | None = None,
    forbidden: Iterable[tuple[int, int]] | None = None,
    initial: Iterable[int] | None = None,
    workers: int = 1,
    seed: int | None = 0,
    max_iterations: int | None = None,
    target: float | None = None,
    params: LocalSearchParams | None = None,
    callback: Callable[[Progress], None] | None = None,
) -> LocalSearchResult:
    """Group elements so that the sum of within-group dissimilarities is as large as possible.

    Parameters
    ----------
    dissimilarity:
        Symmetric ``(n, n)`` float matrix ``d`` with zero diagonal (negative entries allowed).
    lower, upper:
        Per-group size bounds, length ``m``.
    time_limit:
        Wall-clock seconds for the search. Compiling the kernels (the first run after
        installing, about 15 s; see :mod:`matcher.mdgp.kernels`) happens before and is not
        counted.
    fixed:
        ``{element: group}`` pairs that must hold.
    forbidden:
        ``(element, group)`` pairs that must not hold.
    initial:
        A feasible starting assignment (for example a warm start); random when ``None``.
        Every worker starts from it.
    workers:
        Independent searches run in parallel threads, with seeds ``seed, seed + 1, ...``.
    seed:
        Random seed; ``None`` draws one from the operating system.
    max_iterations:
        Stop each worker after this many tabu iterations (for reproducible runs).
    target:
        Stop as soon as an objective ``>= target - 1e-9`` is found.
    params:
        Tuning knobs; defaults suit the MDGPLIB benchmark.
    callback:
        Called from the calling thread with a :class:`Progress` whenever the best objective
        improves (at most once per chunk of iterations, about every 20-50 ms).

    Returns
    -------
    LocalSearchResult

    Raises
    ------
    InputError
        If the inputs are inconsistent or no assignment satisfies the bounds and the
        fixed/forbidden pairs.
    MissingExtra
        numba (the ``mdgp`` extra) is not installed.

    Notes
    -----
    Model: maximise ``sum_g sum_{i<j} d[i, j] x[i, g] x[j, g]`` subject to
    ``sum_g x[i, g] = 1``, ``lower[g] <= sum_i x[i, g] <= upper[g]``, ``x[i, g] = 0`` for
    forbidden pairs and ``x[i, g] = 1`` for fixed ones.

    Examples
    --------
    >>> import numpy as np
    >>> d = np.array([[0, 1, 5, 1], [1, 0, 1, 5], [5, 1, 0, 1], [1, 5, 1, 0]], float)
    >>> res = maximize_pairwise(d, [2, 2], [2, 2], time_limit=1.0, max_iterations=50)
    >>> res.objective
    10.0
    """
    prepare_kernels()  # compile or load the kernels before the clock starts
    K = load_kernels()
    start = time.perf_counter()
    d = np.ascontiguousarray(dissimilarity, dtype=np.float64)
    lo = np.ascontiguousarray(list(lower), dtype=np.int64)
    hi = np.ascontiguousarray(list(upper), dtype=np.int64)
    if d.ndim != 2 or d.shape[0] != d.shape[1]:
        raise InputError(f"dissimilarity must be a square matrix, got shape {d.shape}")
    n = d.shape[0]
    m = lo.shape[0]
    if hi.shape != (m,) or m < 1:
        raise InputError("lower and upper must have the same positive length")
    if not np.allclose(d, d.T) or not np.all(np.isfinite(d)):
        raise InputError("dissimilarity must be finite and symmetric")
    if np.any(lo < 0) or np.any(lo > hi):
        raise InputError("group bounds need 0 <= lower[g] <= upper[g]")
    if workers < 1:
        raise InputError("workers must be at least 1")
    d = d.copy()
    np.fill_diagonal(d, 0.0)
    allowed = allowed_matrix(n, m, fixed, forbidden)
    dmin = float(d[~np.eye(n, dtype=bool)].min()) if n > 1 else 0.0
    par = (params or LocalSearchParams()).vector(n, m)

    profile = None
    if np.any(lo != hi) and n > 1:
        mean_d = float(d.sum() / (n * (n - 1)))
        profile = best_size_profile(lo, hi, n, mean_d)
    seed_seq = np.random.SeedSequence(seed)
    child_seeds = seed_seq.spawn(workers)
    states = []
    for w in range(workers):
        gen = np.random.default_rng(child_seeds[w])
        if initial is not None:
            a = np.array(list(initial), dtype=np.int64)
            if a.shape != (n,) or np.any((a < 0) | (a >= m)) or not allowed[np.arange(n), a].all():
                raise InputError("initial assignment does not fit the elements, groups or pairs")
            sizes = np.bincount(a, minlength=m)
            if np.any(sizes < lo) or np.any(sizes > hi):
                raise InputError("initial assignment violates the group size bounds")
        else:
            a = None
            if profile is not None:
                a = random_feasible_assignment(allowed, profile, profile, gen)
            if a is None:
                a = random_feasible_assignment(allowed, lo, hi, gen)
            if a is None:
                raise InputError(
                    "no grouping satisfies the size bounds together with the fixed and "
                    "forbidden pairs"
                )
        size = np.zeros(m, dtype=np.int64)
        gt = np.zeros((m, n))
        mem = np.zeros((m, n), dtype=np.int64)
        pos = np.zeros(n, dtype=np.int64)
        f = K.reset_state(d, a, size, gt, mem, pos, m)
        rng = np.array([int(gen.integers(1, 2**62))], dtype=np.uint64)
        states.append(
            dict(
                a=a,
                size=size,
                gt=gt,
                mem=mem,
                pos=pos,
                tabu=np.zeros((n, m), dtype=np.int64),
                best_a=a.copy(),
                fs=np.array([f, f, f]),
                ist=np.zeros(4, dtype=np.int64),
                rng=rng,
            )
        )

    def run(st: dict, iters: int) -> None:
        K.tabu_chunk(
            d,
            lo,
            hi,
            allowed,
            dmin,
            st["a"],
            st["size"],
            st["gt"],
            st["mem"],
            st["pos"],
            st["tabu"],
            st["best_a"],
            st["fs"],
            st["ist"],
            st["rng"],
            par,
            iters,
        )

    def best_state() -> dict:
        return max(states, key=lambda s: s["fs"][1])

    deadline = start + time_limit
    share_every = (params or LocalSearchParams()).share_interval if workers > 1 else None
    if max_iterations is not None:
        share_every = None  # sharing depends on the clock; keep iteration-bounded runs reproducible
    last_share = time.perf_counter()
    chunk = 1
    reported = -np.inf
    pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        while True:
            now = time.perf_counter()
            if now >= deadline:
                break
            if max_iterations is not None:
                left = max_iterations - int(states[0]["ist"][0])
                if left <= 0:
                    break
                iters = min(chunk, left)
            else:
                iters = chunk
            t0 = time.perf_counter()
            if pool is None:
                run(states[0], iters)
            else:
                list(pool.map(run, states, [iters] * len(states)))
            dt = time.perf_counter() - t0
            # aim for chunks of about 30 ms, never past the deadline
            remaining = deadline - time.perf_counter()
            per_iter = dt / max(iters, 1)
            want = min(0.03, max(remaining, 0.0))
            chunk = int(max(1, min(chunk * 4, want / max(per_iter, 1e-9))))
            bst = best_state()
            if share_every is not None and time.perf_counter() - last_share >= share_every:
                last_share = time.perf_counter()
                for st_ in states:
                    if st_["fs"][1] < bst["fs"][1] - 1e-9:
                        st_["best_a"][:] = bst["best_a"]
                        st_["fs"][1] = bst["fs"][1]
            if bst["fs"][1] > reported + 1e-9:
                reported = float(bst["fs"][1])
                if callback is not None:
                    callback(
                        Progress(
                            reported,
                            time.perf_counter() - start,
                            int(sum(int(s["ist"][0]) for s in states)),
                        )
                    )
            if target is not None and reported >= target - 1e-9:
                break
            if all(st_["ist"][3] for st_ in states):
                break  # no neighbour exists: nothing left to search
    finally:
        if pool is not None:
            pool.shutdown(wait=True)

    bst = best_state()
    groups = bst["best_a"].copy()
    same = groups[:, None] == groups[None, :]
    objective = float(0.5 * d[same].sum())
    return LocalSearchResult(
        groups=groups,
        objective=objective,
        iterations=int(sum(int(s["ist"][0]) for s in states)),
        perturbations=int(sum(int(s["ist"][2]) for s in states)),
        wall_time_s=time.perf_counter() - start,
    )
