"""The heuristics with category caps (``max_per_value``): the warm start's construction
spreads a tight value round-robin, a move or swap past the cap is refused, the annealing and
the LNS keep the cap and the incremental objective, and the solve through the heuristics
still matches brute force."""

from __future__ import annotations

import importlib
import random
import time
from collections import Counter

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import problems
from test_brute_force import brute_force
from tests_search_helpers import problem_from_frames

from matcher.check import check, objective
from matcher.result import Status
from matcher.rules import Rules
from matcher.sample import generate_cohort
from matcher.search.lns import lns
from matcher.search.warm_start import (
    Instance,
    State,
    anneal,
    construct,
    heuristic_rules,
    local_search,
    supports_warm_start,
    to_assignment,
)
from matcher.solve import solve


@st.composite
def capped_problems(draw: st.DrawFn, max_students: int = 7):
    """Small problems whose rules the heuristics keep, with ``max_per_value`` caps, sometimes
    ``keep_apart`` groups and ``new_teammates``; every student placed."""
    problem = draw(problems(max_students=max_students, max_projects=3))
    rules = problem.rules.model_copy(update={
        "min_distinct": {}, "no_isolated": {}, "keep_together": [], "fixed": {},
        "min_term": {}, "allow_unassigned": False})
    if not rules.max_per_value:
        rules = rules.model_copy(update={"max_per_value": {"discipline": draw(st.integers(1, 2))}})
    return problem.with_changes(rules=rules)


def test_max_per_value_is_kept_by_the_heuristics():
    problem = _tight_cohort()
    kept = heuristic_rules(problem)
    assert kept is not None and len(kept.caps) == 1
    codes, k = kept.caps[0]
    assert k == 3
    unknown = [i for i, s in enumerate(problem.students) if s.discipline is None]
    assert all(codes[i] == -1 for i in unknown)
    assert len({codes[i] for i, s in enumerate(problem.students)
                if s.discipline is not None}) == len(problem.groups("discipline"))


@settings(max_examples=60, deadline=None)
@given(capped_problems(), st.integers(0, 3))
def test_the_heuristics_keep_the_caps_and_the_incremental_objective(problem, seed):
    assume(supports_warm_start(problem))
    inst = Instance.from_problem(problem)
    team = construct(inst, random.Random(seed))
    if team is None:
        return  # no valid start (the solve pipeline then builds the CP-SAT model)
    teams = to_assignment(problem, team)
    size_rules = [v for v in check(problem, teams) if v.rule not in ("team_size", "optional")]
    assert size_rules == []  # the construction itself keeps every kept rule
    if check(problem, teams):
        return
    state = anneal(State(inst, team), time.perf_counter() + 0.02, random.Random(seed))
    local_search(state, time.perf_counter() + 0.02, random.Random(seed))
    teams = to_assignment(problem, state.team)
    assert check(problem, teams) == []
    assert objective(problem, teams) == state.value == state.objective()
    lns(inst, state, deadline=time.perf_counter() + 5, seed=seed, max_stall=5)
    teams = to_assignment(problem, state.team)
    assert check(problem, teams) == []
    assert objective(problem, teams) == state.value == state.objective()


def _tight_cohort(n: int = 300, n_p: int = 30, k: int = 3):
    """A generated cohort whose largest discipline has exactly ``k`` holders per team: every
    team must take ``k`` of them (a greedy placement without the caps in mind fails)."""
    problem = problem_from_frames(*generate_cohort(n, n_p, seed=5))
    value, holders = max(problem.groups("discipline").items(), key=lambda kv: len(kv[1]))
    students, count = list(problem.students), len(holders)
    for j, s in enumerate(students):
        if count == k * n_p:
            break
        if s.discipline != value:
            students[j] = s.model_copy(update={"discipline": value})
            count += 1
    assert count == k * n_p
    return problem.with_changes(students=tuple(students),
                                rules=Rules(max_per_value={"discipline": k}))


def test_the_construction_spreads_a_tight_value_round_robin():
    problem = _tight_cohort()
    inst = Instance.from_problem(problem)
    for seed in range(3):
        team = construct(inst, random.Random(seed))
        assert team is not None
        teams = to_assignment(problem, team)
        assert check(problem, teams) == []
        per_team = Counter((teams[s.id], s.discipline) for s in problem.students
                           if s.discipline is not None)
        assert max(per_team.values()) <= 3


def test_a_move_or_swap_past_the_cap_is_refused():
    problem = _tight_cohort()
    inst = Instance.from_problem(problem)
    state = State(inst, construct(inst, random.Random(0)))
    codes, k = inst.caps[0]
    full, value = next((p, v) for p in range(inst.n_p)
                       for v, n in Counter(codes[t] for t in state.members[p]).items()
                       if v >= 0 and n == k)
    s = next(t for t in range(inst.n) if codes[t] == value and state.team[t] != full)
    assert not state.fits(s, full)
    other = next(t for t in state.members[full] if codes[t] != value)
    assert not state.fits(s, full, out=other)
    same = next(t for t in state.members[full] if codes[t] == value)
    assert state.fits(s, full, out=same) or any(t in inst.apart[s] for t in state.members[full])
    for seed in range(20):  # nor does any accepted step break the cap
        anneal(state, time.perf_counter() + 0.01, random.Random(seed), max_moves=500)
        assert check(problem, to_assignment(problem, state.team)) == []


@pytest.fixture(scope="module")
def caps_to_heuristics():
    """Send every problem beyond 0 (student, idea) pairs to the heuristic warm start."""
    mp = pytest.MonkeyPatch()
    mp.setattr(importlib.import_module("matcher.solve"), "WARM_PAIRS", 0)
    mp.setattr(importlib.import_module("matcher.solve"), "DENSE_PAIR_LIMIT", 0)
    yield
    mp.undo()


@settings(max_examples=30, deadline=None)
@given(problem=capped_problems(max_students=6))
def test_the_heuristic_solve_with_caps_matches_brute_force(caps_to_heuristics, problem):
    best, _ = brute_force(problem)
    result = solve(problem, workers=1, seed=0, time_limit=0.5)
    if best is None:
        assert not result.has_solution
        return
    if not result.has_solution:
        return
    assert check(problem, result.assignment) == []
    assert objective(problem, result.assignment) == result.objective
    assert result.best_bound >= best >= result.objective  # a proven bound
    if result.status is Status.OPTIMAL:
        assert result.objective == best
