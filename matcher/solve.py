"""``solve``: precheck, build the CP-SAT model, search, and return a :class:`Result`.

The library never prints and never exits: infeasible, time-out and optimal are statuses on
the result. Progress goes to the optional callback. No global state: two solves may run in
parallel threads.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matcher.check import score
from matcher.feasibility import precheck
from matcher.i18n import tr
from matcher.model import ModelBuilder, lsum
from matcher.problem import Problem
from matcher.registry import effective_weights, make_constraints, make_terms
from matcher.result import Progress, Result, Status
from matcher.scoring.base import ScoringTerm
from matcher.search.domain import (
    DENSE_PAIR_LIMIT,
    close_under_rules,
    lp_guided_domain,
    restricted_domain,
    simple_bound,
)
from matcher.search.exact_mip import MipProver, supports_exact_mip
from matcher.search.lns import lns
from matcher.search.lp_process import LpProcess
from matcher.search.relaxation import (
    LpBound,
    coverage_attributes,
    lp_bound,
    pair_terms,
    supports_lp_bound,
)
from matcher.search.warm_start import (
    Instance,
    State,
    anneal,
    heuristic_rules,
    local_bound,
    local_search,
    preference_bound,
    start_team,
    supports_warm_start,
    to_assignment,
)

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Progress], None]

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


def default_workers() -> int:
    """CP-SAT workers when none is given: the machine's cores, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


#: Full subsolvers used when fewer than 8 workers are given, in order. CP-SAT's own portfolio
#: for 2-7 workers leaves out ``max_lp`` (linearization level 2), whose LP relaxation is what
#: proves optimality on this model: on the 40-student sample, 2 default workers reach neither
#: the optimum nor a useful bound in 10 s, ``max_lp`` + ``quick_restart`` prove it in 0.1 s.
SMALL_PORTFOLIO = ("max_lp", "quick_restart", "core", "default_lp", "reduced_costs",
                   "pseudo_costs", "no_lp")


def configure_search(params: object, workers: int) -> None:
    """Set the CP-SAT worker count and, below 8 workers, a portfolio that keeps ``max_lp``."""
    params.num_workers = workers  # type: ignore[attr-defined]
    if workers == 1:
        params.linearization_level = 2  # type: ignore[attr-defined]
    elif workers < 8:
        for name in SMALL_PORTFOLIO[:workers]:
            params.subsolvers.append(name)  # type: ignore[attr-defined]


def relative_gap(objective: int | None, bound: int | None) -> float | None:
    """``(bound - objective) / max(1, |bound|)``, or ``None`` without a solution."""
    if objective is None or bound is None:
        return None
    return max(0.0, (bound - objective) / max(1, abs(bound)))


class _Monitor(cp_model.CpSolverSolutionCallback):
    """Feeds the progress callback on every solution and every bound improvement, and stops
    the search once the gap to the best *proven* bound reaches ``gap_limit`` (0: optimal).

    ``cp_bound_valid`` is False when the model is a restriction of the problem: CP-SAT's own
    bound is then not a bound of the problem and only the LP bound (or a simple one) counts.
    """

    def __init__(self, callback: ProgressCallback | None, start: float,
                 time_limit: float | None, *, cp_bound_valid: bool = True,
                 fallback_bound: int | None = None, gap_limit: float | None = None) -> None:
        super().__init__()
        self.callback = callback
        self.start = start
        self.time_limit = time_limit
        self.cp_bound_valid = cp_bound_valid
        self.gap_limit = gap_limit
        self.solutions = 0
        self.best: int | None = None
        self.cp_bound: int | None = None
        self.lp: int | None = None
        self.fallback = fallback_bound
        self.solver: cp_model.CpSolver | None = None
        self.stopped = False
        self.lock = threading.Lock()
        #: objective of a warm start already in hand: progress never reports less
        self.floor: int | None = None
        #: the exact MIP's proven bound (:mod:`matcher.search.exact_mip`), if one runs
        self.mip: int | None = None
        #: called with this callback on each solution (hands CP-SAT's teams to the MIP)
        self.offer: Callable[[cp_model.CpSolverSolutionCallback], None] | None = None

    @property
    def bound(self) -> int | None:
        """The best proven upper bound known so far."""
        bounds = [b for b in (self.cp_bound if self.cp_bound_valid else None, self.lp,
                              self.fallback, self.mip) if b is not None]
        bound = min(bounds) if bounds else None
        if bound is not None and self.best is not None:
            bound = max(bound, self.best)
        return bound

    def _emit(self, event: str) -> None:
        if self.callback is not None:
            self.callback(Progress(
                elapsed_s=time.perf_counter() - self.start, time_limit_s=self.time_limit,
                objective=self.best, best_bound=self.bound,
                gap=relative_gap(self.best, self.bound), solutions=self.solutions,
                event=event))
        self._maybe_stop()

    def _maybe_stop(self) -> None:
        gap = relative_gap(self.best, self.bound)
        if gap is None or self.solver is None or self.stopped:
            return
        if gap <= (self.gap_limit or 0.0) or (self.best is not None and self.bound is not None
                                              and self.best >= self.bound):
            self.stopped = True
            self.solver.stop_search()

    def on_solution_callback(self) -> None:
        with self.lock:
            self.solutions += 1
            self.best = max(round(self.objective_value), self.floor or -math.inf)
            self.cp_bound = math.floor(self.best_objective_bound + 1e-6)
            self._emit("solution")
        if self.offer is not None:
            self.offer(self)

    def on_bound(self, bound: float) -> None:
        with self.lock:
            self.cp_bound = math.floor(bound + 1e-6)
            if self.cp_bound_valid:
                self._emit("bound")

    def on_prover(self, bound: int | None, value: int | None) -> None:
        """The exact MIP's proven ``bound`` and best objective ``value`` (teams it holds)."""
        with self.lock:
            if value is not None and (self.floor is None or value > self.floor):
                self.floor = value
                self.best = value if self.best is None else max(self.best, value)
                self.solutions += 1
                self._emit("solution")
            if bound is not None and (self.mip is None or bound < self.mip):
                self.mip = bound
                self._emit("bound")


