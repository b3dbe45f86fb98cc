"""Weight sweeps that share what they find: one row per point of a grid of weights.

Every point solves the same rules under its own weights, so what one point finds is worth
something at every other:

- **Teams.** Every formation found at any point is scored at every point (the terms are
  solver-free, :func:`matcher.score`), and a point's row reports the best formation found
  anywhere (``teams_from`` names the point whose search found it): no row scores below another
  point's teams under its own weights. A point's *second* search (below) starts from the best
  of them (a hint, ``hint_from``); its first does not, because a hinted solve proves weaker
  bounds: on held-out ``mixed`` cohorts, 50 points, ``-t 120 --jobs 2``, hinting the first
  searches left 8 of 50 points unproven at 300 x 36 (none unhinted) and a median gap of 11.7%
  at 1,000 x 100 (3.3% unhinted); at 1,000 x 100 and 3.6 s, one point's own bound was 177,248
  with a hint and 50,800 without. Ties go to the lexicographically largest term values, so
  that a point with a zero weight does not report teams weakly dominated by other teams found
  (a tie-break among the teams found: it proves nothing about teams not found).
- **Bounds.** The optimal value ``V(w)`` is a maximum of functions linear in the weights, hence
  sublinear: ``V(sum_j l_j w_j) <= sum_j l_j V(w_j)`` for ``l_j >= 0``. A point's bound is the
  smaller of its own search's and the best such combination of the other points' proven bounds
  (:func:`matcher.sweep_bound.combined_bound`, exact rational arithmetic); ``bound_from`` says
  which. A point whose teams reach that bound is proven optimal: its search stops there, or is
  not run at all when the teams found before it already reach it.
- **A second pass.** When every point has had its search, the points still unproven are
  searched again in the same order, from the best teams found anywhere (as a hint) and with
  the bounds of every point, each for ``point_time_limit`` or its share of the time left if
  larger, while the call's time limit leaves each a whole slot (``passes`` counts a point's
  searches).

**Order and determinism.** Points are solved corners first, then by halving the grid along
each axis (:func:`solve_order`), so that the first points bound the others. With ``jobs`` points
solved at once, the point in position ``p`` of that order starts once every point up to ``p -
jobs`` is done, and uses exactly what those found and proved: never what happened to finish
first. So with ``workers=1`` a rerun with the same ``jobs`` and the same time limits gives the
same rows whenever every point ends within its time limit (a point cut by the clock, or given
less time because the whole call ran late, may differ; so may the points the second pass
reached before the call's time limit). ``wall_time_s`` is never reproducible.

A row also records everything needed to reproduce it: the point's weights (``weight_<term>``
and ``config``), the seed, the CP-SAT workers, the point's time limit, the versions of
matcher, OR-Tools and Python, and a hash of the problem (``problem_sha256``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import platform
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any

from matcher.check import score
from matcher.distribution import install_hint
from matcher.errors import InputError, MatcherError
from matcher.figures import FIGURE_COLUMNS, cohort_figures
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.registry import canonical_term_name, effective_weights, make_term
from matcher.result import Progress, Result, Status
from matcher.sweep_bound import combined_bound

if TYPE_CHECKING:
    import pandas as pd

#: Columns every row has after the weights and the term values, in order.
TRAILER_COLUMNS: tuple[str, ...] = (*FIGURE_COLUMNS, "seed", "workers", "time_limit_s",
                                    "matcher_version", "ortools_version", "python_version",
                                    "config", "problem_sha256", "wall_time_s")

#: Columns that may differ between two runs of the same sweep.
NON_REPRODUCIBLE: frozenset[str] = frozenset({"wall_time_s"})

#: Share of each point's slot given to its search (model building counts in a solve's limit,
#: and the points solved at once end together only on average).
POINT_SHARE: float = 0.8
#: Seconds to start a pool of local processes (each imports matcher and receives the problem).
POOL_START: float = 3.0
#: Seconds a point's search must have at least; a point left less by the whole call's clock
#: is not searched (its row still gets the teams and bounds the others found).
MIN_POINT_TIME: float = 0.1

#: Seconds kept from the call's time limit for the rows (scoring, bounds and figures of every
#: point: per row and student, with a margin for a search ending past its limit). The
#: 1,000-student benchmark ended 0.7 s past ``-t 120`` without it.
FINISH_MARGIN: float = 0.5
FINISH_PER_ROW_STUDENT: float = 2e-5

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


def _halving_levels(n: int) -> list[int]:
    """Level of each of ``n`` positions on an axis: the two ends 0, the middle 1, the middles
    of the halves 2, and so on."""
    level = [-1] * n
    if n == 0:
        return level
    level[0] = level[-1] = 0
    spans = [(0, n - 1)]
    depth = 0
    while spans:
        depth += 1
        nxt = []
        for lo, hi in spans:
            if hi - lo < 2:
                continue
            mid = (lo + hi) // 2
            level[mid] = depth
            nxt += [(lo, mid), (mid, hi)]
        spans = nxt
    return level


def solve_order(grid: Mapping[str, Sequence[int]]) -> list[int]:
    """The order in which the points of ``grid`` are solved: by the coarsest level at which a
    halving of every axis reaches them (corners first), then in grid order.

    >>> solve_order({"preference": [1, 2, 3], "discipline": [0, 10, 20]})
    [0, 2, 6, 8, 1, 3, 4, 5, 7]
    """
    levels = [_halving_levels(len(values)) for values in grid.values()]
    combos = list(itertools.product(*(range(len(values)) for values in grid.values())))
    return sorted(range(len(combos)),
                  key=lambda i: (max((lv[k] for lv, k in zip(levels, combos[i], strict=True)),
                                     default=0), i))


def versions() -> dict[str, str]:
    """``matcher_version``, ``ortools_version``, ``python_version`` of this process."""
    from importlib.metadata import PackageNotFoundError, version

    import ortools

    from matcher.distribution import DISTRIBUTION

    try:
        ours = version(DISTRIBUTION)
    except PackageNotFoundError:  # a source tree that is not installed, as matcher.__version__
        ours = "0.0.0+unknown"
    return {"matcher_version": ours, "ortools_version": ortools.__version__,
            "python_version": platform.python_version()}


def config_json(problem: Problem, weights: Mapping[str, int] | None = None) -> str:
    """The rules, the weights (the problem's, overridden by ``weights``: a point's own) and the
    ``[pairwise]`` settings as compact, sorted JSON."""
    data = {"rules": problem.rules.model_dump(mode="json", exclude_defaults=True),
            "weights": effective_weights(problem, weights),
            "pairwise": problem.pairwise.model_dump(mode="json", exclude_defaults=True)}
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def problem_hash(problem: Problem) -> str:
    """SHA-256 of the problem's JSON: the same cohort, ideas, rules and weights, the same hash."""
    return hashlib.sha256(problem.model_dump_json().encode()).hexdigest()


