"""One attempt of the search pipeline (:mod:`matcher.search.pipeline`), one function a phase,
in this order (:func:`attempt`, the driver): the large-cohort heuristics when they apply
(:func:`_large_cohort`), else the exact MIP's head start (:func:`_mip_head_start`), a warm
start (:func:`_warm_start`), the LP bound and its guided or restricted domain
(:func:`_lp_bound_and_domain`, :func:`_close_domain`), then CP-SAT's model (dense, or
restricted: :func:`_build_model`) searched until the budget's deadline
(:func:`_search_cp_sat`), and what its search gives (:func:`_read_outcome`). Any phase may end
the attempt with an answer (the MIP's proven optimum, the warm start at the LP bound, the teams
in hand when no time is left to build the model). An attempt returns a
:class:`~matcher.result.Result`, or a :class:`~matcher.search.retry.Retry` when its restricted
model falls short: the pipeline then runs another attempt for the time left."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from matcher.check import score
from matcher.model import ModelBuilder, lsum
from matcher.problem import Problem
from matcher.registry import make_constraints, make_terms
from matcher.result import Progress, Result, Status
from matcher.search import thresholds
from matcher.search.bounds import cheap_bound
from matcher.search.budget import Budget, StopFlag, StopWatcher
from matcher.search.compiled import CompiledProblem
from matcher.search.consistency import inconsistent
from matcher.search.cpsat import STATUS, add_hint, add_lp_hint, configure_search
from matcher.search.domain import (
    close_under_rules,
    lp_guided_domain,
    restricted_domain,
    simple_bound,
)
from matcher.search.exact_mip import MipProver
from matcher.search.heuristics.annealing import anneal
from matcher.search.heuristics.construction import start_team, to_assignment
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.state import State
from matcher.search.large import solve_large
from matcher.search.outcome import teams_result, too_short
from matcher.search.progress import CpSatMonitor, ProgressCallback, relative_gap
from matcher.search.prover import highspy_available, prover_answer, prover_offer
from matcher.search.relaxation import LpBound, lp_bound
from matcher.search.retry import Retry, merge_attempts, within
from matcher.search.routing import (
    construction_applies,
    heuristics_search,
    lp_ignores_caps,
    objective_bounded,
    warm_start_applies,
)


@dataclass(frozen=True)
class Settings:
    """The caller's settings of the search (see :func:`matcher.solve`)."""

    workers: int
    seed: int
    gap_limit: float | None


