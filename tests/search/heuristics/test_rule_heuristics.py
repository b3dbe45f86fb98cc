"""The heuristics with category caps (``max_per_value``), floors of distinct values
(``min_distinct``) and groups kept together: the warm start's construction spreads a tight
value round-robin and reaches the floors, a move or swap past a cap or below a floor is
refused, a grouped student never moves alone, the annealing and the LNS keep every rule and
the incremental objective, and the solve through the heuristics still matches brute force."""

from __future__ import annotations

import importlib
import random
import time
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import problems
from test_brute_force import brute_force
from tests_search_helpers import assert_solve_keeps_the_invariants, problem_from_frames

from matcher.check import check, objective
from matcher.rules import Rules
from matcher.sample import generate_cohort
from matcher.search.heuristics.annealing import anneal
from matcher.search.heuristics.construction import construct, to_assignment
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.lns import lns
from matcher.search.heuristics.local_search import local_search
from matcher.search.heuristics.state import State
from matcher.search.routing import heuristic_rules, warm_start_reason
from matcher.solve import solve

#: The rules these heuristics keep from the construction on.
KEPT = ("max_per_value", "min_distinct", "keep_together", "keep_apart")


@st.composite
def capped_problems(draw: st.DrawFn, max_students: int = 7):
    """Small problems whose rules the heuristics keep: a ``max_per_value`` cap, sometimes a
    ``min_distinct`` floor, a ``keep_together`` and a ``keep_apart`` pair, and (half the time)
    the random rules of :func:`strategies.problems` the heuristics keep too; every student
    placed."""
    wide = draw(st.booleans())
    problem = draw(problems(max_students=max_students, max_projects=3, with_rules=wide))
    ids = [s.id for s in problem.students]
    rules = problem.rules.model_copy(update={
        "no_isolated": {}, "min_term": {}, "allow_unassigned": False})
    attrs = ["discipline", "institution"]
    capped = draw(st.sampled_from(attrs))
    update: dict = {"max_per_value": {**rules.max_per_value, capped: draw(st.integers(1, 3))}}
    if draw(st.booleans()):
        update["min_distinct"] = {**rules.min_distinct,
                                  draw(st.sampled_from(attrs)): draw(st.integers(1, 2))}
    if len(ids) > 1 and draw(st.booleans()):
        update["keep_together"] = [*rules.keep_together, draw(st.permutations(ids))[:2]]
    if len(ids) > 1 and draw(st.booleans()):
        update["keep_apart"] = [*rules.keep_apart, draw(st.permutations(ids))[:2]]
    return problem.with_changes(rules=rules.model_copy(update=update))


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


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(capped_problems(), st.integers(0, 3))
def test_the_heuristics_keep_the_caps_and_the_incremental_objective(problem, seed):
    assume(warm_start_reason(problem) is None)
    inst = Instance.from_problem(problem)
    team = construct(inst, random.Random(seed))
    if team is None:
        return  # no valid start (the solve pipeline then builds the CP-SAT model)
    teams = to_assignment(problem, team)
    kept = [v for v in check(problem, teams) if v.rule in KEPT]
    assert kept == []  # the construction itself reaches the caps, floors and groups
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
    full, value = next((p, v) for p in range(inst.n_projects)
                       for v, n in Counter(codes[t] for t in state.members[p]).items()
                       if v >= 0 and n == k)
    s = next(t for t in range(inst.n_students) if codes[t] == value and state.team[t] != full)
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
    mp.setattr(importlib.import_module("matcher.search.thresholds"), "WARM_PAIRS", 0)
    mp.setattr(importlib.import_module("matcher.search.thresholds"), "DENSE_PAIR_LIMIT", 0)
    yield
    mp.undo()


@settings(max_examples=30, deadline=None)
@given(problem=capped_problems(max_students=6))
def test_the_heuristic_solve_with_caps_matches_brute_force(caps_to_heuristics, problem):
    best, _ = brute_force(problem)
    result = solve(problem, workers=1, seed=0, time_limit=0.5)
    assert_solve_keeps_the_invariants(problem, result, best)


def _rules_cohort(n: int = 300, n_p: int = 30):
    """A generated cohort with the rules of the end-to-end benchmark's 'rules' variant."""
    problem = problem_from_frames(*generate_cohort(n, n_p, seed=7))
    ids = [s.id for s in problem.students]
    return problem.with_changes(rules=Rules(
        max_per_value={"discipline": 3}, min_distinct={"institution": 3},
        keep_together=[[ids[0], ids[1]], [ids[2], ids[3]]], keep_apart=[[ids[4], ids[5]]]))


@pytest.mark.slow
def test_the_heuristics_keep_the_rules_of_the_benchmark_cohort():
    problem = _rules_cohort()
    assert warm_start_reason(problem) is None
    inst = Instance.from_problem(problem)
    for seed in range(2):
        team = construct(inst, random.Random(seed))
        assert team is not None
        assert check(problem, to_assignment(problem, team)) == []
        state = anneal(State(inst, team), time.perf_counter() + 0.3, random.Random(seed))
        teams = to_assignment(problem, state.team)
        assert check(problem, teams) == []
        assert objective(problem, teams) == state.value == state.objective()
        lns(inst, state, deadline=time.perf_counter() + 2, seed=seed, max_stall=3)
        teams = to_assignment(problem, state.team)
        assert check(problem, teams) == []
        assert objective(problem, teams) == state.value == state.objective()


def test_a_grouped_student_never_moves_alone_and_a_floor_is_never_crossed():
    problem = _rules_cohort()
    inst = Instance.from_problem(problem)
    state = State(inst, construct(inst, random.Random(0)))
    grouped = inst.together[0][0]
    other = next(p for p in range(inst.n_projects) if p != state.team[grouped])
    assert not state.fits(grouped, other)
    assert not any(state.fits(grouped, other, out=t) for t in state.members[other])
    codes, _ = inst.floors[0]
    p = max(range(inst.n_projects), key=lambda p: state.distinct[0][p])
    k = state.distinct[0][p]  # a floor the team is at: a step losing one of its codes...
    state = State(replace(inst, floors=[(codes, k)], together=[]), state.team)
    count = Counter(codes[t] for t in state.members[p])
    s = next(t for t in state.members[p] if codes[t] >= 0 and count[codes[t]] == 1)
    q = next(q for q in range(inst.n_projects) if q != p)
    assert not state.fits(s, q)  # ... is refused, as a move
    same = next(t for t in range(inst.n_students) if state.team[t] != p and codes[t] != codes[s]
                and (codes[t] < 0 or count[codes[t]] > 0))
    assert not state.fits(same, p, out=s)  # ... and as a swap bringing no new code