@dataclass(frozen=True)
class PointRun:
    """What one point's search returned: its result, and whether it stopped because its teams
    reached the bound the other points proved (``met_shared_bound``)."""

    result: Result
    met_shared_bound: bool = False


def run_point(problem: Problem, weights: Mapping[str, int], *, time_limit: float | None,
              workers: int, seed: int, hint: Mapping[str, str | None] | None = None,
              stop_at: int | None = None) -> PointRun:
    """Solve one point, from ``hint``, stopping as soon as the objective reaches ``stop_at``
    (a proven upper bound: the teams are then optimal).

    A top-level function, so that a process pool or a Dask worker can run it.
    """
    from matcher.solve import solve

    stop = threading.Event()
    met = threading.Event()

    def progress(p: Progress) -> None:
        if stop_at is not None and p.objective is not None and p.objective >= stop_at:
            met.set()
            stop.set()

    # a sweep trades the plain weighted sum's terms
    result = solve(problem, weights=weights, time_limit=time_limit, workers=workers, seed=seed,
                   hint=hint, stop=stop, callback=progress if stop_at is not None else None,
                   choices_first=False)
    met_bound = (met.is_set() and stop_at is not None and result.objective is not None
                 and result.objective >= stop_at)
    return PointRun(result=result, met_shared_bound=met_bound)


@dataclass(frozen=True)
class Formation:
    """Teams found by one point's search, with their raw term values (in the sweep's term
    order)."""

    point: int
    assignment: dict[str, str | None]
    values: tuple[int, ...]

    def worth(self, weights: Sequence[int]) -> int:
        """``sum_k w_k t_k``: the objective of these teams under ``weights``."""
        return sum(w * v for w, v in zip(weights, self.values, strict=True))


