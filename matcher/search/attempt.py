"""One attempt of the search pipeline (:mod:`matcher.search.pipeline`): the large-cohort
heuristics when they apply, else the exact MIP's head start, a warm start, the LP bound and
its guided domain, then CP-SAT's model (dense, or restricted) searched until the budget's
deadline. An attempt returns a :class:`~matcher.result.Result`, or a :class:`Retry` when its
restricted model falls short: the pipeline then runs another attempt for the time left."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matcher.check import score
from matcher.model import ModelBuilder, lsum
from matcher.problem import Problem
from matcher.registry import make_constraints, make_terms
from matcher.result import Progress, Result, Status
from matcher.search import thresholds
from matcher.search.budget import Budget, StopFlag, StopWatcher
from matcher.search.compiled import CompiledProblem
from matcher.search.cpsat import STATUS, add_hint, add_lp_hint, configure_search
from matcher.search.domain import (
    close_under_rules,
    lp_guided_domain,
    restricted_domain,
    simple_bound,
)
from matcher.search.exact_mip import MipProver
from matcher.search.fast_path import beyond_cp_sat, supports_local_search
from matcher.search.large import solve_large
from matcher.search.outcome import cheap_bound, teams_result, too_short
from matcher.search.progress import CpSatMonitor, ProgressCallback, relative_gap
from matcher.search.prover import highspy_available, prover_answer, prover_offer
from matcher.search.relaxation import LpBound, lp_bound
from matcher.search.warm_start import (
    Instance,
    State,
    anneal,
    start_team,
    to_assignment,
)


@dataclass
class Retry:
    """What an attempt asks for when its restricted model falls short: another attempt for
    the time left (a loop in the pipeline, not recursion), with this ``hint``, ``lp``
    (``False``: the full model) and ``fillers`` (a wider restriction); ``callback`` replaces
    the caller's progress callback for it, and ``merge`` combines its result with the teams
    and bound already in hand."""

    hint: Mapping[str, str | None] | None
    lp: bool
    fillers: int | None = None
    callback: ProgressCallback | None = None
    merge: Callable[[Result], Result] | None = None


@dataclass(frozen=True)
class Settings:
    """The caller's settings of the search (see :func:`matcher.solve`)."""

    workers: int
    seed: int
    gap_limit: float | None


def heuristics_search(c: CompiledProblem) -> bool:
    """Whether the large-cohort heuristics search the problem: they keep its rules and
    objective, and the dense model is too large
    (:data:`~matcher.search.thresholds.DENSE_PAIR_LIMIT`) or the objective has pair terms
    with a proven upper bound (``wishes``) above
    :data:`~matcher.search.thresholds.WARM_PAIRS` pairs (CP-SAT alone from scratch was far
    from the heuristics there: benchmarks/results/wishes.md), or terms scored move by move
    (``pairwise``, ``blau``...) above :data:`~matcher.search.fast_path.LOCAL_SEARCH_PAIRS`
    (:func:`~matcher.search.fast_path.beyond_cp_sat`)."""
    if c.n_pairs > thresholds.DENSE_PAIR_LIMIT or beyond_cp_sat(c.problem, c.weights,
                                                                  c.n_pairs):
        return supports_local_search(c.problem, c.weights)
    if c.n_pairs <= thresholds.WARM_PAIRS:
        return False
    _, coeffs, bound = c.pair_terms
    return bool(coeffs) and bound is not None and c.warm_start_applies


def lp_ignores_caps(c: CompiledProblem) -> bool:
    """Whether a rule the LP relaxation ignores caps the teams: a rule the heuristics cannot
    keep, or a cap they keep move by move (``max_per_value``, ``new_teammates``)."""
    if not c.warm_start_applies:
        return True
    return c.kept is None or bool(c.kept.caps)


def warm_start(c: CompiledProblem, seed: int, seconds: float, stop: StopFlag | None,
               deterministic: bool = False
               ) -> tuple[dict[str, str | None] | None, int | None]:
    """Construct + anneal for ``seconds`` (``deterministic``: a budget of moves):
    (valid assignment, objective) or Nones."""
    problem = c.problem
    inst = Instance.from_problem(problem, c.weights, compiled=c)
    team = start_team(problem, inst, random.Random(seed))
    if team is None:
        return None, None
    slack = thresholds.WARM_DETERMINISTIC_SLACK if deterministic else 1
    state = anneal(State(inst, team), time.perf_counter() + slack * seconds,
                   random.Random(seed + 1), check=lambda _: stop is not None and stop.is_set(),
                   max_moves=int(seconds * thresholds.MOVES_PER_SECOND) if deterministic
                   else None)
    assignment = to_assignment(problem, state.team, check_rules=True)
    return (assignment, state.value) if assignment is not None else (None, None)