def warm_start_teams(c: CompiledProblem, seed: int, seconds: float, stop: StopFlag | None,
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


@dataclass
class _Run:
    """What the phases of one attempt hand on to the next (see :func:`attempt`)."""

    c: CompiledProblem
    budget: Budget
    settings: Settings
    callback: ProgressCallback | None
    hint: Mapping[str, str | None] | None
    lp: bool
    prover: MipProver | None
    fillers: int | None
    #: the fields every result of the attempt carries (weights, limits, then times)
    common: dict = field(default_factory=dict)
    #: seconds spent before the attempt (a synchronous MIP prover, earlier attempts)
    before: float = 0.0
    #: whether the LP bound runs (the objective is one the relaxation models)
    use_lp: bool = False
    lp_result: LpBound | None = None
    lp_seconds: float = 0.0
    #: the restricted domain (``None``: dense), and whether CP-SAT's model is restricted
    allowed: list[list[int]] | None = None
    restricted: bool = False
    warm: dict[str, str | None] | None = None
    warm_value: int | None = None
    warm_time: float = 0.0
    builder: ModelBuilder | None = None
    expressions: dict = field(default_factory=dict)
    build_time: float = 0.0
    out_of_time: bool = False

    @property
    def problem(self) -> Problem:
        return self.c.problem

    @property
    def n_pairs(self) -> int:
        return self.c.n_pairs

    def prover_optimal(self) -> bool:
        """The MIP already proved its teams optimal."""
        return self.prover is not None and self.prover.optimal

    def prover_answer(self) -> Result:
        """The MIP's proven optimum as the answer."""
        assert self.prover is not None
        return prover_answer(self.c, self.prover, self.budget, self.common, self.callback)


def attempt(c: CompiledProblem, budget: Budget, settings: Settings, *,
            callback: ProgressCallback | None, hint: Mapping[str, str | None] | None,
            lp: bool, prover: MipProver | None = None,
            fillers: int | None = None) -> Result | Retry:
    """One attempt (module docstring): its phases in order, each may end it with an answer.
    ``prover``: the exact MIP, if any, already running or done (its teams and bound also reach
    CP-SAT's monitor). ``fillers``: a retry on a wider restricted domain
    (:func:`~matcher.search.domain.restricted_domain` with that many filler ideas per student,
    none fixed by the LP)."""
    run = _Run(c, budget, settings, callback, hint, lp, prover, fillers,
               common=dict(weights=c.weights, time_limit_s=budget.time_limit,
                           workers=settings.workers, seed=settings.seed),
               before=budget.elapsed())
    if run.prover_optimal():
        return run.prover_answer()
    placed = not c.problem.rules.allow_unassigned  # the LP models every student placed
    run.use_lp = lp and placed and c.coverage is not None and highspy_available()
    for phase in (_large_cohort, _mip_head_start, _warm_start, _lp_bound_and_domain):
        answer = phase(run)
        if answer is not None:
            return answer
    _close_domain(run)
    answer = _build_model(run)
    if answer is not None:
        return answer
    solver, monitor, status = _search_cp_sat(run)
    return _read_outcome(run, solver, monitor, status)


def _large_cohort(run: _Run) -> Result | None:
    """The large-cohort heuristics when they search the problem
    (:func:`~matcher.search.routing.heuristics_search`), else ``None``."""
    c = run.c
    if not heuristics_search(c):
        return None
    placed = not c.problem.rules.allow_unassigned
    return solve_large(c, run.budget, seed=run.settings.seed, callback=run.callback,
                       hint=run.hint, gap_limit=run.settings.gap_limit,
                       use_lp=run.lp and placed and c.rest_coverage is not None
                       and highspy_available(),
                       common=run.common, deterministic=run.settings.workers == 1)


def _mip_head_start(run: _Run) -> Result | None:
    """A head start for the MIP, alone, for about the time the LP's and CP-SAT's
    (uninterruptible) model building would take: on small cohorts it often finishes first, and
    annealing alongside slows HiGHS (its callbacks wait for the GIL). Its optimum, if proven."""
    prover = run.prover
    if prover is None or prover.done:
        return None
    head = min(thresholds.HEAD_START, thresholds.PIPELINE_SECONDS_PER_PAIR * run.n_pairs)
    left = run.budget.left()
    prover.finished.wait(head if left is None
                         else min(head, thresholds.HEAD_START_SHARE * left))
    return run.prover_answer() if prover.optimal else None


def _warm_start(run: _Run) -> Result | None:
    """A warm start (seconds at most; :func:`~matcher.search.routing.warm_start_applies`, or
    :func:`~matcher.search.routing.construction_applies`: the construction places everyone
    whatever the objective, annealing scores every term): CP-SAT's hint, and the answer if
    CP-SAT finds nothing better in time; offered to the MIP, whose optimum, if proven, is the
    answer."""
    if warm_start_applies(run.c, run.hint) or construction_applies(run.c, run.hint):
        warm_t0 = time.perf_counter()
        run.warm, run.warm_value = warm_start_teams(
            run.c, run.settings.seed, warm_seconds(run.c, run.budget), run.budget.halt,
            run.settings.workers == 1)
        run.warm_time = time.perf_counter() - warm_t0
    if run.prover is not None:
        if run.warm is not None and run.warm_value is not None:
            run.prover.offer(run.warm, run.warm_value)
        if run.prover.optimal:
            return run.prover_answer()
    return None


def _lp_bound_and_domain(run: _Run) -> Result | None:
    """The LP first (a share of the time left) when it runs: its solution fixes the students it
    places integrally on a ranked idea and narrows the others' domain (an LP-guided
    neighbourhood); its bound is proven and ends the search once reached. A restricted domain
    when the dense model would be too large (its CP-SAT bound is then not a bound of the
    problem, so the LP bound, or a simple one, is reported). The answer when the warm start
    reaches the LP bound, or when the MIP proved its optimum meanwhile."""
    problem, n_pairs = run.problem, run.n_pairs
    if run.use_lp:
        left = run.budget.left()
        lp_limit = None if left is None else max(0.01, thresholds.LP_SHARE * left)
        # interior point (no crossover) above the dense limit: the simplex is too slow there
        relaxed = lp_bound(problem, run.c.weights, time_limit=lp_limit,
                           stop=run.budget.halt,  # type: ignore[arg-type]
                           dense=n_pairs <= thresholds.DENSE_LP_PAIRS,
                           method="ipm" if n_pairs > thresholds.DENSE_PAIR_LIMIT else "simplex")
        run.lp_seconds = relaxed.seconds
        if relaxed.bound is not None:
            run.lp_result = relaxed
            if run.warm is not None and run.warm_value is not None \
                    and run.warm_value >= relaxed.bound:
                return _warm_at_lp_bound(run)
            if (run.fillers is None and n_pairs > thresholds.DENSE_PAIR_LIMIT
                    and lp_ignores_caps(run.c)):
                # rules the LP ignores (max_per_value, keep_together...) would make its
                # integral placements an infeasible restriction: a wide domain instead
                run.fillers = thresholds.FILLER_GROWTH * thresholds.DEFAULT_FILLERS
            if run.fillers is not None:  # no student fixed by the LP
                run.allowed = restricted_domain(problem, fillers=run.fillers)
            else:
                run.allowed = lp_guided_domain(
                    problem, run.c.weights, relaxed,
                    dense=n_pairs <= thresholds.DENSE_PAIR_LIMIT and run.warm is None)
            run.restricted = True
        elif n_pairs > thresholds.DENSE_PAIR_LIMIT:
            run.allowed = restricted_domain(problem,
                                            fillers=run.fillers or thresholds.DEFAULT_FILLERS)
            run.restricted = True
    return run.prover_answer() if run.prover_optimal() else None


def _warm_at_lp_bound(run: _Run) -> Result:
    """The warm start reaches the LP bound: proven optimal, no CP-SAT needed."""
    assert run.warm is not None and run.warm_value is not None
    values = score(run.problem, run.warm, run.c.weights)
    wall = run.budget.elapsed()
    if run.callback is not None:
        run.callback(Progress(elapsed_s=wall, time_limit_s=run.common["time_limit_s"],
                              objective=run.warm_value, best_bound=run.warm_value, gap=0.0,
                              solutions=1, event="solution"))
    result = Result(status=Status.OPTIMAL, objective=run.warm_value,
                    best_bound=run.warm_value, gap=0.0, assignment=run.warm,
                    terms=values, wall_time_s=wall,
                    build_time_s=wall - run.lp_seconds - run.warm_time, **run.common)
    result._solver_terms = dict(values)
    return result.attach(run.problem)


def _close_domain(run: _Run) -> None:
    """The restricted domain closed under the rules, the warm start's teams kept inside it
    (the hint stays valid)."""
    problem = run.problem
    if run.allowed is not None:
        run.allowed = close_under_rules(problem, run.allowed)
    if run.warm is not None and run.allowed is not None:
        warm, pindex = run.warm, problem.project_index
        run.allowed = [sorted({*dom, pindex[warm[s.id]]}) if warm.get(s.id) else dom
                       for s, dom in zip(problem.students, run.allowed, strict=True)]


def _teams_in_hand(run: _Run) -> Result:
    """No time to build or search CP-SAT's model: the MIP (if it runs) has the time left, then
    the warm start's teams or the MIP's (merged by the pipeline)."""
    budget, prover = run.budget, run.prover
    left = budget.left()
    if prover is not None and not prover.done and left is not None:
        prover.finished.wait(left)
        if prover.optimal:
            return run.prover_answer()
    run.common.update(wall_time_s=budget.elapsed(), interrupted=budget.stopped())
    if run.warm is not None and run.warm_value is not None:
        bounds = [b for b in (run.lp_result.bound if run.lp_result is not None else None,
                              cheap_bound(run.c) if objective_bounded(run.c) else None)
                  if b is not None]
        return _teams_with_bound(run, min(bounds) if bounds else None)
    return Result(status=Status.UNKNOWN,
                  reasons=[too_short(budget.time_limit, budget.elapsed())],
                  **run.common).attach(run.problem)


def _build_model(run: _Run) -> Result | None:
    """CP-SAT's model, its objective and its hint (the caller's, the warm start's, else the
    LP's). Its building cannot be interrupted: not started when the time left would not cover
    it (estimated from its size, then from its first step's duration); the teams in hand are
    then the answer."""
    problem, budget, c = run.problem, run.budget, run.c
    model_pairs = run.n_pairs if run.allowed is None else sum(len(dom) for dom in run.allowed)
    left = budget.left()
    if left is not None and left < thresholds.BUILD_SECONDS_PER_PAIR * model_pairs:
        return _teams_in_hand(run)
    first_step = time.perf_counter()
    builder = ModelBuilder(problem, make_constraints(problem), allowed=run.allowed,
                           forbidden=c.forbidden, points=c.points)
    left = budget.left()
    if left is not None and left < thresholds.BUILD_REST_FACTOR * (time.perf_counter()
                                                                   - first_step):
        return _teams_in_hand(run)
    builder.post_all()
    terms = make_terms(problem, c.weights)  # fresh: a term may keep what it posted (its hint)
    expressions = {}
    for term, weight in terms:
        if weight == 0:
            continue
        with builder.track(f"term:{term.name}"):
            expressions[term.name] = term.expression(builder)
    builder.model.maximize(lsum(weight * expressions[t.name] for t, weight in terms
                                if weight != 0))
    if run.hint or run.warm:
        add_hint(builder, run.hint or run.warm,  # type: ignore[arg-type]
                 [t for t, weight in terms if weight != 0])
    elif run.lp_result is not None:
        add_lp_hint(builder, run.lp_result)
    run.builder, run.expressions = builder, expressions
    # model building only (the LP's and the warm start's time are theirs)
    run.build_time = budget.elapsed() - run.before - run.lp_seconds - run.warm_time
    # the time limit covers the building too: none left, no search (UNKNOWN, said so later)
    run.out_of_time = budget.expired()
    return None


def _search_cp_sat(run: _Run) -> tuple[cp_model.CpSolver, CpSatMonitor, Status]:
    """CP-SAT searches the model until the budget's deadline (a stop, or the MIP's proof,
    ends it), its progress and bounds followed by
    :class:`~matcher.search.progress.CpSatMonitor`."""
    budget, prover, builder = run.budget, run.prover, run.builder
    assert builder is not None
    workers, gap_limit = run.settings.workers, run.settings.gap_limit
    solver = cp_model.CpSolver()
    params = solver.parameters
    # The MIP's HiGHS thread counts as one of the workers asked for (measured:
    # benchmarks/results/thresholds.md).
    cp_workers = workers
    if prover is not None and not prover.done and workers > 1:
        cp_workers = workers - 1
    configure_search(params, cp_workers)
    params.random_seed = run.settings.seed
    params.catch_sigint_signal = False
    left = budget.left()
    if left is not None:
        params.max_time_in_seconds = left
    if gap_limit and not run.restricted:
        params.relative_gap_limit = float(gap_limit)
    fallback = None
    if run.use_lp:
        fallback = simple_bound(run.problem, run.c.weights.get("preference", 0),
                                run.c.coverage or {})
    monitor = CpSatMonitor(run.callback, budget.start, budget.time_limit,
                           cp_bound_valid=not run.restricted,
                           fallback_bound=fallback if run.restricted else None,
                           gap_limit=gap_limit)
    if run.lp_result is not None:
        monitor.lp = run.lp_result.bound
    if run.warm_value is not None:
        monitor.floor = monitor.best = run.warm_value
    monitor.solver = solver
    solver.best_bound_callback = monitor.on_bound
    if prover is not None:
        monitor.offer = prover_offer(prover, builder)
    if run.out_of_time:
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
    if run.lp_result is not None and run.lp_result.bound is not None:
        monitor.lp = run.lp_result.bound
    run.common.update(wall_time_s=budget.elapsed(), build_time_s=run.build_time,
                      model_size=builder.stats, interrupted=budget.stopped())
    return solver, monitor, status


def _read_outcome(run: _Run, solver: cp_model.CpSolver, monitor: CpSatMonitor,
                  status: Status) -> Result | Retry:
    """What CP-SAT's search gives: a retry when the restriction proved infeasible, the warm
    start's teams when CP-SAT found nothing better, no teams, or CP-SAT's teams (a retry on
    the full model when the LP-guided neighbourhood is exhausted)."""
    if run.restricted and status is Status.INFEASIBLE:
        retry = _retry_infeasible_restriction(run)
        if retry is not None:
            return retry
        status = Status.UNKNOWN
    if run.warm is not None and run.warm_value is not None and (
            status not in (Status.OPTIMAL, Status.FEASIBLE)
            or round(solver.objective_value) < run.warm_value):
        kept = _warm_teams_kept(run, solver, monitor, status)
        if kept is not None:
            return kept
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        reasons = ["CP-SAT proved that no formation satisfies the rules"] \
            if status is Status.INFEASIBLE else []
        if run.out_of_time:
            reasons = [too_short(run.budget.time_limit, run.budget.elapsed())]
        return Result(status=status, reasons=reasons, **run.common).attach(run.problem)
    return _cp_sat_teams(run, solver, monitor, status)


def _retry_infeasible_restriction(run: _Run) -> Retry | None:
    """The restriction, not the problem, may be infeasible: within reach, the full model; too
    large for it, a wider restriction (more filler ideas per student, none fixed by the LP,
    whose relaxation ignores rules such as max_per_value) for the time left; else ``None``."""
    budget, n_pairs = run.budget, run.n_pairs
    remaining = budget.remaining()
    if (n_pairs <= thresholds.DENSE_PAIR_LIMIT and not budget.stopped()
            and remaining > 0):
        return Retry(hint=run.hint, lp=False)
    wider = thresholds.FILLER_GROWTH * (run.fillers or thresholds.DEFAULT_FILLERS)
    if (n_pairs > thresholds.DENSE_PAIR_LIMIT and run.use_lp
            and wider < 2 * len(run.problem.projects) and not budget.stopped()
            and remaining > thresholds.WIDER_RETRY_SECONDS):
        return Retry(hint=run.hint, lp=True, fillers=wider)
    return None


def _warm_teams_kept(run: _Run, solver: cp_model.CpSolver, monitor: CpSatMonitor,
                     status: Status) -> Result | None:
    """CP-SAT found nothing better than the warm start in time (a restricted model's
    INFEASIBLE included): the warm start, with the best proven bound known (``None`` when no
    bound is known)."""
    assert run.warm is not None and run.warm_value is not None
    bound = monitor.bound
    if not run.restricted and status is Status.FEASIBLE:
        bound = min(b for b in (bound, math.floor(solver.best_objective_bound + 1e-6))
                    if b is not None)
    if bound is None and objective_bounded(run.c):
        bound = cheap_bound(run.c)
    return _teams_with_bound(run, bound)


def _teams_with_bound(run: _Run, bound: int | None) -> Result:
    """The warm start's teams as the answer, with ``bound`` if one is proven; without one
    (a term with no bound of its own), FEASIBLE with no bound and no gap: teams, never "no
    formation found", when the construction found a formation."""
    assert run.warm is not None and run.warm_value is not None
    if bound is not None:
        return teams_result(run.c, run.warm, run.warm_value, bound, run.common)
    values = score(run.problem, run.warm, run.c.weights)
    result = Result(status=Status.FEASIBLE, objective=run.warm_value, assignment=run.warm,
                    terms=values, **run.common)
    result._solver_terms = dict(values)
    return result.attach(run.problem)


def _cp_sat_teams(run: _Run, solver: cp_model.CpSolver, monitor: CpSatMonitor,
                  status: Status) -> Result | Retry:
    """CP-SAT's teams, their terms checked against the direct scoring, with the best proven
    bound; a retry on the full model, warm-started from them, when the LP-guided
    neighbourhood is exhausted before the gap limit."""
    problem, builder, w = run.problem, run.builder, run.c.weights
    assert builder is not None
    assignment: dict[str, str | None] = {s.id: None for s in problem.students}
    for (si, pi), var in builder.x.items():
        if solver.boolean_value(var):
            assignment[problem.students[si].id] = problem.projects[pi].id
    values = score(problem, assignment, w)
    solver_terms = {name: int(solver.value(expr)) if not isinstance(expr, int) else expr
                    for name, expr in run.expressions.items()}
    faces_agree = True
    for name, v in solver_terms.items():
        if v != values[name]:  # the two faces of a term disagree: a bug, never silent
            inconsistent(f"term {name!r}: solver value {v} != direct value {values[name]}")
            faces_agree = False
    obj = round(solver.objective_value)
    if not faces_agree:  # the direct value is the one reported, and proves no optimum
        obj = sum(w.get(name, 0) * v for name, v in values.items())
    if status is Status.OPTIMAL and not run.restricted and faces_agree:
        bound = obj
    else:
        monitor.best = obj
        if not run.restricted:
            monitor.cp_bound = math.floor(solver.best_objective_bound + 1e-6)
        bound = monitor.bound if monitor.bound is not None else obj
        status = Status.OPTIMAL if bound <= obj else Status.FEASIBLE
    bound = max(bound, obj)
    gap = relative_gap(obj, bound)
    gap_limit, budget, callback = run.settings.gap_limit, run.budget, run.callback
    if (run.restricted and run.n_pairs <= thresholds.DENSE_PAIR_LIMIT
            and status is Status.FEASIBLE
            and gap is not None and gap > (gap_limit or 0.0) and not monitor.stopped
            and not budget.stopped()
            and budget.remaining() > thresholds.FULL_RETRY_SECONDS):
        # The LP-guided neighbourhood is exhausted: the full model, warm-started from its
        # best teams, for the time left; the LP bound still counts.
        outer = Result(status=status, objective=obj, best_bound=bound, gap=gap,
                       assignment=assignment, terms=values, **run.common)
        outer._solver_terms = solver_terms
        return Retry(hint=assignment, lp=False,
                     callback=within(callback, obj, bound) if callback else None,
                     merge=lambda full: merge_attempts(problem, outer, full))
    result = Result(status=status, objective=obj, best_bound=bound,
                    gap=relative_gap(obj, bound), assignment=assignment, terms=values,
                    **run.common)
    result._solver_terms = solver_terms
    return result.attach(problem)


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