@dataclass
class _Shared:
    """What the finished points found (teams) and proved (bounds), by solve position."""

    formations: list[tuple[int, Formation]] = field(default_factory=list)
    bounds: list[tuple[int, tuple[int, ...], int]] = field(default_factory=list)
    seen: set[frozenset[tuple[str, str | None]]] = field(default_factory=set)

    def add(self, position: int, formation: Formation | None,
            vector: tuple[int, ...], bound: int | None) -> None:
        if formation is not None:
            key = frozenset(formation.assignment.items())
            if key not in self.seen:
                self.seen.add(key)
                self.formations.append((position, formation))
        if bound is not None:
            self.bounds.append((position, vector, bound))

    def best(self, weights: Sequence[int], upto: int | None = None) -> Formation | None:
        """The best formation under ``weights`` among those found at positions <= ``upto``
        (all if ``None``); ties: the lexicographically largest term values, then the first
        found."""
        out = None
        key: tuple[int, tuple[int, ...]] | None = None
        for position, f in self.formations:
            if upto is not None and position > upto:
                continue
            k = (f.worth(weights), f.values)
            if key is None or k > key:
                out, key = f, k
        return out

    def bound(self, weights: Sequence[int], upto: int | None = None) -> int | None:
        """The best combination bound at ``weights`` from the bounds proved at positions <=
        ``upto`` (all if ``None``)."""
        known = [(v, b) for position, v, b in self.bounds if upto is None or position <= upto]
        return combined_bound(weights, known) if known else None


class _Runner:
    """Runs points at once: in this process, in local processes, or on a Dask cluster."""

    def __init__(self, problem: Problem, jobs: int, scheduler: str | None,
                 connect_timeout: float) -> None:
        self.problem = problem
        self.pool: ProcessPoolExecutor | None = None
        self.client: Any = None
        self.shared: Any = None
        if scheduler:
            try:
                from distributed import Client
            except ImportError:
                raise MatcherError(tr("a Dask scheduler needs dask.distributed: {command}",
                                      command=install_hint("dask"))) from None
            try:
                self.client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
            except (OSError, TimeoutError) as e:
                raise MatcherError(tr("cannot reach the Dask scheduler at {address}: {error}",
                                      address=scheduler, error=e)) from None
            self.shared = self.client.scatter(problem, broadcast=True)
            from distributed import as_completed

            self.completed = as_completed([], loop=self.client.loop)
        elif jobs > 1:
            # spawn, not fork: the parent may hold threads (CP-SAT, a progress bar)
            self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"))

    def submit(self, weights: dict[str, int], time_limit: float | None, workers: int, seed: int,
               hint: dict[str, str | None] | None, stop_at: int | None) -> Any:
        if self.client is not None:
            # positional arguments: ``workers=`` means something else to ``Client.submit``
            fut = self.client.submit(_run_point_positional, self.shared, weights, time_limit,
                                     workers, seed, hint, stop_at, pure=False)
            self.completed.add(fut)
            return fut
        if self.pool is not None:
            return self.pool.submit(run_point, self.problem, weights, time_limit=time_limit,
                                    workers=workers, seed=seed, hint=hint, stop_at=stop_at)
        fut: Future[PointRun] = Future()
        fut.set_result(run_point(self.problem, weights, time_limit=time_limit,
                                 workers=workers, seed=seed, hint=hint, stop_at=stop_at))
        return fut

    def first_done(self, futures: list[Any]) -> list[Any]:
        if self.client is not None:
            return [next(self.completed)]
        return list(wait(futures, return_when=FIRST_COMPLETED).done)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        if self.client is not None:
            self.client.close()


def _run_point_positional(problem: Problem, weights: Mapping[str, int],
                          time_limit: float | None, workers: int, seed: int,
                          hint: Mapping[str, str | None] | None,
                          stop_at: int | None) -> PointRun:
    return run_point(problem, weights, time_limit=time_limit, workers=workers, seed=seed,
                     hint=hint, stop_at=stop_at)


def default_jobs(workers: int) -> int:
    """Points solved at once by default: the cores divided by each point's workers."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def split_time(time_limit: float, n_points: int, at_once: int, *, start: float = 0.0) -> float:
    """Each point's time limit when ``n_points`` points share ``time_limit`` seconds,
    ``at_once`` at a time after ``start`` seconds of start-up: :data:`POINT_SHARE` of one
    round's slot, rounded down to a tenth of a second (the same on every run)."""
    rounds = max(1, math.ceil(n_points / max(1, at_once)))
    return math.floor(10 * POINT_SHARE * (time_limit - start) / rounds) / 10


