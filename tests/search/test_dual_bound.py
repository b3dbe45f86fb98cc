"""The anytime LP bound: a proven bound from any row duals, and PDLP's rounds in a child.

:func:`~matcher.search.relaxation.dual_bound` must bound every valid assignment whatever the
duals (random ones, the exact LP's, PDLP's unfinished ones), and
:func:`~matcher.search.relaxation.pdlp_bounds` must yield ever smaller bounds, each at least
the brute-force optimum on tiny problems and at least every objective the search finds.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import problems
from test_brute_force import brute_force

from matcher.check import objective
from matcher.search.relaxation import _program, dual_bound, lp_bound, pdlp_bounds


@st.composite
def lp_problems(draw: st.DrawFn):
    # no wishes nor avoidances: the objective the LP models (preference and coverage)
    problem = draw(problems(max_students=6, max_projects=3, links=False))
    weights = {"preference": draw(st.integers(0, 5)), "discipline": draw(st.integers(0, 10)),
               "institution": draw(st.integers(0, 10))}
    rules = problem.rules.model_copy(update={"allow_unassigned": False})
    return problem.with_changes(weights=weights, rules=rules)


def _lp_duals(problem):
    """The exact LP's row duals (HiGHS's simplex), and its value."""
    from matcher.search.highs import quiet_highs

    prog = _program(problem)
    h = quiet_highs()
    h.passModel(prog.to_highs(maximize=True))
    h.run()
    return prog, np.asarray(h.getSolution().row_dual), h.getInfo().objective_function_value


@settings(max_examples=40, deadline=None)
@given(lp_problems(), st.integers(0, 2**32 - 1))
def test_any_duals_bound_the_brute_force_optimum(problem, seed):
    best, _ = brute_force(problem)
    prog = _program(problem)
    rng = np.random.default_rng(seed)
    for scale in (0.0, 1.0, 10.0):
        y = scale * rng.standard_normal(prog.n_rows)
        z = dual_bound(prog, y)
        assert not math.isnan(z)
        if best is not None:
            assert z >= best - 1e-9


@settings(max_examples=25, deadline=None)
@given(lp_problems())
def test_the_exact_duals_give_the_lp_value_and_pdlp_bounds_hold(problem):
    best, argmax = brute_force(problem)
    relaxed = lp_bound(problem)
    if relaxed.bound is None:
        return
    prog, y, z = _lp_duals(problem)
    assert dual_bound(prog, y) <= z + 1e-6 * max(1.0, abs(z))  # tight at the optimum
    bounds = [b.bound for b in pdlp_bounds(problem, deadline=time.perf_counter() + 5,
                                            margin=0.0)]
    assert bounds == sorted(bounds, reverse=True)  # only improvements are yielded
    if best is not None:
        assert objective(problem, argmax[0]) == best
        assert all(b >= best for b in bounds)


def test_pdlp_rounds_bound_the_search_on_a_sample_cohort():
    from tests_search_helpers import problem_from_frames

    from matcher.sample import generate_cohort
    from matcher.solve import solve

    problem = problem_from_frames(*generate_cohort(120, 15, seed=5))
    exact = lp_bound(problem, method="ipm")
    bounds = list(pdlp_bounds(problem, deadline=time.perf_counter() + 20, margin=0.0))
    assert bounds and all(b.bound is not None for b in bounds)
    assert bounds[-1].bound >= exact.bound  # never below the LP's optimum
    result = solve(problem, time_limit=5, workers=1, seed=0)
    assert all(b.bound >= result.objective for b in bounds)


@pytest.mark.slow
def test_the_child_process_hands_over_each_improved_pdlp_bound():
    from tests_search_helpers import problem_from_frames

    from matcher.registry import effective_weights
    from matcher.sample import generate_cohort
    from matcher.search.lp_process import LpProcess

    problem = problem_from_frames(*generate_cohort(120, 15, seed=5))
    w = effective_weights(problem, None)
    exact = lp_bound(problem, method="ipm").bound
    child = LpProcess(problem, w, method="pdlp", deadline=time.perf_counter() + 30)
    try:
        seen = []
        end = time.perf_counter() + 30
        while time.perf_counter() < end:
            got = child.poll()
            if got is not None and (not seen or got.bound != seen[-1]):
                seen.append(got.bound)
            if child._closed:  # the child ended: PDLP converged
                break
            time.sleep(0.05)
    finally:
        child.close()
    assert seen, "no bound came back"
    assert seen == sorted(seen, reverse=True)  # only improvements are kept
    assert seen[-1] >= exact
    assert child._process.poll() is not None  # nothing of ours runs after close


@pytest.mark.slow
def test_pdlp_without_a_deadline_is_the_exact_interior_point():
    from tests_search_helpers import problem_from_frames

    from matcher.registry import effective_weights
    from matcher.sample import generate_cohort
    from matcher.search.lp_process import LpProcess

    problem = problem_from_frames(*generate_cohort(60, 8, seed=2))
    child = LpProcess(problem, effective_weights(problem, None), method="pdlp")
    try:
        got = child.wait(60)
    finally:
        child.close()
    assert got is not None and got.optimal
    assert got.bound == lp_bound(problem, method="ipm").bound