def solve(
    problem: Problem,
    *,
    weights: Mapping[str, int] | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    seed: int | None = None,
    callback: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    hint: Mapping[str, str | None] | None = None,
    gap_limit: float | None = None,
    lp: bool = True,
) -> Result:
    """Form the teams: maximise the weighted objective under every hard rule.

    Parameters
    ----------
    problem:
        The cohort, ideas, rules and default weights.
    weights:
        Term name -> integer weight, overriding the problem's (weight 0 drops a term).
    time_limit:
        Seconds for the whole call: every phase, model building included (reported as
        ``build_time_s``), counts from one deadline; CP-SAT's model, whose building cannot
        be interrupted, is not built when the time left would not cover it (the teams in
        hand come back, or ``UNKNOWN`` with a reason saying the limit is too short).
        ``None`` searches until optimality is proven. Every helper thread and process is
        stopped and waited for before ``solve`` returns.
    workers:
        Search threads (default: the machine's cores, at most 8): CP-SAT's workers, one of
        them given to HiGHS while the exact MIP runs alongside. With ``workers=1`` and a
        ``seed`` the search is deterministic.
    seed:
        CP-SAT's random seed (default 0).
    callback:
        Called with a :class:`~matcher.result.Progress` on each improving solution and bound.
    stop:
        Setting this event from another thread stops the search; the best teams found so far
        come back with ``interrupted=True``.
    hint:
        A previous assignment handed to CP-SAT as a warm start (soft: it may be changed).
    gap_limit:
        Stop as soon as ``(best_bound - objective) / max(1, |best_bound|)`` is at most this
        (with a proven bound); ``None`` or 0 searches until optimality is proven.
    lp:
        ``False`` leaves HiGHS out (no LP bound, no exact MIP: CP-SAT alone). Otherwise,
        when the objective is preference points, coverage terms and ``moves`` and every
        student must be placed, solve an aggregated LP relaxation with HiGHS alongside CP-SAT
        (:mod:`matcher.search.relaxation`): its bound is proven, makes ``best_bound`` honest
        when CP-SAT's is weak, and stops the search once reached. Above
        :data:`~matcher.search.domain.DENSE_PAIR_LIMIT` student-idea pairs, when the rules
        are those the heuristics keep (:func:`~matcher.search.warm_start.supports_warm_start`)
        (``fixed`` and the ``moves`` term included: re-matching starts from the previous
        teams) the search is a warm start, simulated annealing and LNS until one deadline, the
        LP solved alongside in a child process (a separable bound until it lands, and a local
        bound when re-matching); so is a problem with ``wishes`` above
        :data:`WARM_PAIRS` pairs (its wishes in the LP bound and scored move by move, the
        ``avoid`` and ``new_teammates`` rules kept move by move); otherwise the CP-SAT
        model is built on a restricted domain (:mod:`matcher.search.domain`). Up to that size,
        when the exact aggregated MIP models the problem
        (:func:`~matcher.search.exact_mip.supports_exact_mip`: the always-on rules, refusals,
        ``top_k``, ``fixed``; preference, coverage and ``moves`` terms) and pays (students
        rank ideas, or the model is small), HiGHS solves it alongside CP-SAT (before it with
        ``workers=1``, for half the time limit, so that the answer stays deterministic): the
        two exchange their best teams, and whichever proves optimality first ends the search.

    Returns
    -------
    Result
        With status ``OPTIMAL``, ``FEASIBLE``, ``INFEASIBLE`` (``reasons`` says why when an
        arithmetic precheck found it) or ``UNKNOWN`` (no solution within the time limit).
    """
    start = time.perf_counter()
    w = effective_weights(problem, weights)
    workers = workers or default_workers()
    n_pairs = len(problem.students) * len(problem.projects)
    prover = None
    if (lp and n_pairs <= DENSE_PAIR_LIMIT and _prover_suits(problem, w)
            and supports_exact_mip(problem, w) and _highspy_available()
            and not precheck(problem)):
        prover = _start_prover(problem, w, start=start, time_limit=time_limit,
                               workers=workers, stop=stop, hint=hint, callback=callback)
    attempt = _Retry(hint=hint, lp=lp)
    merges: list[Callable[[Result], Result]] = []
    try:
        while True:  # a restricted model that falls short asks for another attempt
            out = _solve(problem, weights=weights, time_limit=time_limit, workers=workers,
                         seed=seed, callback=attempt.callback or callback, stop=stop,
                         hint=attempt.hint, gap_limit=gap_limit, lp=attempt.lp,
                         prover=prover, start=start, fillers=attempt.fillers)
            if isinstance(out, Result):
                break
            attempt = out
            if out.merge is not None:
                merges.append(out.merge)
    finally:
        if prover is not None:
            # HiGHS sees the stop at its next check and ends by its time limit: nothing of
            # ours runs after solve returns
            prover.close()
    result = out
    for merge in reversed(merges):
        result = merge(result)
    if prover is not None:
        if prover.error is not None:  # a bug in the MIP, never silent
            raise RuntimeError(f"the exact MIP failed: {prover.error!r}") from prover.error
        result = _merge_prover(problem, w, result, prover, start)
    # the true elapsed time, every attempt and thread included
    stamped = result.model_copy(update={"wall_time_s": time.perf_counter() - start})
    stamped._solver_terms = dict(result._solver_terms)
    return stamped.attach(problem)