def sweep_rows(
    problem: Problem,
    grid: Mapping[str, Sequence[int]],
    *,
    time_limit: float | None = None,
    point_time_limit: float | None = None,
    workers: int = 1,
    seed: int = 0,
    jobs: int | None = None,
    scheduler: str | None = None,
    connect_timeout: float = 30.0,
    share: bool = True,
    callback: SweepCallback | None = None,
) -> list[dict[str, Any]]:
    """The rows of :func:`sweep` as dicts (each with its ``teams``), in grid order."""
    started = time.monotonic()
    grid = {canonical_term_name(k): list(v) for k, v in grid.items()}
    points = grid_points(grid)
    if not points:
        raise InputError(tr("the grid has no point: give at least one weight per term"),
                         column="grid")
    names = list(effective_weights(problem, points[0]))  # raises on an unknown term
    point_weights = [effective_weights(problem, p) for p in points]
    vectors = [tuple(w[n] for n in names) for w in point_weights]
    at_once = max(1, min(len(points), jobs or (1 if scheduler else default_jobs(workers))))
    if point_time_limit is None and time_limit is not None:
        start = POOL_START if at_once > 1 or scheduler else 0.0
        point_time_limit = split_time(time_limit, len(points), at_once, start=start)
        if point_time_limit < MIN_POINT_TIME:
            raise InputError(tr("the time limit ({limit:g} s) is too short for {count} "
                                "points", limit=time_limit, count=len(points)),
                             column="time_limit",
                             hint=tr("give a longer time limit or a point_time_limit"))
    # the rows are computed after the last point (figures, bounds): their time is kept aside,
    # with a margin for a search ending a little past its limit
    finish = FINISH_MARGIN + FINISH_PER_ROW_STUDENT * len(points) * len(problem.students)
    deadline = None if time_limit is None else started + time_limit - finish
    order = solve_order(grid) if share else list(range(len(points)))
    position_of = {i: p for p, i in enumerate(order)}
    shared = _Shared()
    state = [_PointState() for _ in points]
    done_count = 0

    def record(i: int, position: int, run: PointRun | None) -> None:
        nonlocal done_count
        st = state[i]
        if run is not None or st.passes == 0:
            st.run = run  # a second pass proven by the others keeps the first search's row
        r = run.result if run is not None else None
        formation = None
        # the bound of a search stopped early (its teams met the shared bound) is not needed,
        # and not relied on: it may be a partial model's
        bound = r.best_bound if r is not None and not r.interrupted else None
        if r is not None:
            st.passes += 1
            if bound is not None:
                st.bound = bound if st.bound is None else min(st.bound, bound)
            if r.has_solution:
                values = score(problem, r.assignment, point_weights[i])
                formation = Formation(point=i, assignment=dict(r.assignment),
                                      values=tuple(values[n] for n in names))
                st.own = formation
        shared.add(position, formation, vectors[i], bound)
        if position < len(points):
            done_count += 1
            if callback is not None:
                callback(done_count, len(points))

    def run_pass(queue: list[int], base: int, *, full_slots: bool,
                 slot: float | None) -> None:
        """Solve ``queue`` in order, position ``base + k`` using what positions up to
        ``base + k - at_once`` found (and every earlier pass), each for ``slot`` seconds."""
        running: dict[Any, tuple[int, int]] = {}
        finished: set[int] = set()
        k = 0
        while k < len(queue) or running:
            done_prefix = next((j for j in range(len(queue)) if j not in finished), len(queue))
            while k < len(queue) and len(running) < at_once and k - at_once < done_prefix:
                i = queue[k]
                upto = max(base - 1, base + k - at_once)
                hint = shared.best(vectors[i], upto) if share and upto >= 0 else None
                bound = shared.bound(vectors[i], upto) if share and upto >= 0 else None
                limit = slot
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if full_slots and limit is not None and left < limit:
                        return  # a second pass only takes whole slots
                    limit = left if limit is None else min(limit, left)
                k += 1
                st = state[i]
                if hint is not None and bound is not None and hint.worth(vectors[i]) >= bound:
                    if st.passes == 0:
                        st.hint, st.limit = None, None
                    finished.add(k - 1)
                    record(i, base + k - 1, None)  # proven by the others: no search
                elif limit is not None and limit < MIN_POINT_TIME:
                    finished.add(k - 1)
                    record(i, base + k - 1, None)  # no time left for it
                else:
                    # the first search of a point goes unhinted: a hinted solve proves
                    # weaker bounds (see the module docstring); the second starts from the
                    # best teams (its bound is kept only where it is the better one)
                    start = hint if full_slots else None
                    st.hint, st.limit = start, limit
                    fut = runner.submit(point_weights[i], limit, workers, seed,
                                        start.assignment if start else None, bound)
                    running[fut] = (i, k - 1)
            if running:
                for fut in runner.first_done(list(running)):
                    i, j = running.pop(fut)
                    finished.add(j)
                    record(i, base + j, fut.result())

    runner = _Runner(problem, at_once, scheduler, connect_timeout)
    try:
        if scheduler and jobs is None:  # as many at once as the Dask cluster has threads
            at_once = max(1, min(len(points), sum(runner.client.nthreads().values())))
        run_pass(order, 0, full_slots=False, slot=point_time_limit)
        if share:  # a second go, from the best teams and bounds, for the points unproven
            again = [i for i in order if state[i].run is not None
                     and not _proven(shared, vectors[i], state[i].bound)]
            slot = point_time_limit
            if again and deadline is not None and slot is not None:  # what is left, shared
                slot = max(slot, split_time(deadline - time.monotonic(), len(again), at_once))
            run_pass(again, len(points), full_slots=True, slot=slot)
    finally:
        runner.close()
    stamp = {**versions(), "problem_sha256": problem_hash(problem)}
    return [_row(problem, i, points, names, vectors, state[i], shared, position_of[i],
                 share=share, workers=workers, seed=seed, stamp=stamp)
            for i in range(len(points))]


