"""``solve``: form the teams (the library's entry point).

A thin façade: it checks the arguments, compiles the problem once
(:mod:`matcher.search.compiled`), opens one time budget (:mod:`matcher.search.budget`) and runs
the search pipeline (:mod:`matcher.search.pipeline`, whose phases and thresholds are listed
there and in :mod:`matcher.search.thresholds`).

The library never prints and never exits: infeasible, time-out and optimal are statuses on
the result. Progress goes to the optional callback. No global state: two solves may run in
parallel threads.
"""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING

from matcher import arguments
from matcher.errors import MatcherError
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.result import Progress, Result
from matcher.search import thresholds
from matcher.search.budget import AnyOf, Budget

if TYPE_CHECKING:
    from matcher.search.progress import ProgressCallback

#: Names this module hands on from the search, imported when first asked for: the search
#: loads OR-Tools (and, through it, pandas), which ``import matcher`` and :func:`matcher.check`
#: do not need (tests/test_imports.py).
_FROM_THE_SEARCH = {
    "SMALL_PORTFOLIO": "matcher.search.cpsat", "configure_search": "matcher.search.cpsat",
    "default_workers": "matcher.search.cpsat", "ProgressCallback": "matcher.search.progress",
    "relative_gap": "matcher.search.progress",
}


def __getattr__(name: str) -> object:
    if name in _FROM_THE_SEARCH:
        import importlib

        return getattr(importlib.import_module(_FROM_THE_SEARCH[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["CallbackError", "solve"]  # and, on demand, the names of _FROM_THE_SEARCH


class CallbackError(MatcherError, RuntimeError):
    """The progress callback given to :func:`solve` raised: the search stopped at once and
    this error carries the best teams found until then (:attr:`result`, with
    ``interrupted=True``) and the callback's exception (:attr:`error`, also the
    ``__cause__``)."""

    code = "callback_failed"

    def __init__(self, error: BaseException, result: Result) -> None:
        self.error = error
        self.result = result
        super().__init__(tr("the progress callback raised {error}; the search stopped with "
                            "the best teams found", error=repr(error)))


class _GuardedCallback:
    """The caller's callback, called at most until it first raises: then the exception is
    kept and :attr:`failed` is set, which stops the search like the caller's stop event."""

    def __init__(self, callback: ProgressCallback) -> None:
        self.callback = callback
        self.failed = threading.Event()
        self.error: BaseException | None = None
        self._lock = threading.Lock()

    def __call__(self, progress: Progress) -> None:
        if self.failed.is_set():
            return
        try:
            self.callback(progress)
        except Exception as e:  # noqa: BLE001 - handed to the caller by solve
            with self._lock:
                if self.error is None:
                    self.error = e
            self.failed.set()


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
    choices_first: bool = True,
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
        ``seed`` the search is deterministic: its phases run on budgets of moves, steps and
        CP-SAT deterministic time sized from ``time_limit``, and the same teams come back
        whenever the machine does that work within the time limit (on a machine too slow or
        too loaded for it, the time limit comes first and may end the search elsewhere).
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
        :data:`~matcher.search.thresholds.DENSE_PAIR_LIMIT` student-idea pairs, when the rules
        are those the heuristics keep (:func:`~matcher.search.routing.warm_start_reason`)
        (``fixed`` and the ``moves`` term included: re-matching starts from the previous
        teams) the search is a warm start, simulated annealing and LNS until one deadline, the
        LP solved first (in a child process alongside from 1,000 students:
        :data:`~matcher.search.thresholds.LP_PROCESS_STUDENTS`) (a separable bound until it
        lands, and a local
        bound when re-matching); so is a problem with ``wishes`` above
        ``WARM_PAIRS`` pairs (its wishes in the LP bound and scored move by move, the
        ``avoid`` and ``new_teammates`` rules kept move by move); otherwise the CP-SAT
        model is built on a restricted domain (:mod:`matcher.search.domain`). Up to that size,
        when the exact aggregated MIP models the problem
        (:func:`~matcher.search.exact_mip.supports_exact_mip`: every rule and term has its
        linear face, :mod:`matcher.search.linear_face`) and pays (students
        rank ideas, or the model is small), HiGHS solves it alongside CP-SAT (before it with
        ``workers=1``, for half the time limit, so that the answer stays deterministic): the
        two exchange their best teams, and whichever proves optimality first ends the search.
    choices_first:
        First the fewest students on an idea they did not rank (a proven minimum: CP-SAT
        minimises that count under every rule, for at most 30% of the time limit), then the
        weighted objective with the count capped at it (the rule ``max_unranked``):
        :mod:`matcher.search.lexicographic`. ``False``: the plain weighted sum (sweeps,
        Pareto fronts and benchmarks against HiGHS use it). The result says ``unranked`` and,
        under choices first, the proven ``unranked_minimum``.

    Returns
    -------
    Result
        With status ``OPTIMAL``, ``FEASIBLE``, ``INFEASIBLE`` (``reasons`` says why when an
        arithmetic precheck found it) or ``UNKNOWN`` (no solution within the time limit).

    Raises
    ------
    ArgumentError
        A weight that is not an integer (2.0 is taken as 2, 2.5 is refused), ``workers`` below
        1, a ``time_limit`` that is not a finite number above 0, a negative or non-finite
        ``gap_limit``, a seed that is not an integer.
    ProblemValidationError
        (a ``ValueError``) naming every unknown term or attribute of ``weights``.
    CallbackError
        ``callback`` raised: the search stopped at once; the error's ``result`` holds the best
        teams found (``interrupted=True``) and its ``error`` (and ``__cause__``) the
        callback's exception.
    """
    from matcher.search import lexicographic, pipeline  # OR-Tools: loaded by the first solve
    from matcher.search.attempt import Settings
    from matcher.search.compiled import compile_problem
    from matcher.search.cpsat import default_workers

    time_limit = arguments.time_limit(time_limit)
    workers = arguments.workers(workers)
    seed = arguments.seed(seed)
    gap_limit = arguments.gap_limit(gap_limit)
    weights = None if weights is None else arguments.weights(weights)
    guard = None if callback is None else _GuardedCallback(callback)
    halt = stop if guard is None else AnyOf(stop, guard.failed)
    budget = Budget(time_limit, halt)  # type: ignore[arg-type]  # model building counts too
    compiled = compile_problem(problem, weights)  # raises on an unknown term or attribute
    settings = Settings(workers=workers or default_workers(), seed=0 if seed is None else seed,
                        gap_limit=gap_limit)
    if choices_first:
        result = lexicographic.run_choices_first(compiled, budget, settings, run=pipeline.run,
                                                 callback=guard, hint=hint, lp=lp,
                                                 weights=weights)
    else:
        result = lexicographic.with_unranked(
            pipeline.run(compiled, budget, settings, callback=guard, hint=hint, lp=lp),
            problem, choices_first=False)
    if guard is not None and guard.error is not None:
        raise CallbackError(guard.error, result) from guard.error
    return result


def _forwarded(name: str) -> property:
    return property(lambda _: getattr(thresholds, name),
                    lambda _, value: setattr(thresholds, name, value))


#: Reading or setting a threshold's name on this module (``matcher.solve.WARM_PAIRS``, as tests
#: written before the pipeline did) reads or sets it in :mod:`matcher.search.thresholds`, where
#: the pipeline reads it.
sys.modules[__name__].__class__ = type(
    "_ForwardsThresholds", (types.ModuleType,),
    {name: _forwarded(name) for name in dir(thresholds) if name.isupper()})