def _solve(problem: Problem, *, weights: Mapping[str, int] | None,
           time_limit: float | None, workers: int, seed: int | None,
           callback: ProgressCallback | None, stop: threading.Event | None,
           hint: Mapping[str, str | None] | None, gap_limit: float | None, lp: bool,
           prover: MipProver | None = None, start: float | None = None,
           fillers: int | None = None) -> Result | _Retry:
    """One attempt of :func:`solve`, without the MIP prover's start and final merge
    (``prover``, if any, is already running or done; its teams and bound also reach CP-SAT's
    monitor): a :class:`Result`, or a :class:`_Retry` when a restricted model falls short.
    ``fillers``: a retry on a wider restricted domain
    (:func:`~matcher.search.domain.restricted_domain` with that many filler ideas per
    student, none fixed by the LP). ``time_limit`` counts from ``start``, in every attempt."""
    start = time.perf_counter() if start is None else start
    before = time.perf_counter() - start  # spent by a synchronous MIP prover
    w = effective_weights(problem, weights)
    seed = 0 if seed is None else seed
    common = dict(weights=w, time_limit_s=time_limit, workers=workers, seed=seed)

    reasons = precheck(problem)
    if reasons:
        return Result(status=Status.INFEASIBLE, reasons=reasons,
                      wall_time_s=time.perf_counter() - start, **common).attach(problem)
    if prover is not None and prover.optimal:
        return _prover_answer(problem, w, prover, start, common, callback)
    # one deadline from solve's start: a synchronous MIP, the warm start, the LP, the model
    # building and CP-SAT's search, in every attempt
    deadline = None if time_limit is None else start + float(time_limit)

    def time_left() -> float | None:
        return None if deadline is None else max(0.01, deadline - time.perf_counter())

    # the warm start and the LP end early when the user stops or the MIP proves optimality
    halt = stop if prover is None else _Either(stop, prover.proven)

    # A proven LP bound (HiGHS, in a thread) when the objective is one the relaxation models;
    # a restricted domain when the dense model would be too large (its CP-SAT bound is then
    # not a bound of the problem, so the LP bound, or a simple one, is reported).
    use_lp = lp and supports_lp_bound(problem, w) and _highspy_available()
    n_pairs = len(problem.students) * len(problem.projects)
    if (n_pairs > DENSE_PAIR_LIMIT or _pairs_beyond_cp_sat(problem, w, n_pairs)) \
            and supports_warm_start(problem, w):
        # Large cohorts, and wishes beyond a few thousand pairs (CP-SAT alone was far from
        # the heuristics there: benchmarks/results/wishes.md): warm start + LNS from one
        # deadline, LP bound alongside.
        large = _solve_large(problem, w, start=start, time_limit=time_limit, seed=seed,
                             callback=callback, stop=stop, hint=hint, gap_limit=gap_limit,
                             use_lp=lp and supports_lp_bound(problem, pair_terms(problem, w)[0])
                             and _highspy_available(),
                             common=common, deterministic=workers == 1)
        if large is not None:
            return large
    lp_box: dict[str, LpBound] = {}
    lp_seconds = 0.0
    allowed = None
    restricted = False
    if prover is not None and not prover.done:
        # A head start for the MIP, alone, for about the time the LP's and CP-SAT's
        # (uninterruptible) model building would take: on small cohorts it often finishes
        # first, and annealing alongside slows HiGHS by a quarter (its callbacks wait for the
        # GIL). Measured on the 300 x 36 benchmark cohort.
        head = min(HEAD_START, PIPELINE_SECONDS_PER_PAIR * n_pairs)
        left = time_left()
        prover.finished.wait(head if left is None else min(head, left / 4))
        if prover.optimal:
            return _prover_answer(problem, w, prover, start, common, callback)
    # A warm start (seconds at most): CP-SAT's hint, and the answer if CP-SAT finds nothing
    # better in time.
    warm: dict[str, str | None] | None = None
    warm_value: int | None = None
    warm_seconds = 0.0
    if not hint and n_pairs > WARM_PAIRS and supports_warm_start(problem, w):
        budget = min(2.0, max(0.2, n_pairs / 50_000))  # 0.2 s at 300 x 36, 2 s at 1000 x 100
        left = time_left()
        if left is not None:
            budget = min(budget, 0.1 * left)
        warm_t0 = time.perf_counter()
        warm, warm_value = _warm_start(problem, w, seed, budget, halt, workers == 1)
        warm_seconds = time.perf_counter() - warm_t0
    if prover is not None:
        if warm is not None and warm_value is not None:
            prover.offer(warm, warm_value)
        if prover.optimal:
            return _prover_answer(problem, w, prover, start, common, callback)
    if use_lp:
        # The LP first (a share of the time limit): its solution fixes the students it places
        # integrally on a ranked idea and narrows the others' domain (an LP-guided
        # neighbourhood); its bound is proven and ends the search once reached.
        left = time_left()
        lp_limit = None if left is None else max(0.01, 0.5 * left)
        # interior point (no crossover) above the dense limit: the simplex took 15.7 s of a
        # 60 s limit at 3,000 x 300 (the large-cohort search uses it too)
        relaxed = lp_bound(problem, w, time_limit=lp_limit, stop=halt,  # type: ignore[arg-type]
                           dense=n_pairs <= DENSE_LP_PAIRS,
                           method="ipm" if n_pairs > DENSE_PAIR_LIMIT else "simplex")
        lp_seconds = relaxed.seconds
        if relaxed.bound is not None:
            lp_box["lp"] = relaxed
            if warm is not None and warm_value is not None and warm_value >= relaxed.bound:
                # the warm start reaches the LP bound: proven optimal, no CP-SAT needed
                values = score(problem, warm, w)
                wall = time.perf_counter() - start
                if callback is not None:
                    callback(Progress(elapsed_s=wall, time_limit_s=common["time_limit_s"],
                                      objective=warm_value, best_bound=warm_value, gap=0.0,
                                      solutions=1, event="solution"))
                result = Result(status=Status.OPTIMAL, objective=warm_value,
                                best_bound=warm_value, gap=0.0, assignment=warm,
                                terms=values, wall_time_s=wall,
                                build_time_s=wall - lp_seconds - warm_seconds, **common)
                result._solver_terms = dict(values)
                return result.attach(problem)
            if fillers is None and n_pairs > DENSE_PAIR_LIMIT and _lp_ignores_caps(problem, w):
                # rules the LP ignores (max_per_value, keep_together...) would make its
                # integral placements an infeasible restriction: a wide domain instead
                fillers = 4 * DEFAULT_FILLERS
            if fillers is not None:  # no student fixed by the LP
                allowed = restricted_domain(problem, fillers=fillers)
            else:
                allowed = lp_guided_domain(problem, w, relaxed,
                                           dense=n_pairs <= DENSE_PAIR_LIMIT and warm is None)
            restricted = True
        elif n_pairs > DENSE_PAIR_LIMIT:
            allowed = restricted_domain(problem, fillers=fillers or DEFAULT_FILLERS)
            restricted = True
    if prover is not None and prover.optimal:
        return _prover_answer(problem, w, prover, start, common, callback)

    if allowed is not None:
        allowed = close_under_rules(problem, allowed)
    if warm is not None and allowed is not None:  # the hint stays inside the domain
        pindex = problem.project_index
        allowed = [sorted({*dom, pindex[warm[s.id]]}) if warm.get(s.id) else dom
                   for s, dom in zip(problem.students, allowed, strict=True)]

    def teams_in_hand() -> Result:
        """No time to build or search CP-SAT's model: the MIP (if it runs) has the time
        left, then the warm start's teams or the MIP's (merged by :func:`solve`)."""
        left = time_left()
        if prover is not None and not prover.done and left is not None:
            prover.finished.wait(left)
            if prover.optimal:
                return _prover_answer(problem, w, prover, start, common, callback)
        common.update(wall_time_s=time.perf_counter() - start,
                      interrupted=bool(stop is not None and stop.is_set()))
        if warm is not None and warm_value is not None:
            bounds = [b for b in (lp_box["lp"].bound if "lp" in lp_box else None,
                                  _simple_bound(problem, w))
                      if b is not None]
            return _warm_result(problem, w, warm, warm_value, min(bounds), common)
        return Result(status=Status.UNKNOWN,
                      reasons=[_too_short(time_limit, time.perf_counter() - start)],
                      **common).attach(problem)

    # CP-SAT's model building cannot be interrupted: not started when the time left would
    # not cover it (estimated from its size, then from its first step's duration)
    model_pairs = n_pairs if allowed is None else sum(len(dom) for dom in allowed)
    left = time_left()
    if left is not None and left < BUILD_SECONDS_PER_PAIR * model_pairs:
        return teams_in_hand()
    first_step = time.perf_counter()
    builder = ModelBuilder(problem, make_constraints(problem), allowed=allowed)
    left = time_left()
    if left is not None and left < BUILD_REST_FACTOR * (time.perf_counter() - first_step):
        return teams_in_hand()
    builder.post_all()
    terms = make_terms(problem, w)
    expressions = {}
    for term, weight in terms:
        if weight == 0:
            continue
        with builder.track(f"term:{term.name}"):
            expressions[term.name] = term.expression(builder)
    builder.model.maximize(lsum(weight * expressions[t.name] for t, weight in terms
                                if weight != 0))
    if hint or warm:
        _add_hint(builder, hint or warm,  # type: ignore[arg-type]
                  [t for t, weight in terms if weight != 0])
    elif "lp" in lp_box:
        _add_lp_hint(builder, lp_box["lp"])
    # model building only (the LP's and the warm start's time are theirs)
    build_time = time.perf_counter() - start - before - lp_seconds - warm_seconds
    # the time limit covers the building too: none left, no search (UNKNOWN, said so below)
    out_of_time = deadline is not None and time.perf_counter() >= deadline

    solver = cp_model.CpSolver()
    params = solver.parameters
    # The MIP's HiGHS thread counts as one of the workers asked for. Measured with 2 workers
    # (seconds to proven optimality, CP-SAT 2 workers + MIP / 1 + MIP / CP-SAT alone):
    # 1,500 x 150: 23.1 / 14.2 / 17.9; 600 x 60: 4.6 with 1 + MIP against 40.6 alone.
    cp_workers = workers
    if prover is not None and not prover.done and workers > 1:
        cp_workers = workers - 1
    configure_search(params, cp_workers)
    params.random_seed = seed
    params.catch_sigint_signal = False
    left = time_left()
    if left is not None:
        params.max_time_in_seconds = left
    if gap_limit and not restricted:
        params.relative_gap_limit = float(gap_limit)
    fallback = None
    if use_lp:
        cov = coverage_attributes(problem, w) or {}
        fallback = simple_bound(problem, w.get("preference", 0), cov)
    monitor = _Monitor(callback, start, time_limit, cp_bound_valid=not restricted,
                       fallback_bound=fallback if restricted else None, gap_limit=gap_limit)
    if "lp" in lp_box:
        monitor.lp = lp_box["lp"].bound
    if warm_value is not None:
        monitor.floor = monitor.best = warm_value
    monitor.solver = solver
    solver.best_bound_callback = monitor.on_bound
    if prover is not None:
        monitor.offer = _prover_offer(prover, builder)
    if out_of_time:
        code = cp_model.UNKNOWN
    else:
        watcher = _StopWatcher(stop, solver,
                               prover=(prover, monitor) if prover is not None else None)
        try:
            code = solver.solve(builder.model, monitor)
        finally:
            watcher.close()
    status = _STATUS.get(code)
    if status is None:  # MODEL_INVALID: a bug in a plug-in, not a user error
        raise RuntimeError(f"CP-SAT rejected the model: {builder.model.validate()}")
    lp_result = lp_box.get("lp")
    if lp_result is not None and lp_result.bound is not None:
        monitor.lp = lp_result.bound
    wall = time.perf_counter() - start
    common.update(wall_time_s=wall, build_time_s=build_time, model_size=builder.stats,
                  interrupted=bool(stop is not None and stop.is_set()))
    if restricted and status is Status.INFEASIBLE:
        # The restriction, not the problem, may be infeasible: within reach, the full model.
        remaining = None if deadline is None else deadline - time.perf_counter()
        if (n_pairs <= DENSE_PAIR_LIMIT and not (stop is not None and stop.is_set())
                and (remaining is None or remaining > 0)):
            return _Retry(hint=hint, lp=False)
        wider = 4 * (fillers or DEFAULT_FILLERS)
        if (n_pairs > DENSE_PAIR_LIMIT and use_lp and wider < 2 * len(problem.projects)
                and not (stop is not None and stop.is_set())
                and (remaining is None or remaining > 1.0)):
            # Too large for the full model: a wider restriction (more filler ideas per
            # student, none fixed by the LP, whose relaxation ignores rules such as
            # max_per_value) for the time left.
            return _Retry(hint=hint, lp=True, fillers=wider)
        status = Status.UNKNOWN
    if warm is not None and warm_value is not None and (
            status not in (Status.OPTIMAL, Status.FEASIBLE)
            or round(solver.objective_value) < warm_value):
        # CP-SAT found nothing better than the warm start in time (a restricted model's
        # INFEASIBLE included): the warm start, with the best proven bound known
        bound = monitor.bound
        if not restricted and status is Status.FEASIBLE:
            bound = min(b for b in (bound, math.floor(solver.best_objective_bound + 1e-6))
                        if b is not None)
        if bound is None and use_lp:
            bound = _simple_bound(problem, w)
        if bound is not None:
            return _warm_result(problem, w, warm, warm_value, bound, common)
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        reasons = ["CP-SAT proved that no formation satisfies the rules"] \
            if status is Status.INFEASIBLE else []
        if out_of_time:
            reasons = [_too_short(time_limit, time.perf_counter() - start)]
        return Result(status=status, reasons=reasons, **common).attach(problem)

    assignment: dict[str, str | None] = {s.id: None for s in problem.students}
    for (si, pi), var in builder.x.items():
        if solver.boolean_value(var):
            assignment[problem.students[si].id] = problem.projects[pi].id
    values = score(problem, assignment, w)
    solver_terms = {name: int(solver.value(expr)) if not isinstance(expr, int) else expr
                    for name, expr in expressions.items()}
    for name, v in solver_terms.items():
        if v != values[name]:  # the two faces of a term disagree: a bug, never silent
            raise RuntimeError(f"term {name!r}: solver value {v} != direct value {values[name]}")
    obj = round(solver.objective_value)
    if status is Status.OPTIMAL and not restricted:
        bound = obj
    else:
        monitor.best = obj
        if not restricted:
            monitor.cp_bound = math.floor(solver.best_objective_bound + 1e-6)
        bound = monitor.bound if monitor.bound is not None else obj
        status = Status.OPTIMAL if bound <= obj else Status.FEASIBLE
    bound = max(bound, obj)
    remaining = None if deadline is None else deadline - time.perf_counter()
    gap = relative_gap(obj, bound)
    if (restricted and n_pairs <= DENSE_PAIR_LIMIT and status is Status.FEASIBLE
            and gap is not None and gap > (gap_limit or 0.0) and not monitor.stopped
            and not (stop is not None and stop.is_set())
            and (remaining is None or remaining > 0.2)):
        # The LP-guided neighbourhood is exhausted: the full model, warm-started from its
        # best teams, for the time left; the LP bound still counts.
        outer = Result(status=status, objective=obj, best_bound=bound, gap=gap,
                       assignment=assignment, terms=values, **common)
        outer._solver_terms = solver_terms

        def inner(p: Progress) -> None:  # the whole solve's best teams and bound
            b = p.best_bound if p.best_bound is not None and p.best_bound < bound else bound
            o = max(p.objective, obj) if p.objective is not None else obj
            callback(p.model_copy(update={  # type: ignore[misc]
                "best_bound": b, "objective": o, "gap": relative_gap(o, b)}))

        return _Retry(hint=assignment, lp=False, callback=inner if callback else None,
                      merge=lambda full: _merge_attempts(problem, outer, full))
    result = Result(status=status, objective=obj, best_bound=bound,
                    gap=relative_gap(obj, bound), assignment=assignment, terms=values,
                    **common)
    result._solver_terms = solver_terms
    log.debug("solve: %s objective=%s bound=%s in %.2fs (build %.2fs)", status.value, obj,
              bound, wall, build_time)
    return result.attach(problem)


