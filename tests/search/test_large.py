"""The large-cohort search (:mod:`matcher.search.large`) keeps every invariant of
:func:`matcher.solve` (checked teams, solver-free terms, proven bound), hears a stop given
before it starts, and gives the same teams with one worker."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from test_brute_force import brute_force
from tests_search_helpers import assert_solve_keeps_the_invariants, ws_problems

from matcher.check import check
from matcher.search import thresholds
from matcher.solve import solve


@settings(max_examples=30, deadline=None)
@given(problem=ws_problems())
def test_large_cohort_search_keeps_the_invariants(monkeypatch_module, problem):
    best, _ = brute_force(problem)
    result = solve(problem, workers=1, seed=0, time_limit=0.3)
    assert_solve_keeps_the_invariants(problem, result, best)


@pytest.fixture(scope="module")
def monkeypatch_module():
    """Send every supported problem down the large-cohort path (warm start + LNS)."""
    import importlib

    mp = pytest.MonkeyPatch()
    mp.setattr(importlib.import_module("matcher.search.thresholds"), "DENSE_PAIR_LIMIT", 0)
    yield mp
    mp.undo()


def test_a_stop_before_the_search_is_not_lost():
    import threading

    from tests_search_helpers import problem_from_frames

    from matcher.sample import generate_cohort

    problem = problem_from_frames(*generate_cohort(300, 36, seed=2))
    stop = threading.Event()
    stop.set()
    result = solve(problem, workers=2, seed=0, stop=stop, lp=False)  # no time limit
    assert result.interrupted
    if result.has_solution:
        assert check(problem, result.assignment) == []


def test_large_cohort_search_is_deterministic_with_one_worker(monkeypatch_module, monkeypatch):
    from tests_search_helpers import problem_from_frames

    from matcher.sample import generate_cohort

    problem = problem_from_frames(*generate_cohort(150, 18, seed=8))
    # The promise (``matcher.solve``'s ``workers``): the same teams whenever the budgets of
    # moves and steps sized from the time limit are done within it. Small budgets keep that
    # true on a loaded machine, where the calibrated ones may meet the deadline first.
    monkeypatch.setattr(thresholds, "MOVES_PER_SECOND", 2_000)
    runs = [solve(problem, workers=1, seed=4, time_limit=3) for _ in range(2)]
    assert runs[0].has_solution
    assert runs[0].assignment == runs[1].assignment
    assert check(problem, runs[0].assignment) == []