def warm_seconds(c: CompiledProblem, budget: Budget) -> float:
    """The warm start's share of the time (see the ``WARM_*`` thresholds)."""
    seconds = min(thresholds.WARM_MAX_SECONDS,
                  max(thresholds.WARM_MIN_SECONDS, c.n_pairs * thresholds.WARM_SECONDS_PER_PAIR))
    left = budget.left()
    return seconds if left is None else min(seconds, thresholds.WARM_SHARE * left)


def attempt(c: CompiledProblem, budget: Budget, settings: Settings, *,
            callback: ProgressCallback | None, hint: Mapping[str, str | None] | None,
            lp: bool, prover: MipProver | None = None,
            fillers: int | None = None) -> Result | Retry:
    """One attempt (module docstring). ``prover``: the exact MIP, if any, already running or
    done (its teams and bound also reach CP-SAT's monitor). ``fillers``: a retry on a wider
    restricted domain (:func:`~matcher.search.domain.restricted_domain` with that many filler
    ideas per student, none fixed by the LP)."""
    problem, w = c.problem, c.weights
    workers, seed, gap_limit = settings.workers, settings.seed, settings.gap_limit
    before = budget.elapsed()  # spent by a synchronous MIP prover and earlier attempts
    common = dict(weights=w, time_limit_s=budget.time_limit, workers=workers, seed=seed)

    if prover is not None and prover.optimal:
        return prover_answer(c, prover, budget, common, callback)
    # the warm start and the LP end early when the user stops or the MIP proves optimality
    halt = budget.halt

    # A proven LP bound (HiGHS) when the objective is one the relaxation models; a restricted
    # domain when the dense model would be too large (its CP-SAT bound is then not a bound of
    # the problem, so the LP bound, or a simple one, is reported).
    placed = not problem.rules.allow_unassigned  # the LP models every student placed
    use_lp = lp and placed and c.coverage is not None and highspy_available()
    n_pairs = c.n_pairs
    if heuristics_search(c):
        large = solve_large(c, budget, seed=seed, callback=callback, hint=hint,
                            gap_limit=gap_limit,
                            use_lp=lp and placed and c.rest_coverage is not None
                            and highspy_available(),
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
        # first, and annealing alongside slows HiGHS (its callbacks wait for the GIL).
        head = min(thresholds.HEAD_START, thresholds.PIPELINE_SECONDS_PER_PAIR * n_pairs)
        left = budget.left()
        prover.finished.wait(head if left is None
                             else min(head, thresholds.HEAD_START_SHARE * left))
        if prover.optimal:
            return prover_answer(c, prover, budget, common, callback)
    # A warm start (seconds at most): CP-SAT's hint, and the answer if CP-SAT finds nothing
    # better in time.
    warm: dict[str, str | None] | None = None
    warm_value: int | None = None
    warm_time = 0.0
    if not hint and n_pairs > thresholds.WARM_PAIRS and c.warm_start_applies:
        warm_t0 = time.perf_counter()
        warm, warm_value = warm_start(c, seed, warm_seconds(c, budget), halt, workers == 1)
        warm_time = time.perf_counter() - warm_t0
    if prover is not None:
        if warm is not None and warm_value is not None:
            prover.offer(warm, warm_value)
        if prover.optimal:
            return prover_answer(c, prover, budget, common, callback)
    if use_lp:
        # The LP first (a share of the time left): its solution fixes the students it places
        # integrally on a ranked idea and narrows the others' domain (an LP-guided
        # neighbourhood); its bound is proven and ends the search once reached.
        left = budget.left()
        lp_limit = None if left is None else max(0.01, thresholds.LP_SHARE * left)
        # interior point (no crossover) above the dense limit: the simplex is too slow there
        relaxed = lp_bound(problem, w, time_limit=lp_limit, stop=halt,  # type: ignore[arg-type]
                           dense=n_pairs <= thresholds.DENSE_LP_PAIRS,
                           method="ipm" if n_pairs > thresholds.DENSE_PAIR_LIMIT else "simplex")
        lp_seconds = relaxed.seconds
        if relaxed.bound is not None:
            lp_box["lp"] = relaxed
            if warm is not None and warm_value is not None and warm_value >= relaxed.bound:
                # the warm start reaches the LP bound: proven optimal, no CP-SAT needed
                values = score(problem, warm, w)
                wall = budget.elapsed()
                if callback is not None:
                    callback(Progress(elapsed_s=wall, time_limit_s=common["time_limit_s"],
                                      objective=warm_value, best_bound=warm_value, gap=0.0,
                                      solutions=1, event="solution"))
                result = Result(status=Status.OPTIMAL, objective=warm_value,
                                best_bound=warm_value, gap=0.0, assignment=warm,
                                terms=values, wall_time_s=wall,
                                build_time_s=wall - lp_seconds - warm_time, **common)
                result._solver_terms = dict(values)
                return result.attach(problem)
            if (fillers is None and n_pairs > thresholds.DENSE_PAIR_LIMIT
                    and lp_ignores_caps(c)):
                # rules the LP ignores (max_per_value, keep_together...) would make its
                # integral placements an infeasible restriction: a wide domain instead
                fillers = thresholds.FILLER_GROWTH * thresholds.DEFAULT_FILLERS
            if fillers is not None:  # no student fixed by the LP
                allowed = restricted_domain(problem, fillers=fillers)
            else:
                allowed = lp_guided_domain(
                    problem, w, relaxed,
                    dense=n_pairs <= thresholds.DENSE_PAIR_LIMIT and warm is None)
            restricted = True
        elif n_pairs > thresholds.DENSE_PAIR_LIMIT:
            allowed = restricted_domain(problem, fillers=fillers or thresholds.DEFAULT_FILLERS)
            restricted = True
    if prover is not None and prover.optimal:
        return prover_answer(c, prover, budget, common, callback)

    if allowed is not None:
        allowed = close_under_rules(problem, allowed)
    if warm is not None and allowed is not None:  # the hint stays inside the domain
        pindex = problem.project_index
        allowed = [sorted({*dom, pindex[warm[s.id]]}) if warm.get(s.id) else dom
                   for s, dom in zip(problem.students, allowed, strict=True)]

    def teams_in_hand() -> Result:
        """No time to build or search CP-SAT's model: the MIP (if it runs) has the time
        left, then the warm start's teams or the MIP's (merged by the pipeline)."""
        left = budget.left()
        if prover is not None and not prover.done and left is not None:
            prover.finished.wait(left)
            if prover.optimal:
                return prover_answer(c, prover, budget, common, callback)
        common.update(wall_time_s=budget.elapsed(), interrupted=budget.stopped())
        if warm is not None and warm_value is not None:
            bounds = [b for b in (lp_box["lp"].bound if "lp" in lp_box else None,
                                  cheap_bound(c))
                      if b is not None]
            return teams_result(c, warm, warm_value, min(bounds), common)
        return Result(status=Status.UNKNOWN,
                      reasons=[too_short(budget.time_limit, budget.elapsed())],
                      **common).attach(problem)

    # CP-SAT's model building cannot be interrupted: not started when the time left would
    # not cover it (estimated from its size, then from its first step's duration)
    model_pairs = n_pairs if allowed is None else sum(len(dom) for dom in allowed)
    left = budget.left()
    if left is not None and left < thresholds.BUILD_SECONDS_PER_PAIR * model_pairs:
        return teams_in_hand()
    first_step = time.perf_counter()
    builder = ModelBuilder(problem, make_constraints(problem), allowed=allowed,
                           forbidden=c.forbidden, points=c.points)
    left = budget.left()
    if left is not None and left < thresholds.BUILD_REST_FACTOR * (time.perf_counter()
                                                                   - first_step):
        return teams_in_hand()
    builder.post_all()
    terms = make_terms(problem, w)  # fresh: a term may keep what it posted (its hint face)
    expressions = {}
    for term, weight in terms:
        if weight == 0:
            continue
        with builder.track(f"term:{term.name}"):
            expressions[term.name] = term.expression(builder)
    builder.model.maximize(lsum(weight * expressions[t.name] for t, weight in terms
                                if weight != 0))
    if hint or warm:
        add_hint(builder, hint or warm,  # type: ignore[arg-type]
                 [t for t, weight in terms if weight != 0])
    elif "lp" in lp_box:
        add_lp_hint(builder, lp_box["lp"])
    # model building only (the LP's and the warm start's time are theirs)
    build_time = budget.elapsed() - before - lp_seconds - warm_time
    # the time limit covers the building too: none left, no search (UNKNOWN, said so below)
    out_of_time = budget.expired()

    solver = cp_model.CpSolver()
    params = solver.parameters
    # The MIP's HiGHS thread counts as one of the workers asked for (measured:
    # benchmarks/results/thresholds.md).
    cp_workers = workers
    if prover is not None and not prover.done and workers > 1:
        cp_workers = workers - 1
    configure_search(params, cp_workers)
    params.random_seed = seed
    params.catch_sigint_signal = False
    left = budget.left()
    if left is not None:
        params.max_time_in_seconds = left
    if gap_limit and not restricted:
        params.relative_gap_limit = float(gap_limit)
    fallback = None
    if use_lp:
        fallback = simple_bound(problem, w.get("preference", 0), c.coverage or {})
    monitor = CpSatMonitor(callback, budget.start, budget.time_limit,
                           cp_bound_valid=not restricted,
                           fallback_bound=fallback if restricted else None, gap_limit=gap_limit)
    if "lp" in lp_box:
        monitor.lp = lp_box["lp"].bound
    if warm_value is not None:
        monitor.floor = monitor.best = warm_value
    monitor.solver = solver
    solver.best_bound_callback = monitor.on_bound
    if prover is not None:
        monitor.offer = prover_offer(prover, builder)
    if out_of_time:
        code = cp_model.UNKNOWN
    else:
        watcher = budget.own(StopWatcher(budget.user_stop, solver.stop_search,
                                         poll=_prover_poll(prover, monitor)))
        try:
            code = solver.solve(builder.model, monitor)
        finally:
            watcher.close()
    status = STATUS.get(code)
    if status is None:  # MODEL_INVALID: a bug in a plug-in, not a user error
        raise RuntimeError(f"CP-SAT rejected the model: {builder.model.validate()}")
    lp_result = lp_box.get("lp")
    if lp_result is not None and lp_result.bound is not None:
        monitor.lp = lp_result.bound
    wall = budget.elapsed()
    common.update(wall_time_s=wall, build_time_s=build_time, model_size=builder.stats,
                  interrupted=budget.stopped())
    if restricted and status is Status.INFEASIBLE:
        # The restriction, not the problem, may be infeasible: within reach, the full model.
        remaining = budget.remaining()
        if (n_pairs <= thresholds.DENSE_PAIR_LIMIT and not budget.stopped()
                and remaining > 0):
            return Retry(hint=hint, lp=False)
        wider = thresholds.FILLER_GROWTH * (fillers or thresholds.DEFAULT_FILLERS)
        if (n_pairs > thresholds.DENSE_PAIR_LIMIT and use_lp
                and wider < 2 * len(problem.projects) and not budget.stopped()
                and remaining > thresholds.WIDER_RETRY_SECONDS):
            # Too large for the full model: a wider restriction (more filler ideas per
            # student, none fixed by the LP, whose relaxation ignores rules such as
            # max_per_value) for the time left.
            return Retry(hint=hint, lp=True, fillers=wider)
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
            bound = cheap_bound(c)
        if bound is not None:
            return teams_result(c, warm, warm_value, bound, common)
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        reasons = ["CP-SAT proved that no formation satisfies the rules"] \
            if status is Status.INFEASIBLE else []
        if out_of_time:
            reasons = [too_short(budget.time_limit, budget.elapsed())]
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
    gap = relative_gap(obj, bound)
    if (restricted and n_pairs <= thresholds.DENSE_PAIR_LIMIT and status is Status.FEASIBLE
            and gap is not None and gap > (gap_limit or 0.0) and not monitor.stopped
            and not budget.stopped()
            and budget.remaining() > thresholds.FULL_RETRY_SECONDS):
        # The LP-guided neighbourhood is exhausted: the full model, warm-started from its
        # best teams, for the time left; the LP bound still counts.
        outer = Result(status=status, objective=obj, best_bound=bound, gap=gap,
                       assignment=assignment, terms=values, **common)
        outer._solver_terms = solver_terms
        return Retry(hint=assignment, lp=False,
                     callback=_within(callback, obj, bound) if callback else None,
                     merge=lambda full: merge_attempts(problem, outer, full))
    result = Result(status=status, objective=obj, best_bound=bound,
                    gap=relative_gap(obj, bound), assignment=assignment, terms=values,
                    **common)
    result._solver_terms = solver_terms
    return result.attach(problem)


def _within(callback: ProgressCallback, obj: int, bound: int) -> ProgressCallback:
    """The progress of a retry on the full model, as the whole solve's: its teams no worse
    than ``obj``, its bound no looser than ``bound`` (both already in hand)."""

    def inner(p: Progress) -> None:
        b = p.best_bound if p.best_bound is not None and p.best_bound < bound else bound
        o = max(p.objective, obj) if p.objective is not None else obj
        callback(p.model_copy(update={"best_bound": b, "objective": o,
                                      "gap": relative_gap(o, b)}))

    return inner


def _prover_poll(prover: MipProver | None, monitor: CpSatMonitor
                 ) -> Callable[[], None] | None:
    """Hands the MIP's new bound or teams to CP-SAT's monitor (which stops CP-SAT once the
    best teams reach the best bound); ``None`` without a MIP."""
    if prover is None:
        return None
    seen: list[tuple[int | None, int | None]] = [(None, None)]

    def poll() -> None:
        best = prover.best()
        now = (prover.bound, best[0] if best else None)
        if now != seen[0]:
            seen[0] = now
            monitor.on_prover(*now)

    return poll


def merge_attempts(problem: Problem, outer: Result, full: Result) -> Result:
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
