"""Choices first: the fewest students on an idea they did not rank, then the weighted sum.

A lexicographic objective solved in two exact steps:

1. **The minimum.** CP-SAT on the full model (every rule posted, every pair kept)::

       min  U = sum_{s ranks something, p not ranked by s} x[s,p]

   Its optimum ``U*`` is proven when CP-SAT closes the gap; otherwise its bound is a proven
   lower bound and its best solution a feasible count ``U_0 >= U*``.
2. **The weighted objective under it.** The problem gains the rule ``max_unranked = U_0``
   (:class:`~matcher.constraints.max_unranked.MaxUnranked`, its own CP-SAT, check and LP/MIP
   faces) and the ordinary search pipeline maximises the weighted sum under it.

*Exact*: with ``U_0 = U*`` (a proven minimum), the feasible set of step 2 is exactly the
formations with ``U*`` unranked students (no formation has fewer), so step 2's optimum is the
lexicographic optimum; no big weight is involved, so the objective, bound and gap reported
are the weighted sum's own. With an unproven ``U_0`` (a time limit reached in step 1), the
answer keeps at most ``U_0`` students unranked and says the proven lower bound beside it.

Above :data:`~matcher.search.thresholds.DENSE_PAIR_LIMIT` pairs step 1's full model is not
built: the search runs on the plain weighted sum and says so in a warning. A re-match (a
previous formation) runs on the plain weighted sum too: its ``moves`` term keeps students
where they were, which choices first would override.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from matcher.check import check, objective, score
from matcher.constraints.max_unranked import unranked_pairs, unranked_students
from matcher.model import ModelBuilder, lsum
from matcher.problem import Problem
from matcher.result import DiversityPrice, Result, Status
from matcher.search import thresholds
from matcher.search.attempt import Settings
from matcher.search.budget import Budget, StopWatcher
from matcher.search.compiled import CompiledProblem, compile_problem
from matcher.search.cpsat import add_hint
from matcher.search.progress import ProgressCallback, relative_gap

#: Share of the time limit step 1 may take at most (the rest is the weighted search's).
MINIMUM_SHARE = 0.3


@dataclass(frozen=True)
class UnrankedMinimum:
    """The outcome of step 1: ``found`` students unranked in ``assignment`` (``None``: no
    formation found), ``bound`` a proven lower bound on every formation's count (``None``:
    none), ``proven`` when ``found == bound``, ``infeasible`` when no formation exists."""

    found: int | None
    bound: int | None
    assignment: dict[str, str | None] | None
    infeasible: bool = False

    @property
    def proven(self) -> bool:
        return self.found is not None and self.found == self.bound


def unranked_minimum(c: CompiledProblem, budget: Budget, *, workers: int, seed: int,
                     hint: Mapping[str, str | None] | None = None) -> UnrankedMinimum:
    """Step 1 of the module docstring, for at most :data:`MINIMUM_SHARE` of the time limit:
    HiGHS on the exact aggregated MIP (:mod:`matcher.search.exact_mip`) when it models the
    rules and every student is placed, else CP-SAT on the full model."""
    if _mip_models(c.problem):
        found = _minimum_by_mip(c.problem, budget)
        if found is not None:
            return found
    return _minimum_by_cpsat(c, budget, workers=workers, seed=seed, hint=hint)


def _until(budget: Budget) -> float | None:
    """Seconds step 1 may take (``None``: no limit)."""
    until = budget.share(MINIMUM_SHARE)
    if until is None:
        return None
    return max(0.05, min(until, budget.deadline_or_inf()) - time.perf_counter())


def _preference_only(problem: Problem) -> dict[str, int]:
    """Weights with every term of ``problem`` at 0 but ``preference`` at 1 (the exact MIP
    then keeps a column for every ranked pair)."""
    from matcher.registry import effective_weights

    return {**{name: 0 for name in effective_weights(problem)}, "preference": 1}


def _mip_models(problem: Problem) -> bool:
    from matcher.search.exact_mip import exact_mip_reason

    return (not problem.rules.allow_unassigned
            and exact_mip_reason(problem, _preference_only(problem)) is None)


def _ranked_model(problem: Problem, cap: int | None = None) -> tuple[object, list[int]]:
    """The exact aggregated MIP (:mod:`matcher.search.exact_mip`) with a column for every
    ranked pair (their indices returned), every cost 0, and with ``cap``: the row
    ``sum ranked x >= n_ranking - cap`` (at most ``cap`` unranked, every student placed)."""
    from matcher.search.exact_mip import _Model

    model = _Model(problem, _preference_only(problem))
    ranked = [j for (si, pi), j in model.xcol.items()
              if problem.projects[pi].id in problem.students[si].preferences]
    model.cost = [0.0] * model.n_cols
    if cap is not None:
        n = sum(1 for s in problem.students if s.preferences)
        model.row([(j, 1.0) for j in ranked], float(n - cap), math.inf)
    return model, ranked


def _run_highs(model: object, seconds: float | None) -> tuple[object, object]:
    """HiGHS maximising ``model`` (one thread, an integer objective, in a thread of its own:
    :func:`~matcher.search.highs.run_highs`): the solver, its info."""
    from matcher.search.highs import quiet_highs, run_highs

    h = quiet_highs()
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)  # integer objective: a gap below 1 proves it
    if seconds is not None:
        h.setOptionValue("time_limit", seconds)
    h.passModel(model.to_highs(maximize=True, integer=True))  # type: ignore[attr-defined]
    run_highs(h)
    return h, h.getInfo()


def _minimum_by_mip(problem: Problem, budget: Budget) -> UnrankedMinimum | None:
    """HiGHS maximising the ranked placements ``R`` on the exact aggregated MIP (every ranked
    pair a column, of cost 1; every other column of cost 0). Every student placed, the
    unranked count is ``n_ranking - R``; a realised point places a student on an idea they
    ranked at least as often as the point says, so its count is at most the point's, and
    HiGHS's dual bound on ``R`` is a proven lower bound on the count. ``None``: HiGHS found
    no point (CP-SAT then tries)."""
    import highspy

    model, ranked = _ranked_model(problem)
    for j in ranked:
        model.cost[j] = 1.0  # type: ignore[attr-defined]
    h, info = _run_highs(model, _until(budget))
    if info.primal_solution_status != 2:  # type: ignore[attr-defined]
        return None
    assignment = model.realise(np.array(h.getSolution().col_value))  # type: ignore[attr-defined]
    if assignment is None:
        return None
    n = sum(1 for s in problem.students if s.preferences)
    found = len(unranked_students(problem, assignment))
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal  # type: ignore[attr-defined]
    best = info.objective_function_value if optimal else info.mip_dual_bound  # type: ignore[attr-defined]
    bound = n - math.floor(best + 1e-6)
    return UnrankedMinimum(found, min(found, max(0, bound)), assignment)


def _minimum_by_cpsat(c: CompiledProblem, budget: Budget, *, workers: int, seed: int,
                      hint: Mapping[str, str | None] | None) -> UnrankedMinimum:
    """CP-SAT minimising the unranked count on the full model, every rule posted."""
    problem = c.problem
    builder = ModelBuilder(problem, c.constraints, forbidden=c.forbidden_by_student,
                           points=c.points)
    builder.post_all()
    pairs = [builder.x[p] for p in unranked_pairs(problem) if p in builder.x]
    builder.model.minimize(lsum(pairs))
    if hint:
        add_hint(builder, hint)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    seconds = _until(budget)
    if seconds is not None:
        solver.parameters.max_time_in_seconds = seconds
    watcher = StopWatcher(budget.halt, solver.stop_search)
    try:
        status = solver.solve(builder.model)
    finally:
        watcher.close()
    if status == cp_model.INFEASIBLE:
        return UnrankedMinimum(None, None, None, infeasible=True)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return UnrankedMinimum(None, None, None)
    assignment: dict[str, str | None] = {s.id: None for s in problem.students}
    for (si, pi), var in builder.x.items():
        if solver.value(var):
            assignment[problem.students[si].id] = problem.projects[pi].id
    found = len(unranked_students(problem, assignment))
    bound = found if status == cp_model.OPTIMAL else max(
        0, math.ceil(solver.best_objective_bound - 1e-6))
    return UnrankedMinimum(found, bound, assignment)


def run_choices_first(c: CompiledProblem, budget: Budget, settings: Settings, *,
                      run: Callable[..., Result], callback: ProgressCallback | None,
                      hint: Mapping[str, str | None] | None, lp: bool,
                      weights: Mapping[str, int] | None) -> Result:
    """Both steps of the module docstring; ``run`` is the search pipeline
    (:func:`matcher.search.pipeline.run`). The answer carries ``choices_first``, its
    ``unranked`` count and the proven ``unranked_minimum``; its problem is ``c``'s (the cap
    is the search's, not the organisers' rule)."""
    problem = c.problem
    if problem.previous:
        # a re-match keeps the previous teams first (the moves term): a student left on the
        # idea they were on is not moved off it to reach an idea they ranked
        return with_unranked(run(c, budget, settings, callback=callback, hint=hint, lp=lp),
                             problem, choices_first=False)
    if not any(s.preferences for s in problem.students):
        return with_unranked(run(c, budget, settings, callback=callback, hint=hint, lp=lp),
                             problem, choices_first=True)
    pairs = len(problem.students) * len(problem.projects)
    if pairs > thresholds.DENSE_PAIR_LIMIT:
        result = run(c, budget, settings, callback=callback, hint=hint, lp=lp)
        warning = (f"choices first: {pairs} student-idea pairs, above the "
                   f"{thresholds.DENSE_PAIR_LIMIT} of the full model the minimum needs; the "
                   "plain weighted sum was searched")
        return with_unranked(result, problem, choices_first=False, warnings=[warning])
    minimum = unranked_minimum(c, budget, workers=settings.workers, seed=settings.seed,
                               hint=hint)
    if minimum.found is None or minimum.assignment is None:
        # infeasible, or nothing found in time: the plain search says which
        return with_unranked(run(c, budget, settings, callback=callback, hint=hint, lp=lp),
                             problem, choices_first=True)
    cap = minimum.found
    if problem.rules.max_unranked is not None:
        cap = min(cap, problem.rules.max_unranked)
    capped = problem.with_changes(
        rules=problem.rules.model_copy(update={"max_unranked": cap}))
    c2 = compile_problem(capped, weights)
    start = minimum.assignment
    if hint is not None and len(unranked_students(problem, hint)) <= cap:
        start = dict(hint)
    reference = preference_optimum(problem, cap, budget, weights)
    result = run(c2, budget, settings, callback=callback, hint=start, lp=lp)
    if not result.assignment and not check(capped, start):
        # the second step found nothing in time (a term without a fast path, a cap the
        # heuristics cannot keep): the first step's teams, valid and at the minimum, answer
        value = objective(capped, start, weights)
        bound = None if result.best_bound is None else max(result.best_bound, value)
        result = _copy(result, {"status": Status.FEASIBLE, "objective": value,
                                "best_bound": bound,
                                "gap": None if bound is None else relative_gap(value, bound),
                                "assignment": dict(start),
                                "terms": score(capped, start, weights)})
        result._solver_terms = dict(result.terms)
    out = with_unranked(result, problem, choices_first=True, minimum=minimum.bound)
    if reference is not None and out.assignment:
        price = diversity_price(problem, out.assignment, *reference)
        out = _copy(out, {"diversity_price": price}).attach(problem)
    return out


def preference_optimum(problem: Problem, cap: int, budget: Budget,
                       weights: Mapping[str, int] | None = None
                       ) -> tuple[dict[str, str | None], bool] | None:
    """The preference-only formation with at most ``cap`` students unranked (HiGHS on the
    exact aggregated MIP, the cap one row over the ranked columns, for at most 10% of the time
    limit), and whether it is proven optimal; ``None`` when the weighted objective
    (``weights`` over the problem's) is preferences alone (no price to pay), the exact MIP
    does not model the problem, or HiGHS found nothing."""
    import highspy

    from matcher.registry import effective_weights

    weighted = {k for k, v in effective_weights(problem, weights).items() if v}
    if weighted <= {"preference"} or not _mip_models(problem):
        return None
    model, _ = _ranked_model(problem, cap)
    for (si, pi), j in model.xcol.items():  # type: ignore[attr-defined]
        model.cost[j] = float(problem.points(problem.students[si],  # type: ignore[attr-defined]
                                             problem.projects[pi].id))
    until = budget.share(MINIMUM_SHARE + 0.1)
    seconds = None if until is None else max(0.05, until - time.perf_counter())
    h, info = _run_highs(model, seconds)
    if info.primal_solution_status != 2:  # type: ignore[attr-defined]
        return None
    assignment = model.realise(np.array(h.getSolution().col_value))  # type: ignore[attr-defined]
    if assignment is None:
        return None
    return assignment, h.getModelStatus() == highspy.HighsModelStatus.kOptimal  # type: ignore[attr-defined]


def diversity_price(problem: Problem, assignment: Mapping[str, str | None],
                    reference: Mapping[str, str | None], proven: bool) -> DiversityPrice:
    """What the terms beside ``preference`` cost in choices: ``assignment`` against the
    preference-only ``reference`` (an unranked idea, or no team, counts as rank ``K + 1``).
    ``students_moved_down``: the most students any top ``r`` loses (students within their
    first ``r`` choices in ``reference``, less in ``assignment``, at the worst ``r``);
    ``ranks_lost``: the sum of ranks in ``assignment`` less the sum in ``reference``."""
    k = problem.max_preferences

    def ranks(of: Mapping[str, str | None]) -> list[int]:
        out = []
        for s in problem.students:
            if s.preferences:
                pid = of.get(s.id)
                r = s.rank_of(pid) if pid else None
                out.append(k + 1 if r is None else r)
        return out

    got, best = ranks(assignment), ranks(reference)
    moved = max((sum(r <= top for r in best) - sum(r <= top for r in got)
                 for top in range(1, k + 1)), default=0)
    return DiversityPrice(students_moved_down=max(0, moved), ranks_lost=sum(got) - sum(best),
                          proven=proven)


def _copy(result: Result, update: dict[str, object]) -> Result:
    out = result.model_copy(update=update)
    out._solver_terms = dict(result._solver_terms)
    return out


def with_unranked(result: Result, problem: Problem, *, choices_first: bool,
                  minimum: int | None = None, warnings: list[str] | None = None) -> Result:
    """``result`` with its unranked count (and, under choices first, the proven minimum),
    attached to ``problem``."""
    update: dict[str, object] = {
        "choices_first": choices_first, "unranked_minimum": minimum,
        "unranked": (len(unranked_students(problem, result.assignment))
                     if result.assignment else None)}
    if warnings:
        update["warnings"] = result.warnings + warnings
    out = result.model_copy(update=update)
    out._solver_terms = dict(result._solver_terms)
    return out.attach(problem)
