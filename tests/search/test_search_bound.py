"""The search's LP bound, restricted domains and LP-guided solve keep every invariant.

On tiny random problems (default-like objective: preference plus positive coverage weights,
random rules): the LP bounds (aggregated and dense) and the simple bound are at least the
brute-force optimum; ``solve`` with the LP on returns teams that pass :func:`matcher.check`,
with ``best_bound >= objective`` and, when it claims optimality, the brute-force optimum.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import problems
from test_brute_force import brute_force

from matcher.check import check, objective
from matcher.result import Status
from matcher.search.domain import restricted_domain, simple_bound
from matcher.search.relaxation import lp_bound, supports_lp_bound
from matcher.solve import solve


@st.composite
def lp_problems(draw: st.DrawFn):
    # no wishes (their default weight is a term the LP leaves out) nor avoidances
    problem = draw(problems(max_students=6, max_projects=3, links=False))
    weights = {"preference": draw(st.integers(0, 5)), "discipline": draw(st.integers(0, 10)),
               "institution": draw(st.integers(0, 10))}
    rules = problem.rules.model_copy(update={"allow_unassigned": False})
    return problem.with_changes(weights=weights, rules=rules)


@settings(max_examples=40, deadline=None)
@given(lp_problems())
def test_bounds_are_at_least_the_brute_force_optimum(problem):
    assert supports_lp_bound(problem)
    best, _ = brute_force(problem)
    for dense in (False, True):
        relaxed = lp_bound(problem, dense=dense)
        if best is not None and relaxed.bound is not None:
            assert relaxed.bound >= best
    if best is not None:
        assert simple_bound(problem, problem.weights["preference"],
                            {"discipline": problem.weights["discipline"],
                             "institution": problem.weights["institution"]}) >= best


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(lp_problems())
def test_lp_guided_solve_keeps_the_invariants(problem):
    best, _ = brute_force(problem)
    result = solve(problem, workers=1, seed=0)
    if best is None:
        assert not result.has_solution
        return
    assert result.has_solution
    assert check(problem, result.assignment) == []
    assert objective(problem, result.assignment) == result.objective
    assert result.best_bound >= result.objective
    assert result.best_bound >= best  # proven: never below the true optimum
    if result.status is Status.OPTIMAL:
        assert result.objective == best


def test_restricted_domain_keeps_ranked_and_proposed_ideas():
    from tests_search_helpers import problem_from_frames

    from matcher.sample import generate_cohort

    problem = problem_from_frames(*generate_cohort(80, 12, seed=3))
    domain = restricted_domain(problem, fillers=3)
    for si, s in enumerate(problem.students):
        for pid in s.preferences:
            assert problem.project_index[pid] in domain[si]
    for pi, p in enumerate(problem.projects):
        for sid in p.proposers:
            assert pi in domain[problem.student_index[sid]]


def test_gap_limit_stops_with_a_proven_gap():
    from tests_search_helpers import problem_from_frames

    from matcher.sample import generate_cohort

    problem = problem_from_frames(*generate_cohort(120, 15, seed=12))
    result = solve(problem, workers=2, seed=0, gap_limit=0.05, time_limit=20)
    assert result.has_solution
    assert check(problem, result.assignment) == []
    assert result.best_bound >= result.objective
    # the LP bound is proven: every feasible assignment, ours included, is below it
    assert lp_bound(problem).bound >= result.objective
