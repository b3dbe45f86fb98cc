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
from collections.abc import Callable, Mapping

from ortools.sat.python import cp_model

from matcher.check import score
from matcher.feasibility import precheck
from matcher.model import ModelBuilder, lsum
from matcher.problem import Problem
from matcher.registry import effective_weights, make_constraints, make_terms
from matcher.result import Progress, Result, Status

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
    """Feeds the progress callback on every solution and every bound improvement."""

    def __init__(self, callback: ProgressCallback | None, start: float,
                 time_limit: float | None) -> None:
        super().__init__()
        self.callback = callback
        self.start = start
        self.time_limit = time_limit
        self.solutions = 0
        self.best: int | None = None
        self.bound: int | None = None
        self.lock = threading.Lock()

    def _emit(self, event: str) -> None:
        if self.callback is None:
            return
        self.callback(Progress(
            elapsed_s=time.perf_counter() - self.start, time_limit_s=self.time_limit,
            objective=self.best, best_bound=self.bound,
            gap=relative_gap(self.best, self.bound), solutions=self.solutions, event=event))

    def on_solution_callback(self) -> None:
        with self.lock:
            self.solutions += 1
            self.best = round(self.objective_value)
            self.bound = int(self.best_objective_bound)
            self._emit("solution")

    def on_bound(self, bound: float) -> None:
        with self.lock:
            self.bound = int(bound)
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
) -> Result:
    """Form the teams: maximise the weighted objective under every hard rule.

    Parameters
    ----------
    problem:
        The cohort, ideas, rules and default weights.
    weights:
        Term name -> integer weight, overriding the problem's (weight 0 drops a term).
    time_limit:
        Seconds of search (model building comes on top and is reported as ``build_time_s``);
        ``None`` searches until optimality is proven.
    workers:
        CP-SAT search workers (default: the machine's cores, at most 8). With ``workers=1`` and
        a ``seed`` the search is deterministic.
    seed:
        CP-SAT's random seed (default 0).
    callback:
        Called with a :class:`~matcher.result.Progress` on each improving solution and bound.
    stop:
        Setting this event from another thread stops the search; the best teams found so far
        come back with ``interrupted=True``.
    hint:
        A previous assignment handed to CP-SAT as a warm start (soft: it may be changed).

    Returns
    -------
    Result
        With status ``OPTIMAL``, ``FEASIBLE``, ``INFEASIBLE`` (``reasons`` says why when an
        arithmetic precheck found it) or ``UNKNOWN`` (no solution within the time limit).
    """
    start = time.perf_counter()
    w = effective_weights(problem, weights)
    workers = workers or default_workers()
    seed = 0 if seed is None else seed
    common = dict(weights=w, time_limit_s=time_limit, workers=workers, seed=seed)

    reasons = precheck(problem)
    if reasons:
        return Result(status=Status.INFEASIBLE, reasons=reasons,
                      wall_time_s=time.perf_counter() - start, **common).attach(problem)

    builder = ModelBuilder(problem, make_constraints(problem))
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
    if hint:
        _add_hint(builder, hint)
    build_time = time.perf_counter() - start

    solver = cp_model.CpSolver()
    params = solver.parameters
    configure_search(params, workers)
    params.random_seed = seed
    params.catch_sigint_signal = False
    if time_limit is not None:
        params.max_time_in_seconds = max(0.01, float(time_limit))
    monitor = _Monitor(callback, start, time_limit)
    if callback is not None:
        solver.best_bound_callback = monitor.on_bound
    watcher = _StopWatcher(stop, solver) if stop is not None else None
    try:
        code = solver.solve(builder.model, monitor)
    finally:
        if watcher:
            watcher.close()
    status = _STATUS.get(code)
    if status is None:  # MODEL_INVALID: a bug in a plug-in, not a user error
        raise RuntimeError(f"CP-SAT rejected the model: {builder.model.validate()}")
    wall = time.perf_counter() - start
    common.update(wall_time_s=wall, build_time_s=build_time, model_size=builder.stats,
                  interrupted=bool(stop is not None and stop.is_set()))
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        reasons = ["CP-SAT proved that no formation satisfies the rules"] \
            if status is Status.INFEASIBLE else []
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
    bound = math.floor(solver.best_objective_bound + 1e-6) if status is Status.FEASIBLE else obj
    bound = max(bound, obj)
    result = Result(status=status, objective=obj, best_bound=bound,
                    gap=relative_gap(obj, bound), assignment=assignment, terms=values,
                    **common)
    result._solver_terms = solver_terms
    log.debug("solve: %s objective=%s bound=%s in %.2fs (build %.2fs)", status.value, obj,
              bound, wall, build_time)
    return result.attach(problem)


def _add_hint(builder: ModelBuilder, hint: Mapping[str, str | None]) -> None:
    p = builder.problem
    for (si, pi), var in builder.x.items():
        builder.model.add_hint(var, hint.get(p.students[si].id) == p.projects[pi].id)


class _StopWatcher:
    """Calls ``solver.stop_search()`` when ``event`` is set."""

    def __init__(self, event: threading.Event, solver: cp_model.CpSolver) -> None:
        self.event, self.solver = event, solver
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.is_set():
            if self.event.wait(0.05):
                self.solver.stop_search()
                return

    def close(self) -> None:
        self.done.set()
        self.thread.join()
