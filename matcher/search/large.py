"""The large-cohort phase of the pipeline: the heuristics' first teams
(:mod:`matcher.search.heuristics.construction`), simulated annealing, a local-search polish
and LNS (:mod:`matcher.search.heuristics.lns`) until the
budget's deadline, with a proven bound: the simple one, the LP's once it lands (solved in a
child process owned by the budget, or here first for small cohorts), and when re-matching the
local bound of the teams in hand."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping

from matcher.check import score
from matcher.result import Progress, Result, Status
from matcher.search import thresholds
from matcher.search.bounds import cheap_bound, local_bound, preference_bound
from matcher.search.budget import Budget
from matcher.search.compiled import CompiledProblem
from matcher.search.consistency import inconsistent
from matcher.search.heuristics.annealing import anneal
from matcher.search.heuristics.construction import start_team, to_assignment
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.lns import lns
from matcher.search.heuristics.local_search import local_search
from matcher.search.heuristics.state import State
from matcher.search.lp_process import LpProcess
from matcher.search.outcome import too_short
from matcher.search.progress import ProgressCallback, relative_gap
from matcher.search.relaxation import lp_bound


def solve_large(c: CompiledProblem, budget: Budget, *, seed: int,
                callback: ProgressCallback | None, hint: Mapping[str, str | None] | None,
                gap_limit: float | None, use_lp: bool, common: dict,
                deterministic: bool = False) -> Result | None:
    """Warm start then annealing and LNS until the budget's deadline, the LP bound alongside
    (module docstring).

    Returns ``None`` when the heuristic finds no valid start (the caller then builds the
    CP-SAT model). ``deterministic`` (``workers=1``): the annealing and the LNS run on budgets
    of moves and steps sized from the time limit
    (:data:`~matcher.search.thresholds.MOVES_PER_SECOND`,
    :data:`~matcher.search.thresholds.LNS_STEPS_PER_SECOND`) instead of the clock, so that a
    seed gives the same teams as long as the machine does that work within the time limit
    (the deadline still ends them if the machine is slower: the time limit comes first).
    """
    problem, w = c.problem, c.weights
    inst = Instance.from_problem(problem, w, compiled=c)
    build_time = budget.elapsed()
    if budget.expired():  # the time limit is too short to build anything
        return Result(status=Status.UNKNOWN, reasons=[too_short(budget.time_limit, build_time)],
                      **dict(common, wall_time_s=build_time, build_time_s=build_time)
                      ).attach(problem)
    # the pair terms (wishes): in the LP (:func:`~matcher.search.relaxation.lp_bound`), and
    # bounded by their own upper bound in the simple bound
    bounds = LargeBound(cheap_bound(c), moves=inst.w_moves > 0 and not any(inst.partners))
    if use_lp and c.n_students < thresholds.LP_PROCESS_STUDENTS:
        # small: solved here, in a fraction of a second (interrupted by a stop)
        relaxed = lp_bound(problem, w, method="ipm", stop=budget.user_stop,  # type: ignore[arg-type]
                           deadline=budget.deadline)
        bounds.lp = relaxed.bound
    elif use_lp:
        bounds.process = budget.own(LpProcess(problem, w, method="pdlp",
                                              deadline=budget.deadline))
    try:
        state, first, bound, stopped = _search(c, inst, bounds, budget, seed=seed,
                                               callback=callback, hint=hint,
                                               gap_limit=gap_limit, deterministic=deterministic)
    finally:
        if bounds.process is not None:
            bounds.process.close()  # now, not at the end of solve: it holds a core
    if state is None:
        return None
    assignment = to_assignment(problem, state.team, check_rules=True)
    if assignment is None:  # the moves keep every rule: a bug, never silent
        inconsistent("the warm start / LNS produced teams that break a rule; the first teams "
                     "(checked against every rule) are returned instead")
        assignment = to_assignment(problem, first, check_rules=True)
        if assignment is None:
            return None
        state = None  # its value is not the fallback's
    values = score(problem, assignment, w)
    obj = sum(w.get(name, 0) * v for name, v in values.items())
    if state is not None and obj != state.value:  # the direct value is the one reported
        inconsistent(f"incremental objective {state.value} != direct value {obj}")
    b = max(bound, obj)
    status = Status.OPTIMAL if b <= obj else Status.FEASIBLE
    common = dict(common, wall_time_s=budget.elapsed(), build_time_s=build_time,
                  model_size={"instance": {"variables": 0, "constraints": 0}},
                  interrupted=stopped)
    result = Result(status=status, objective=obj, best_bound=b, gap=relative_gap(obj, b),
                    assignment=assignment, terms=values, **common)
    result._solver_terms = dict(values)
    return result.attach(problem)


class LargeBound:
    """The best proven bound of the large-cohort search: the simple bound, the LP's once it
    lands (:attr:`lp`, or polled from its child :attr:`process`), and, when re-matching
    (``moves``), the local bound of the teams in hand
    (:func:`~matcher.search.bounds.local_bound`, refreshed at most every
    :data:`~matcher.search.thresholds.LOCAL_BOUND_EVERY` seconds)."""

    def __init__(self, simple: int, moves: bool) -> None:
        self.simple = simple
        self.lp: int | None = None
        self.process: LpProcess | None = None
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
            self._next_local = now + thresholds.LOCAL_BOUND_EVERY
            b = local_bound(state)
            self.local = b if self.local is None else min(self.local, b)

    def value(self) -> int:
        """The best proven bound so far."""
        self.lp_landed()
        return min(b for b in (self.simple, self.lp, self.local) if b is not None)


def _search(c: CompiledProblem, inst: Instance, bounds: LargeBound, budget: Budget, *,
            seed: int, callback: ProgressCallback | None,
            hint: Mapping[str, str | None] | None, gap_limit: float | None,
            deterministic: bool) -> tuple[State | None, list[int], int, bool]:
    """The search of :func:`solve_large`: (final state or ``None`` without a valid start,
    the first teams (valid: the fallback of an inconsistency), best proven bound, whether the
    caller's stop ended it)."""
    problem, w = c.problem, c.weights
    solutions = 0
    deadline = budget.deadline_or_inf()

    def emit(value: int, event: str) -> None:
        if callback is not None:
            b = max(bounds.value(), value)
            callback(Progress(elapsed_s=budget.elapsed(), time_limit_s=budget.time_limit,
                              objective=value, best_bound=b, gap=relative_gap(value, b),
                              solutions=solutions, event=event))

    team = start_team(problem, inst, random.Random(seed), hint)
    if team is None:
        return None, [], bounds.value(), budget.stopped()
    state = State(inst, team)
    solutions += 1
    bounds.refresh(state, force=True)
    emit(state.value, "solution")
    pref_bound = preference_bound(inst) if w.get("preference", 0) > 0 else None
    if pref_bound is not None:
        bounds.tighten(cheap_bound(c, pref_bound))
    seen_lp = bounds.lp_landed()

    def done(value: int | None = None) -> bool:
        nonlocal seen_lp
        if budget.stopped():
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
    unlimited = budget.time_limit is None
    left = (max(thresholds.UNLIMITED_ANNEAL_SECONDS,
                c.n_students / thresholds.UNLIMITED_ANNEAL_STUDENTS_PER_SECOND) if unlimited
            else budget.remaining())
    total = left if budget.time_limit is None else budget.time_limit  # deterministic budgets
    if not done():
        # deterministic: the moves budget ends the annealing, the deadline only guards the
        # time limit (a share of it as a second cap would end it earlier on a slow machine)
        state = anneal(state, deadline if deterministic
                       else min(deadline, time.perf_counter() + thresholds.ANNEAL_SHARE * left),
                       random.Random(seed + 1), check=check_anneal,
                       max_moves=int(thresholds.DETERMINISTIC_ANNEAL_SHARE * total
                                     * thresholds.MOVES_PER_SECOND) if deterministic else None)
        local_search(state, deadline if deterministic
                     else min(deadline, time.perf_counter() + thresholds.POLISH_SHARE * left),
                     random.Random(seed + 2))
        solutions += 1
        emit(state.value, "solution")

    def improved(value: int) -> None:
        nonlocal solutions
        solutions += 1
        emit(value, "solution")

    lns(inst, state, deadline=deadline, seed=seed, stop=budget.user_stop, on_improve=improved,
        done=done, max_stall=thresholds.UNLIMITED_LNS_STALL if unlimited else None,
        max_steps=int(thresholds.DETERMINISTIC_LNS_SHARE * total
                      * thresholds.LNS_STEPS_PER_SECOND)
        if deterministic and not unlimited else None)
    if bounds.process is not None and unlimited and not budget.stopped():
        bounds.process.wait(math.inf)  # no time limit: the LP's bound is worth waiting for
    bounds.refresh(state, force=True)
    return state, team, bounds.value(), budget.stopped()