@dataclass
class _Retry:
    """What :func:`_solve` asks for when its restricted model falls short: another attempt
    for the time left (a loop in :func:`solve`, not recursion), with this ``hint``, ``lp``
    (``False``: the full model) and ``fillers`` (a wider restriction); ``callback`` replaces
    the caller's progress callback for it, and ``merge`` combines its result with the teams
    and bound already in hand."""

    hint: Mapping[str, str | None] | None
    lp: bool
    fillers: int | None = None
    callback: ProgressCallback | None = None
    merge: Callable[[Result], Result] | None = None


def _merge_attempts(problem: Problem, outer: Result, full: Result) -> Result:
    """``outer`` (a restricted model's teams, its proven bound) with the full model's better
    teams and tighter bound."""
    if not (full.has_solution and full.objective is not None
            and full.best_bound is not None):
        return outer
    obj, assignment, values = outer.objective, outer.assignment, outer.terms
    solver_terms = dict(outer._solver_terms)
    assert obj is not None and outer.best_bound is not None
    if full.objective >= obj:
        obj, assignment, values = full.objective, full.assignment, full.terms
        solver_terms = dict(full._solver_terms)
    bound = max(obj, min(outer.best_bound, full.best_bound))
    merged = outer.model_copy(update=dict(
        status=Status.OPTIMAL if bound <= obj else Status.FEASIBLE, objective=obj,
        best_bound=bound, gap=relative_gap(obj, bound), assignment=assignment, terms=values,
        interrupted=outer.interrupted or full.interrupted))
    merged._solver_terms = solver_terms
    return merged.attach(problem)


