"""The exact MIP's phase of the pipeline: whether it runs, its start (a thread beside CP-SAT, or
first and alone with ``workers=1``), the teams CP-SAT hands it, and its answer merged at the
end (:class:`~matcher.search.exact_mip.MipProver` is the MIP itself)."""

from __future__ import annotations

import importlib.util
import math
import time
from collections.abc import Callable, Mapping

from ortools.sat.python import cp_model

from matcher.check import check, score
from matcher.model import ModelBuilder
from matcher.result import Progress, Result, Status
from matcher.search import thresholds
from matcher.search.budget import Budget
from matcher.search.compiled import CompiledProblem
from matcher.search.consistency import inconsistent
from matcher.search.domain import simple_bound
from matcher.search.exact_mip import MipProver, supports_exact_mip
from matcher.search.progress import ProgressCallback, relative_gap


def highspy_available() -> bool:
    """Whether HiGHS (``highspy``) is installed: the LP bound and the exact MIP need it."""
    return importlib.util.find_spec("highspy") is not None


def prover_suits(c: CompiledProblem) -> bool:
    """Whether the exact MIP is worth a thread: preferences count and at least half the
    students rank an idea, or its model is small (at most
    :data:`~matcher.search.thresholds.PROVER_TYPE_COLUMNS` type columns). Without preferences,
    a large model is mostly interchangeable students spread over teams, whose LP is highly
    degenerate: HiGHS's cut rounds then ignore its time limit and stop requests while CP-SAT
    with the warm start proves optimality sooner (benchmarks/results/thresholds.md)."""
    problem = c.problem
    ranking = sum(1 for s in problem.students if s.preferences)
    if c.weights.get("preference", 0) > 0 and 2 * ranking >= len(problem.students):
        return True
    attrs = list(c.coverage or {})
    types = {tuple(s.value(a) for a in attrs) for s in problem.students}
    return len(types) * len(problem.projects) <= thresholds.PROVER_TYPE_COLUMNS


def wants_prover(c: CompiledProblem, lp: bool) -> bool:
    """Whether the exact MIP runs: HiGHS allowed and installed, the dense model within reach,
    the MIP models the problem (:func:`~matcher.search.exact_mip.supports_exact_mip`) and
    pays (:func:`prover_suits`)."""
    return (lp and c.n_pairs <= thresholds.DENSE_PAIR_LIMIT and prover_suits(c)
            and supports_exact_mip(c.problem, c.weights) and highspy_available())


def start_prover(c: CompiledProblem, budget: Budget, *, workers: int,
                 hint: Mapping[str, str | None] | None,
                 callback: ProgressCallback | None) -> MipProver:
    """The exact MIP, started in a thread owned by ``budget`` (or, with ``workers=1``, run
    here for :data:`~matcher.search.thresholds.SYNC_PROVER_SHARE` of the time limit, so that
    the answer is deterministic), with ``hint`` as its first teams if valid."""
    problem = c.problem
    sync = workers == 1
    deadline = budget.share(thresholds.SYNC_PROVER_SHARE) if sync else budget.deadline

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
        callback(Progress(elapsed_s=budget.elapsed(), time_limit_s=budget.time_limit,
                          objective=best[0], best_bound=bound,
                          gap=relative_gap(best[0], bound),
                          solutions=prover.reported_solutions, event=event))

    prover = MipProver(problem, c.weights, deadline=deadline, stop=budget.user_stop,
                       on_change=report if sync else None)
    budget.own(prover)  # HiGHS sees the stop at its next check: joined before solve returns
    budget.proven = prover.proven  # the other phases end early once it proves optimality
    if hint and all(hint.get(s.id) for s in problem.students) and not check(problem, hint):
        prover.offer(hint)
    if sync:
        prover.run()
    else:
        prover.prepare()  # here: building in a thread would compete for the GIL
        prover.start()
    return prover


def prover_offer(prover: MipProver, builder: ModelBuilder
                 ) -> Callable[[cp_model.CpSolverSolutionCallback], None]:
    """Hands CP-SAT's teams to the MIP, at most every
    :data:`~matcher.search.thresholds.OFFER_EVERY` seconds."""
    last = [-math.inf]
    students, projects = builder.problem.students, builder.problem.projects

    def offer(cb: cp_model.CpSolverSolutionCallback) -> None:
        now = time.perf_counter()
        if now - last[0] < thresholds.OFFER_EVERY:
            return
        last[0] = now
        assignment: dict[str, str | None] = {s.id: None for s in students}
        for (si, pi), var in builder.x.items():
            if cb.boolean_value(var):
                assignment[students[si].id] = projects[pi].id
        prover.offer(assignment, round(cb.objective_value))

    return offer


def prover_answer(c: CompiledProblem, prover: MipProver, budget: Budget, common: dict,
                  callback: ProgressCallback | None) -> Result:
    """The MIP's proven optimum as the result (no CP-SAT model needed)."""
    best = prover.best()
    assert best is not None and prover.optimal
    value, assignment = best
    values = score(c.problem, assignment, c.weights)
    wall = budget.elapsed()
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
    return result.attach(c.problem)


def merge_prover(c: CompiledProblem, result: Result, prover: MipProver,
                 budget: Budget) -> Result:
    """``result`` with the MIP's better teams and tighter bound, if it has them."""
    problem, w = c.problem, c.weights
    if prover.error is not None:  # a bug in the MIP, never silent: the other teams stand
        inconsistent(f"the exact MIP failed: {prover.error!r}", prover.error)
        return result
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
    prover_bound = prover.bound
    if prover_bound is not None and prover_bound < objective:
        # the MIP is exact: its dual bound is at least every valid team's score; below the
        # teams in hand it proves nothing (once, a failed HiGHS run's empty bound 0 made a
        # false optimum here)
        inconsistent(f"the exact MIP's bound {prover_bound} is below teams scoring "
                     f"{objective}")
        prover_bound = None
    bounds = [b for b in (result.best_bound if result.has_solution else None, prover_bound)
              if b is not None]
    if not bounds:
        bounds = [simple_bound(problem, w.get("preference", 0), c.coverage or {})]
    bound = max(min(bounds), objective)
    if (objective, bound, assignment) == (result.objective, result.best_bound,
                                          result.assignment):
        return result
    merged = result.model_copy(update=dict(
        status=Status.OPTIMAL if bound <= objective else Status.FEASIBLE, objective=objective,
        best_bound=bound, gap=relative_gap(objective, bound), assignment=assignment,
        terms=terms, reasons=[], wall_time_s=budget.elapsed()))
    merged._solver_terms = dict(solver_terms)
    return merged.attach(problem)
