"""Progress of a search: the relative gap, and CP-SAT's monitor that reports every solution
and bound to the caller's callback and ends the search once the gap limit is reached."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from matcher.result import Progress

#: What :func:`matcher.solve` calls with each :class:`~matcher.result.Progress`.
ProgressCallback = Callable[[Progress], None]


def relative_gap(objective: int | None, bound: int | None) -> float | None:
    """``(bound - objective) / max(1, |bound|)``, or ``None`` without a solution."""
    if objective is None or bound is None:
        return None
    return max(0.0, (bound - objective) / max(1, abs(bound)))


class CpSatMonitor(cp_model.CpSolverSolutionCallback):
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