def _too_short(time_limit: float | None, elapsed: float) -> str:
    """The reason of an UNKNOWN result whose time limit ended before any search."""
    return tr("the time limit ({limit:g} s) ended while the model was being built "
              "({elapsed:.1f} s): no search was run; give a longer time limit",
              limit=float(time_limit or 0.0), elapsed=elapsed)


def _solve_large(problem: Problem, w: dict[str, int], *, start: float,
                 time_limit: float | None, seed: int, callback: ProgressCallback | None,
                 stop: threading.Event | None, hint: Mapping[str, str | None] | None,
                 gap_limit: float | None, use_lp: bool, common: dict,
                 deterministic: bool = False) -> Result | None:
    """Warm start (:mod:`matcher.search.warm_start`) then LNS (:mod:`matcher.search.lns`)
    until one deadline, with the LP bound solved by HiGHS in a child process killed at the
    same deadline (:class:`~matcher.search.lp_process.LpProcess`; here, first, for small
    cohorts), :func:`~matcher.search.domain.simple_bound` until it is known, and when
    re-matching :func:`~matcher.search.warm_start.local_bound`.

    Returns ``None`` when the heuristic finds no valid start (the caller then builds the
    CP-SAT model). ``deterministic`` (``workers=1``): the annealing and the LNS run on budgets
    of moves and steps sized from the time limit (:data:`MOVES_PER_SECOND`,
    :data:`LNS_STEPS_PER_SECOND`) instead of the clock, so that a seed gives the same teams;
    the deadline still ends them if the machine is slower.
    """

    deadline = math.inf if time_limit is None else start + float(time_limit)
    inst = Instance.from_problem(problem, w)
    build_time = time.perf_counter() - start
    if time.perf_counter() >= deadline:  # the time limit is too short to build anything
        return Result(status=Status.UNKNOWN, reasons=[_too_short(time_limit, build_time)],
                      **dict(common, wall_time_s=build_time, build_time_s=build_time)
                      ).attach(problem)
    # the pair terms (wishes): in the LP (:func:`~matcher.search.relaxation.lp_bound`), and
    # bounded by their own upper bound in the simple bound
    box: dict[str, int] = {"bound": _simple_bound(problem, w)}
    lp: LpProcess | None = None
    if use_lp and len(problem.students) < LP_PROCESS_STUDENTS:
        # small: solved here, in a fraction of a second (interrupted by a stop)
        relaxed = lp_bound(problem, w, method="ipm", stop=stop,  # type: ignore[arg-type]
                           deadline=None if time_limit is None else deadline)
        if relaxed.bound is not None:
            box["lp"] = relaxed.bound
    elif use_lp:
        lp = LpProcess(problem, w, method="pdlp",
                       deadline=None if time_limit is None else deadline)
    try:
        state, bound, stopped = _search_large(
            problem, w, inst, box, lp, start=start, deadline=deadline, time_limit=time_limit,
            seed=seed, callback=callback, stop=stop, hint=hint, gap_limit=gap_limit,
            deterministic=deterministic)
    finally:
        if lp is not None:
            lp.close()
    if state is None:
        return None
    assignment = to_assignment(problem, state.team, check_rules=True)
    if assignment is None:  # the moves keep every rule: a bug, never silent
        raise RuntimeError("the warm start / LNS produced teams that break a rule")
    values = score(problem, assignment, w)
    obj = sum(w.get(name, 0) * v for name, v in values.items())
    if obj != state.value:
        raise RuntimeError(f"incremental objective {state.value} != direct value {obj}")
    b = max(bound, obj)
    status = Status.OPTIMAL if b <= obj else Status.FEASIBLE
    common = dict(common, wall_time_s=time.perf_counter() - start, build_time_s=build_time,
                  model_size={"instance": {"variables": 0, "constraints": 0}},
                  interrupted=stopped)
    result = Result(status=status, objective=obj, best_bound=b, gap=relative_gap(obj, b),
                    assignment=assignment, terms=values, **common)
    result._solver_terms = dict(values)
    return result.attach(problem)


