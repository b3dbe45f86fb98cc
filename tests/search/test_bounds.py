"""The bounds of :mod:`matcher.search.bounds` hold for every valid assignment."""

from __future__ import annotations

from hypothesis import given, settings
from test_brute_force import brute_force
from tests_search_helpers import ws_problems

from matcher.search.bounds import preference_bound
from matcher.search.domain import simple_bound
from matcher.search.heuristics.instance import Instance
from matcher.search.relaxation import pair_terms
from matcher.search.routing import warm_start_reason


@settings(max_examples=40, deadline=None)
@given(ws_problems())
def test_preference_bound_is_at_least_every_valid_assignment(problem):
    if warm_start_reason(problem) is not None or problem.weights["preference"] == 0:
        return
    best, argmax = brute_force(problem)
    pb = preference_bound(Instance.from_problem(problem))
    if best is None or pb is None:
        return
    from matcher.check import score

    assert pb >= max(score(problem, a)["preference"] for a in argmax)
    cov = {"discipline": problem.weights["discipline"],
           "institution": problem.weights["institution"]}
    pairs = pair_terms(problem)[2]  # the wishes, out of the simple bound, by their own bound
    assert simple_bound(problem, problem.weights["preference"], cov, pb) + pairs >= best