@dataclass
class _PointState:
    """A point's searches so far: the last run, its hint and limit, the best own bound and
    teams, how many searches ran."""

    run: PointRun | None = None
    hint: Formation | None = None
    limit: float | None = None
    bound: int | None = None
    own: Formation | None = None
    passes: int = 0


def _proven(shared: _Shared, weights: tuple[int, ...], own_bound: int | None) -> bool:
    best = shared.best(weights)
    bounds = [b for b in (own_bound, shared.bound(weights)) if b is not None]
    return best is not None and bool(bounds) and best.worth(weights) >= min(bounds)


def _row(problem: Problem, i: int, points: list[dict[str, int]], names: list[str],
         vectors: list[tuple[int, ...]], st: _PointState, shared: _Shared, position: int, *,
         share: bool, workers: int, seed: int, stamp: dict[str, str]) -> dict[str, Any]:
    from matcher.search.progress import relative_gap

    w = vectors[i]
    run, hint, limit, own = st.run, st.hint, st.limit, st.own
    r = run.result if run is not None else None
    own_bound = st.bound
    if share:
        best = shared.best(w)
        combined = shared.bound(w)
    else:
        best = own
        combined = None
    objective = best.worth(w) if best is not None else None
    bounds = [b for b in (own_bound, combined) if b is not None]
    bound = min(bounds) if bounds else None
    bound_from = None if bound is None else "own" if bound == own_bound else "shared"
    if objective is not None and bound is not None and objective >= bound:
        status = Status.OPTIMAL.value
    elif objective is not None:
        status = Status.FEASIBLE.value
    elif r is not None:
        status = r.status.value
    else:
        status = Status.UNKNOWN.value
    row: dict[str, Any] = {"point": i}
    row.update({f"weight_{n}": v for n, v in zip(names, w, strict=True)})
    row.update(status=status, objective=objective, best_bound=bound,
               gap=None if objective is None or bound is None
               else round(relative_gap(objective, bound) or 0.0, 9),
               teams_from=best.point if best is not None else None, bound_from=bound_from,
               solve_order=position, passes=st.passes,
               hint_from=hint.point if hint is not None else None,
               solve_status=r.status.value if r is not None else "NOT_RUN",
               solve_objective=r.objective if r is not None else None,
               solve_bound=own_bound,
               met_shared_bound=run.met_shared_bound if run is not None else False)
    for n, v in zip(names, best.values if best is not None else [None] * len(names),
                    strict=True):
        row[n] = v
    figures = cohort_figures(problem, best.assignment) if best is not None \
        else dict.fromkeys(FIGURE_COLUMNS)
    row.update(figures)
    row.update(seed=seed, workers=workers,
               time_limit_s=None if limit is None else round(limit, 3),
               matcher_version=stamp["matcher_version"],
               ortools_version=stamp["ortools_version"],
               python_version=stamp["python_version"],
               config=config_json(problem, points[i]), problem_sha256=stamp["problem_sha256"],
               wall_time_s=round(r.wall_time_s, 3) if r is not None else 0.0)
    row["teams"] = dict(best.assignment) if best is not None else None
    return row


