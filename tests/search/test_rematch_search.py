"""Re-matching on the large-cohort path: the ``moves`` term and ``fixed`` placements are kept by
the warm start, the annealing, the LNS and the LP bound (the path is forced on small problems
by lowering its size threshold)."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import problems
from test_brute_force import brute_force
from tests_search_helpers import assert_solve_keeps_the_invariants

from matcher.check import check, objective, score
from matcher.rules import Rules
from matcher.search.bounds import local_bound
from matcher.search.heuristics.annealing import anneal
from matcher.search.heuristics.construction import construct_from, start_team, to_assignment
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.lns import lns
from matcher.search.heuristics.local_search import local_search
from matcher.search.heuristics.state import State
from matcher.search.relaxation import lp_bound, supports_lp_bound
from matcher.search.routing import warm_start_reason
from matcher.solve import solve


@st.composite
def rematch_problems(draw: st.DrawFn):
    """A small problem the heuristics keep, re-matching a previous formation (some students
    absent from it: joiners; one id not in the cohort: a dropout), with a ``moves`` weight and
    sometimes ``fixed`` placements."""
    problem = draw(problems(max_students=6, max_projects=3, links=False))  # no wishes, avoid
    pids = [p.id for p in problem.projects]
    previous = {s.id: draw(st.sampled_from(pids)) for s in problem.students
                if draw(st.integers(0, 3)) > 0}
    previous["GONE"] = pids[0]
    weights = {"preference": draw(st.integers(0, 5)), "discipline": draw(st.integers(0, 10)),
               "institution": draw(st.integers(0, 10)), "moves": draw(st.integers(1, 40))}
    fixed = {}
    if draw(st.booleans()) and problem.students:
        s = draw(st.sampled_from(problem.students))
        fixed[s.id] = draw(st.sampled_from(pids))
    rules = Rules(top_k=problem.rules.top_k if draw(st.booleans()) else None, fixed=fixed)
    return problem.with_changes(weights=weights, rules=rules, previous=previous)


@pytest.fixture(scope="module")
def large_path():
    """Send every supported problem down the large-cohort path (warm start + LNS)."""
    import importlib

    mp = pytest.MonkeyPatch()
    mp.setattr(importlib.import_module("matcher.search.thresholds"), "DENSE_PAIR_LIMIT", 0)
    yield mp
    mp.undo()


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(rematch_problems(), st.integers(0, 3))
def test_moves_and_fixed_are_kept_by_every_heuristic_step(problem, seed):
    assert (warm_start_reason(problem) is None) and supports_lp_bound(problem)
    inst = Instance.from_problem(problem)
    team = start_team(problem, inst, random.Random(seed))
    if team is None:
        return
    state = State(inst, team)
    assert state.value == objective(problem, to_assignment(problem, team))
    state = anneal(state, time.perf_counter() + 0.02, random.Random(seed))
    local_search(state, time.perf_counter() + 0.02, random.Random(seed))
    lns(inst, state, deadline=time.perf_counter() + 5, seed=seed, max_stall=5)
    teams = to_assignment(problem, state.team)
    assert check(problem, teams) == []
    assert objective(problem, teams) == state.value == state.objective()


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(rematch_problems(), st.integers(0, 3))
def test_the_local_bound_is_at_least_the_optimum_from_any_teams(problem, seed):
    best, _ = brute_force(problem)
    inst = Instance.from_problem(problem)
    rng = random.Random(seed)
    # any complete placement (valid or not) that keeps the pinned students: a proven bound
    team = [inst.pinned[s] if inst.pinned[s] >= 0 else rng.randrange(inst.n_projects)
            for s in range(inst.n_students)]
    state = State(inst, team)
    assert state.value == objective(problem, to_assignment(problem, team))
    if best is not None:
        assert local_bound(state) >= best


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(rematch_problems())
def test_the_lp_bound_with_moves_is_at_least_the_optimum(problem):
    best, _ = brute_force(problem)
    if best is None:
        return
    relaxed = lp_bound(problem)
    assert relaxed.bound is not None and relaxed.bound >= best


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(problem=rematch_problems())
def test_large_cohort_rematch_keeps_the_invariants(large_path, problem):
    best, _ = brute_force(problem)
    result = solve(problem, workers=1, seed=0, time_limit=0.5, hint=problem.previous)
    assert_solve_keeps_the_invariants(problem, result, best)


def _cohort(seed: int = 5):
    from tests_search_helpers import problem_from_frames

    from matcher.sample import generate_cohort

    return problem_from_frames(*generate_cohort(150, 18, seed=seed))


def test_the_warm_start_from_a_valid_previous_formation_moves_nobody():
    problem = _cohort()
    first = solve(problem, workers=1, seed=0, time_limit=2)
    again = problem.with_changes(previous=dict(first.assignment),
                                 weights={**problem.weights, "moves": 30})
    inst = Instance.from_problem(again)
    previous = [again.project_index[first.assignment[s.id]] for s in again.students]
    assert construct_from(inst, previous, random.Random(0)) == previous
    assert State(inst, previous).value == objective(again, first.assignment)


def test_after_a_dropout_and_a_joiner_only_the_repairs_move():
    from matcher.problem import Student

    problem = _cohort()
    first = solve(problem, workers=1, seed=0, time_limit=2)
    members: dict[str, list[str]] = {}
    for sid, pid in first.assignment.items():
        members.setdefault(pid, []).append(sid)
    # the dropout leaves a team at its minimum size: a repair is needed
    at_min = [pid for pid, ms in members.items()
              if len(ms) == next(p.min_size for p in problem.projects if p.id == pid)]
    gone = members[at_min[0]][-1] if at_min else next(iter(first.assignment))
    joiner = Student(id="NEW", discipline="design", institution="INSA",
                     preferences=(problem.projects[0].id,))
    students = [s for s in problem.students if s.id != gone] + [joiner]
    again = problem.with_changes(students=students, previous=dict(first.assignment),
                                 weights={**problem.weights, "moves": 30})
    inst = Instance.from_problem(again)
    team = start_team(again, inst, random.Random(0), hint=first.assignment)
    assert team is not None
    teams = to_assignment(again, team)
    assert check(again, teams) == []
    moved = [sid for sid, pid in first.assignment.items()
             if sid in again.student_index and teams[sid] != pid]
    # at most one student fills the dropout's place (the joiner if they may)
    assert len(moved) <= 1
    assert score(again, teams)["moves"] == -len(moved)


@pytest.mark.slow
def test_large_cohort_rematch_keeps_locked_students(large_path):
    problem = _cohort(seed=6)
    first = solve(problem, workers=1, seed=0, time_limit=2)
    locked = dict(list(first.assignment.items())[:40])
    again = problem.with_changes(previous=dict(first.assignment),
                                 rules=problem.rules.model_copy(update={"fixed": locked}),
                                 weights={**problem.weights, "moves": 5})
    result = solve(again, workers=1, seed=0, time_limit=2, hint=first.assignment)
    assert result.has_solution and result.model_size == {
        "instance": {"variables": 0, "constraints": 0}}  # the large-cohort path ran
    assert check(again, result.assignment) == []
    assert all(result.assignment[sid] == pid for sid, pid in locked.items())
    assert result.best_bound >= result.objective