class _LargeBound:
    """The best proven bound of the large-cohort search: the simple bound, the LP's once it
    lands (``lp``: its child process, or ``box["lp"]``), and, when re-matching, the local bound
    of the teams in hand (:func:`~matcher.search.warm_start.local_bound`, refreshed at most
    every :data:`LOCAL_BOUND_EVERY` seconds: it costs a pass over the students)."""

    def __init__(self, box: dict[str, int], lp: LpProcess | None, moves: bool) -> None:
        self.simple = box["bound"]
        self.lp = box.get("lp")
        self.process = lp
        self.moves = moves
        self.local: int | None = None
        self._next_local = 0.0

    def tighten(self, value: int) -> None:
        """Take a proven bound (the simple one with the preference bound)."""
        self.simple = min(self.simple, value)

    def lp_landed(self) -> bool:
        """Whether the LP bound is known (polls its process, whose bound may improve)."""
        if self.process is not None:
            relaxed = self.process.poll()
            if relaxed is not None and relaxed.bound is not None:
                self.lp = relaxed.bound if self.lp is None else min(self.lp, relaxed.bound)
        return self.lp is not None

    def refresh(self, state: State, *, force: bool = False) -> None:
        """Recompute the local bound from ``state`` (re-matching only)."""
        now = time.perf_counter()
        if self.moves and (force or now >= self._next_local):
            self._next_local = now + LOCAL_BOUND_EVERY
            b = local_bound(state)
            self.local = b if self.local is None else min(self.local, b)

    def value(self) -> int:
        """The best proven bound so far."""
        self.lp_landed()
        return min(b for b in (self.simple, self.lp, self.local) if b is not None)


#: Seconds between two recomputations of the re-matching local bound (large cohorts).
LOCAL_BOUND_EVERY = 1.0

#: From this many students the large-cohort search solves its LP bound in a child process
#: (:class:`~matcher.search.lp_process.LpProcess`), killed at the deadline; below, here,
#: before the search (a fraction of a second).
LP_PROCESS_STUDENTS = 1_000


def _search_large(problem: Problem, w: dict[str, int], inst: Instance, box: dict[str, int],
                  lp: LpProcess | None, *, start: float, deadline: float,
                  time_limit: float | None, seed: int, callback: ProgressCallback | None,
                  stop: threading.Event | None, hint: Mapping[str, str | None] | None,
                  gap_limit: float | None, deterministic: bool
                  ) -> tuple[State | None, int, bool]:
    """The search of :func:`_solve_large`: (final state or ``None`` without a valid start,
    best proven bound, whether ``stop`` ended it)."""
    import random

    # the local bound leaves the pair terms (wishes) out
    bounds = _LargeBound(box, lp, moves=inst.w_moves > 0 and not any(inst.partners))
    solutions = 0

    def emit(value: int, event: str) -> None:
        if callback is not None:
            b = max(bounds.value(), value)
            callback(Progress(elapsed_s=time.perf_counter() - start, time_limit_s=time_limit,
                              objective=value, best_bound=b, gap=relative_gap(value, b),
                              solutions=solutions, event=event))

    def stopped() -> bool:
        return stop is not None and stop.is_set()

    team = start_team(problem, inst, random.Random(seed), hint)
    if team is None:
        return None, bounds.value(), stopped()
    state = State(inst, team)
    solutions += 1
    bounds.refresh(state, force=True)
    emit(state.value, "solution")
    pref_bound = preference_bound(inst) if w.get("preference", 0) > 0 else None
    if pref_bound is not None:
        bounds.tighten(_simple_bound(problem, w, pref_bound))
    seen_lp = bounds.lp_landed()

    def done(value: int | None = None) -> bool:
        nonlocal seen_lp
        if stopped():
            return True
        value = state.value if value is None else value
        if not seen_lp and bounds.lp_landed():
            seen_lp = True
            emit(value, "bound")
        bounds.refresh(state)
        gap = relative_gap(value, bounds.value())
        return gap is not None and gap <= (gap_limit or 0.0)

    reported = state.value

    def check_anneal(value: int) -> bool:
        nonlocal reported, solutions
        if value > reported:
            reported = value
            solutions += 1
            emit(value, "solution")
        return done(value)

    # simulated annealing for most of the time, then a local-search polish and the LNS
    left = (max(10.0, len(problem.students) / 100) if time_limit is None
            else deadline - time.perf_counter())
    total = left if time_limit is None else float(time_limit)  # budgets when deterministic
    if not done():
        state = anneal(state, min(deadline, time.perf_counter() + 0.85 * left),
                       random.Random(seed + 1), check=check_anneal,
                       max_moves=int(0.75 * total * MOVES_PER_SECOND) if deterministic
                       else None)
        local_search(state, deadline if deterministic
                     else min(deadline, time.perf_counter() + 0.05 * left),
                     random.Random(seed + 2))
        solutions += 1
        emit(state.value, "solution")

    def improved(value: int) -> None:
        nonlocal solutions
        solutions += 1
        emit(value, "solution")

    lns(inst, state, deadline=deadline, seed=seed, stop=stop, on_improve=improved, done=done,
        max_stall=None if time_limit is not None else 3000,
        max_steps=int(0.1 * total * LNS_STEPS_PER_SECOND)
        if deterministic and time_limit is not None else None)
    if lp is not None and time_limit is None and not stopped():
        lp.wait(math.inf)  # no time limit: the LP's bound is worth waiting for
    bounds.refresh(state, force=True)
    return state, bounds.value(), stopped()


def _prover_suits(problem: Problem, w: dict[str, int]) -> bool:
    """Whether the exact MIP is worth a thread: preferences count and at least half the
    students rank an idea, or its model is small (at most :data:`PROVER_TYPE_COLUMNS` type
    columns). Without preferences, a large model is mostly interchangeable students spread
    over teams, whose LP is highly degenerate: on the benchmark's diversity-only 1,000 x 200
    cohort the root LP takes over 95,000 simplex iterations (more than 30 s), and with the
    interior point its cut rounds take 10-20 s each, ignoring HiGHS's time limit and stop
    requests, while CP-SAT with the warm start proves optimality in about 3 s (on the
    300 x 60 one, 8,200 type columns, the MIP proves it in 1.3 s against CP-SAT's 9 s)."""
    ranking = sum(1 for s in problem.students if s.preferences)
    if w.get("preference", 0) > 0 and 2 * ranking >= len(problem.students):
        return True
    attrs = list(coverage_attributes(problem, w) or {})
    types = {tuple(s.value(a) for a in attrs) for s in problem.students}
    return len(types) * len(problem.projects) <= PROVER_TYPE_COLUMNS