def sweep(
    problem: Problem,
    grid: Mapping[str, Sequence[int]],
    *,
    time_limit: float | None = None,
    point_time_limit: float | None = None,
    workers: int = 1,
    seed: int = 0,
    jobs: int | None = None,
    scheduler: str | None = None,
    connect_timeout: float = 30.0,
    share: bool = True,
    callback: SweepCallback | None = None,
) -> pd.DataFrame:
    """Solve the problem at every point of a weight grid, the points sharing what they find.

    Parameters
    ----------
    problem:
        The problem; its weights are the base that each point overrides.
    grid:
        Term name -> the weights to try (see :func:`parse_grid`, :func:`grid_points`).
    time_limit:
        Seconds for the whole call (wall clock), as ``matcher sweep --time-limit``: unless
        ``point_time_limit`` is given, each point gets :data:`POINT_SHARE` of an equal share of
        it, the points solved at once (``jobs``) counted as such; a point never runs past the
        call's limit. ``None`` (and no ``point_time_limit``): every point waits for a proof.
    point_time_limit:
        Seconds for each point's search (as ``--point-time-limit``).
    workers, seed:
        CP-SAT workers and seed of every point. ``workers=1`` (the default) makes each search
        deterministic.
    jobs:
        Points solved at once, in local processes (default: cores // workers, at least 1;
        ``jobs=1`` solves in this process) or on the Dask cluster (default: its threads).
        The rows depend on it (see the module docstring): keep it for a rerun.
    scheduler:
        Address of a Dask distributed scheduler (``tcp://host:8786``): the points run on its
        workers, which need ``matcher`` installed (the same version, for identical rows).
    connect_timeout:
        Seconds to wait for the scheduler before giving up.
    share:
        ``False`` solves every point on its own, in grid order, as sweeps did before they
        shared anything (for comparison).
    callback:
        Called with ``(done, total)`` after each point.

    Returns
    -------
    pandas.DataFrame
        One row per point, in grid order: ``point`` (0-based), ``weight_<term>`` for every
        term of the point's effective weights, ``status`` (``OPTIMAL`` when the teams reach
        the bound), ``objective`` (of the best teams found at any point, under this point's
        weights), ``best_bound`` and ``gap``, ``teams_from`` (the point whose search found
        those teams), ``bound_from`` (``own`` or ``shared``), ``solve_order``, ``hint_from``,
        the point's own search (``solve_status``: ``NOT_RUN`` when the others proved it
        already or no time was left; ``solve_objective``, ``solve_bound``,
        ``met_shared_bound``), ``<term>`` (raw value of the teams) for every term, then
        :data:`TRAILER_COLUMNS`: the figures (:func:`matcher.figures.cohort_figures`),
        ``seed``, ``workers``, ``time_limit_s``, the three versions, ``config`` (the point's
        own rules and weights as JSON), ``problem_sha256``, ``wall_time_s``; and ``teams``:
        the teams (student id -> project id, ``None`` without a solution).

    Raises
    ------
    matcher.issues.ProblemValidationError
        (a ``ValueError``) for an unknown term or attribute in the grid or the weights.
    InputError
        For an empty grid, or a time limit too short for the points.
    MatcherError
        When the Dask scheduler cannot be reached or ``dask.distributed`` is not installed.

    Examples
    --------
    >>> from matcher import Problem, Project, Student
    >>> p = Problem(students=[Student(id="a", discipline="bio", preferences=("P", "Q")),
    ...                       Student(id="b", discipline="bio", preferences=("P", "Q")),
    ...                       Student(id="c", discipline="info", preferences=("P", "Q"))],
    ...             projects=[Project(id="P", max_size=2), Project(id="Q", max_size=2)])
    >>> df = sweep(p, {"preference": [1, 4], "discipline": [0, 5]}, jobs=1)
    >>> df[["weight_preference", "weight_discipline", "status", "preference"]].values.tolist()
    [[1, 0, 'OPTIMAL', 5], [1, 5, 'OPTIMAL', 5], [4, 0, 'OPTIMAL', 5], [4, 5, 'OPTIMAL', 5]]
    """
    import pandas as pd

    rows = sweep_rows(problem, grid, time_limit=time_limit, point_time_limit=point_time_limit,
                      workers=workers, seed=seed, jobs=jobs, scheduler=scheduler,
                      connect_timeout=connect_timeout, share=share, callback=callback)
    return pd.DataFrame(rows, columns=columns(rows))


def columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The column order of a sweep table (the keys of the first row, then any others)."""
    out: dict[str, None] = {}
    for row in rows:
        out.update(dict.fromkeys(row))
    return list(out)
