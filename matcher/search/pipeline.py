"""The search pipeline behind :func:`matcher.solve`: its phases, in order, under one budget.

1. **Precheck** (:func:`~matcher.feasibility.precheck`): arithmetic that rules out any
   formation ends the search, ``INFEASIBLE`` with the reasons.
2. **Exact MIP prover** (:mod:`matcher.search.prover`): up to
   :data:`~matcher.search.thresholds.DENSE_PAIR_LIMIT` pairs, when the aggregated MIP models
   the problem and pays, HiGHS solves it in a thread beside the next phases (first, alone,
   for a share of the time with ``workers=1``). The phases exchange teams with it, and a proof
   of optimality from it ends them.
3. **Attempts** (:mod:`matcher.search.attempt`), a loop until one returns a result:

   - the **large-cohort heuristics** (:mod:`matcher.search.large`: warm start, annealing,
     LNS, the LP bound alongside, in a child process from
     :data:`~matcher.search.thresholds.LP_PROCESS_STUDENTS` students) above
     ``DENSE_PAIR_LIMIT`` pairs, with pair terms (``wishes``) above
     :data:`~matcher.search.thresholds.WARM_PAIRS`, or with terms scored move by move above
     :data:`~matcher.search.thresholds.LOCAL_SEARCH_PAIRS`, when they keep the rules
     (:func:`~matcher.search.routing.heuristics_search`);
   - otherwise the MIP's head start, a **warm start** (above ``WARM_PAIRS``), the **LP bound**
     and its guided or **restricted domain**, then **CP-SAT** on the dense or restricted model;
   - **fallbacks**: a restricted model that proves infeasible, or whose neighbourhood is
     exhausted, asks for another attempt (the full model, or a wider domain) for the time
     left; the attempts' teams and bounds are merged.
4. The MIP's teams and bound merged into the answer; ``wall_time_s`` the true elapsed time.

Every phase reads its time from one :class:`~matcher.search.budget.Budget` (model building
included), reads the problem from one :class:`~matcher.search.compiled.CompiledProblem`, and
every helper thread or process is stopped and joined before :func:`run` returns. The
thresholds are in :mod:`matcher.search.thresholds`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from matcher.feasibility import precheck
from matcher.result import Result, Status
from matcher.search.attempt import Settings, attempt
from matcher.search.budget import Budget
from matcher.search.compiled import CompiledProblem
from matcher.search.consistency import recording, warnings_of
from matcher.search.progress import ProgressCallback
from matcher.search.prover import merge_prover, start_prover, wants_prover
from matcher.search.retry import Retry


def run(c: CompiledProblem, budget: Budget, settings: Settings, *,
        callback: ProgressCallback | None, hint: Mapping[str, str | None] | None,
        lp: bool) -> Result:
    """Search ``c`` within ``budget`` (the phases of the module docstring): the answer, its
    ``wall_time_s`` the whole elapsed time, its ``warnings`` the internal inconsistencies the
    phases met and undid (:mod:`matcher.search.consistency`). Every helper is joined before it
    returns (also on an error)."""
    with recording() as found:
        result = _phases(c, budget, settings, callback=callback, hint=hint, lp=lp)
    if not found:
        return result
    warned = result.model_copy(update={"warnings": result.warnings + warnings_of(found)})
    warned._solver_terms = dict(result._solver_terms)
    return warned.attach(c.problem)


def _phases(c: CompiledProblem, budget: Budget, settings: Settings, *,
            callback: ProgressCallback | None, hint: Mapping[str, str | None] | None,
            lp: bool) -> Result:
    """The phases of :func:`run`, in order."""
    problem = c.problem
    try:
        reasons = precheck(problem)
        if reasons:
            result = Result(status=Status.INFEASIBLE, reasons=reasons, weights=c.weights,
                            time_limit_s=budget.time_limit, workers=settings.workers,
                            seed=settings.seed)
            return _stamped(result, budget, c)
        prover = None
        if wants_prover(c, lp):
            prover = start_prover(c, budget, workers=settings.workers, hint=hint,
                                  callback=callback)
        step = Retry(hint=hint, lp=lp)
        merges: list[Callable[[Result], Result]] = []
        while True:  # a restricted model that falls short asks for another attempt
            out = attempt(c, budget, settings, callback=step.callback or callback,
                          hint=step.hint, lp=step.lp, prover=prover, fillers=step.fillers)
            if isinstance(out, Result):
                break
            step = out
            if out.merge is not None:
                merges.append(out.merge)
    finally:
        budget.close()  # every helper thread and process stopped and joined
    result = out
    for merge in reversed(merges):
        result = merge(result)
    if prover is not None:
        result = merge_prover(c, result, prover, budget)
    return _stamped(result, budget, c)


def _stamped(result: Result, budget: Budget, c: CompiledProblem) -> Result:
    """``result`` with the true elapsed time, every attempt and helper included."""
    stamped = result.model_copy(update={"wall_time_s": budget.elapsed()})
    stamped._solver_terms = dict(result._solver_terms)
    return stamped.attach(c.problem)