#: Without preferences, the exact MIP runs only up to this many (type, idea) columns.
PROVER_TYPE_COLUMNS = 20_000


def _start_prover(problem: Problem, w: dict[str, int], *, start: float,
                  time_limit: float | None, workers: int, stop: threading.Event | None,
                  hint: Mapping[str, str | None] | None,
                  callback: ProgressCallback | None) -> MipProver:
    """The exact MIP, started in a thread (or, with ``workers=1``, run here for half the time
    limit, so that the answer is deterministic), with ``hint`` as its first teams if valid."""
    from matcher.check import check

    deadline = None if time_limit is None else start + float(time_limit)
    sync = workers == 1
    if sync and time_limit is not None:
        deadline = start + 0.5 * float(time_limit)

    def report(prover: MipProver) -> None:  # synchronous run: nothing else reports
        best = prover.best()
        if callback is None or best is None:
            return
        event = "bound"
        if best[0] != prover.reported_objective:
            prover.reported_objective = best[0]
            prover.reported_solutions += 1
            event = "solution"
        bound = max(prover.bound, best[0]) if prover.bound is not None else None
        callback(Progress(elapsed_s=time.perf_counter() - start, time_limit_s=time_limit,
                          objective=best[0], best_bound=bound,
                          gap=relative_gap(best[0], bound),
                          solutions=prover.reported_solutions, event=event))

    prover = MipProver(problem, w, deadline=deadline, stop=stop,
                       on_change=report if sync else None)
    if hint and all(hint.get(s.id) for s in problem.students) and not check(problem, hint):
        prover.offer(hint)
    if sync:
        prover.run()
    else:
        prover.prepare()  # here: building in a thread would compete for the GIL
        prover.start()
    return prover


def _prover_offer(prover: MipProver, builder: ModelBuilder
                  ) -> Callable[[cp_model.CpSolverSolutionCallback], None]:
    """Hands CP-SAT's teams to the MIP, at most once a second (reading every ``x`` of a large
    model costs a few milliseconds)."""
    last = [-math.inf]
    students, projects = builder.problem.students, builder.problem.projects

    def offer(cb: cp_model.CpSolverSolutionCallback) -> None:
        now = time.perf_counter()
        if now - last[0] < 1.0:
            return
        last[0] = now
        assignment: dict[str, str | None] = {s.id: None for s in students}
        for (si, pi), var in builder.x.items():
            if cb.boolean_value(var):
                assignment[students[si].id] = projects[pi].id
        prover.offer(assignment, round(cb.objective_value))

    return offer


def _prover_answer(problem: Problem, w: dict[str, int], prover: MipProver, start: float,
                   common: dict, callback: ProgressCallback | None) -> Result:
    """The MIP's proven optimum as the result (no CP-SAT model needed)."""
    best = prover.best()
    assert best is not None and prover.optimal
    value, assignment = best
    values = score(problem, assignment, w)
    wall = time.perf_counter() - start
    if callback is not None:
        new = value != prover.reported_objective
        callback(Progress(elapsed_s=wall, time_limit_s=common["time_limit_s"], objective=value,
                          best_bound=value, gap=0.0,
                          solutions=prover.reported_solutions + int(new),
                          event="solution" if new else "bound"))
    result = Result(status=Status.OPTIMAL, objective=value, best_bound=value, gap=0.0,
                    assignment=assignment, terms=values, wall_time_s=wall,
                    build_time_s=prover.build_seconds,
                    model_size={"exact_mip": {"variables": prover.columns,
                                              "constraints": prover.rows}}, **common)
    result._solver_terms = dict(values)
    return result.attach(problem)


def _merge_prover(problem: Problem, w: dict[str, int], result: Result, prover: MipProver,
                  start: float) -> Result:
    """``result`` with the MIP's better teams and tighter bound, if it has them."""
    best = prover.best()
    objective, assignment = result.objective, result.assignment
    terms, solver_terms = result.terms, result._solver_terms
    if best is not None and (not result.has_solution or objective is None
                             or best[0] > objective):
        objective, assignment = best
        terms = score(problem, assignment, w)
        solver_terms = dict(terms)
    if objective is None:
        return result
    bounds = [b for b in (result.best_bound if result.has_solution else None, prover.bound)
              if b is not None]
    if not bounds:
        cov = coverage_attributes(problem, w) or {}
        bounds = [simple_bound(problem, w.get("preference", 0), cov)]
    bound = max(min(bounds), objective)
    if (objective, bound, assignment) == (result.objective, result.best_bound,
                                          result.assignment):
        return result
    merged = result.model_copy(update=dict(
        status=Status.OPTIMAL if bound <= objective else Status.FEASIBLE, objective=objective,
        best_bound=bound, gap=relative_gap(objective, bound), assignment=assignment,
        terms=terms, reasons=[], wall_time_s=time.perf_counter() - start))
    merged._solver_terms = dict(solver_terms)
    return merged.attach(problem)


#: The LP's and CP-SAT's model building, seconds per (student, idea) pair (measured: 0.4 s
#: at 300 x 36 on the scale benchmark's machine).
PIPELINE_SECONDS_PER_PAIR = 4e-5

#: CP-SAT's model building (uninterruptible), seconds per (student, idea) pair of its
#: domain: 12.4 s at 1,000 x 100 on the shared 2-core machine under load (load average 10),
#: 4 s idle. With less time left, :func:`solve` keeps the teams it has (warm start, exact MIP)
#: instead of building a model it could not search.
BUILD_SECONDS_PER_PAIR = 6e-5

#: The rest of CP-SAT's model building (rules, terms, hints) against its first step (the
#: ``x`` variables): 8.7 s against 3.7 s at 1,000 x 100.
BUILD_REST_FACTOR = 2.4

#: Filler ideas per student of the first restricted domain (large cohorts).
DEFAULT_FILLERS = 8

#: Seconds the exact MIP runs alone before the warm start joins it (at most).
HEAD_START = 0.5

#: Up to this many (student, idea) pairs the LP bound is the plain (dense) LP relaxation.
DENSE_LP_PAIRS = 20_000


def _highspy_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("highspy") is not None


def _add_lp_hint(builder: ModelBuilder, relaxed: LpBound) -> None:
    best: dict[int, tuple[float, int]] = {}
    for (si, pi), v in relaxed.ranked.items():
        if v > best.get(si, (0.0, -1))[0]:
            best[si] = (v, pi)
    for si, (_, pi) in best.items():
        var = builder.x.get((si, pi))
        if var is not None:
            builder.model.add_hint(var, True)


def _add_hint(builder: ModelBuilder, hint: Mapping[str, str | None],
              terms: Iterable[ScoringTerm] = ()) -> None:
    """Hint every ``x``, and the ``open`` and presence indicators they imply, and the
    auxiliary variables of ``terms`` (their :meth:`~matcher.scoring.base.ScoringTerm.hint`
    face): a complete hint, CP-SAT then starts from it instead of repairing a partial one."""
    for term in terms:
        term.hint(builder, hint)
    p = builder.problem
    for (si, pi), var in builder.x.items():
        builder.model.add_hint(var, hint.get(p.students[si].id) == p.projects[pi].id)
    sizes: dict[str, int] = {}
    for pid in hint.values():
        if pid is not None:
            sizes[pid] = sizes.get(pid, 0) + 1
    for pi, proj in enumerate(p.projects):
        builder.model.add_hint(builder.open[pi], sizes.get(proj.id, 0) > 0)
    x_index = {v.index for v in builder.x.values()}
    for (pi, attr, value), var in builder._present.items():
        if isinstance(var, int) or var.index in x_index:
            continue
        pid = p.projects[pi].id
        builder.model.add_hint(var, any(
            hint.get(p.students[si].id) == pid for si in p.groups(attr).get(value, ())))


def _lp_ignores_caps(problem: Problem, w: dict[str, int]) -> bool:
    """Whether a rule the LP relaxation ignores caps the teams: a rule the heuristics cannot
    keep, or a cap they keep move by move (``max_per_value``, ``new_teammates``)."""
    if not supports_warm_start(problem, w):
        return True
    kept = heuristic_rules(problem)
    return kept is None or bool(kept.caps)


def _pairs_beyond_cp_sat(problem: Problem, w: dict[str, int], n_pairs: int) -> bool:
    """Whether the objective has terms over pairs of teammates (``wishes``) with a proven
    upper bound and the cohort has more than :data:`WARM_PAIRS` (student, idea) pairs: then
    the heuristics (:func:`_solve_large`) search it. CP-SAT alone from scratch granted 39 of
    340 wishes at 300 x 36 in 60 s (bound 35,412 for 4,337)."""
    if n_pairs <= WARM_PAIRS:
        return False
    _, coeffs, bound = pair_terms(problem, w)
    return bool(coeffs) and bound is not None


def _warm_result(problem: Problem, w: dict[str, int], warm: dict[str, str | None],
                 warm_value: int, bound: int, common: dict) -> Result:
    """The warm start's teams as the answer, with ``bound`` (proven; raised to ``warm_value``
    if below): OPTIMAL when they meet, else FEASIBLE."""
    bound = max(bound, warm_value)
    values = score(problem, warm, w)
    result = Result(status=Status.OPTIMAL if bound <= warm_value else Status.FEASIBLE,
                    objective=warm_value, best_bound=bound,
                    gap=relative_gap(warm_value, bound), assignment=warm,
                    terms=values, **common)
    result._solver_terms = dict(values)
    return result.attach(problem)


def _simple_bound(problem: Problem, w: dict[str, int], preference: int | None = None) -> int:
    """:func:`~matcher.search.domain.simple_bound` of the objective, the pair terms
    (:func:`~matcher.search.relaxation.pair_terms`) by their own upper bound."""
    rest, _, extra = pair_terms(problem, w)
    cov = coverage_attributes(problem, rest) or {}
    return simple_bound(problem, rest.get("preference", 0), cov, preference) + (extra or 0)


#: Above this many (student, idea) pairs, :func:`solve` starts with the heuristic warm start
#: (below, CP-SAT alone proves optimality in a fraction of a second).
WARM_PAIRS = 2_000


#: Annealing moves per second of budget when ``workers=1`` (deterministic budgets); about
#: half what a loaded 2-core machine does, so that the budget ends before the deadline.
MOVES_PER_SECOND = 60_000
#: LNS steps per second of budget when ``workers=1``.
LNS_STEPS_PER_SECOND = 4


def _warm_start(problem: Problem, w: dict[str, int], seed: int, budget: float,
                stop: threading.Event | _Either | None, deterministic: bool = False
                ) -> tuple[dict[str, str | None] | None, int | None]:
    """Construct + anneal for ``budget`` seconds (``deterministic``: a budget of moves):
    (valid assignment, objective) or Nones."""
    import random

    inst = Instance.from_problem(problem, w)
    team = start_team(problem, inst, random.Random(seed))
    if team is None:
        return None, None
    state = anneal(State(inst, team), time.perf_counter() + (3 if deterministic else 1) * budget,
                   random.Random(seed + 1), check=lambda _: stop is not None and stop.is_set(),
                   max_moves=int(budget * MOVES_PER_SECOND) if deterministic else None)
    assignment = to_assignment(problem, state.team, check_rules=True)
    return (assignment, state.value) if assignment is not None else (None, None)


class _Either:
    """Quacks like a set-or-not :class:`threading.Event`: set when any of ``events`` is."""

    def __init__(self, *events: threading.Event | None) -> None:
        self.events = [e for e in events if e is not None]

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


class _StopWatcher:
    """Calls ``solver.stop_search()`` when ``event`` is set, and hands the exact MIP's bound
    and teams to the monitor (which may end the search: proven optimal)."""

    def __init__(self, event: threading.Event | None, solver: cp_model.CpSolver, *,
                 prover: tuple[MipProver, _Monitor] | None = None) -> None:
        self.event, self.solver = event, solver
        self.prover = prover
        self.prover_seen: tuple[int | None, int | None] = (None, None)
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True,
                                       name="matcher-stop-watcher")
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.02):
            if self.event is not None and self.event.is_set():
                # keep asking until the search ends: a stop arriving while CP-SAT is still
                # loading the model would otherwise be lost
                self.solver.stop_search()
                continue
            if self.prover is not None:
                self._poll_prover()

    def _poll_prover(self) -> None:
        """Hand the MIP's new bound or teams to the monitor (which stops CP-SAT once the
        best teams reach the best bound)."""
        assert self.prover is not None
        prover, monitor = self.prover
        best = prover.best()
        seen = (prover.bound, best[0] if best else None)
        if seen != self.prover_seen:
            self.prover_seen = seen
            monitor.on_prover(*seen)

    def close(self) -> None:
        self.done.set()
        self.thread.join()
