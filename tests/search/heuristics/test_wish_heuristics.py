"""The heuristics with wishes, avoidances and rotations: the warm start, the annealing and the
LNS keep ``avoid``/``keep_apart`` pairs and the ``new_teammates`` cap move by move and score
``wishes`` incrementally; a CP-SAT hint is complete; every bound stays proven."""

from __future__ import annotations

import importlib
import random
import time
from itertools import product

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from strategies import problems
from test_brute_force import brute_force
from tests_search_helpers import assert_solve_keeps_the_invariants

from matcher.check import check, objective
from matcher.model import ModelBuilder, lsum
from matcher.problem import Problem, Project, Student
from matcher.registry import make_constraints, make_terms
from matcher.rules import Rules
from matcher.scoring.wishes import Wishes
from matcher.search.cpsat import add_hint
from matcher.search.heuristics.annealing import anneal
from matcher.search.heuristics.construction import construct, heuristic_teams, to_assignment
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.lns import lns
from matcher.search.heuristics.local_search import local_search
from matcher.search.heuristics.state import State
from matcher.search.relaxation import lp_bound, pair_terms, supports_lp_bound
from matcher.search.routing import warm_start_reason
from matcher.solve import solve
from matcher.teammates import wish_weights


@st.composite
def wish_problems(draw: st.DrawFn, max_students: int = 7):
    """Small problems with wishes and avoidances, sometimes former teams kept apart
    (``new_teammates``) and ``keep_apart`` groups, every student placed."""
    problem = draw(problems(max_students=max_students, max_projects=3, links=True))
    rules = problem.rules
    if draw(st.booleans()):  # mostly the rules the heuristics keep
        rules = rules.model_copy(update={
            "max_per_value": {}, "min_distinct": {}, "no_isolated": {}, "keep_together": [],
            "fixed": {}, "min_term": {}})
    rules = rules.model_copy(update={"allow_unassigned": False})
    weights = {"preference": draw(st.integers(0, 5)), "discipline": draw(st.integers(0, 10)),
               "wishes": draw(st.integers(-3, 8))}
    return problem.with_changes(weights=weights, rules=rules)


@settings(max_examples=60, deadline=None)
@given(wish_problems(), st.integers(0, 3))
def test_the_heuristics_keep_the_rules_and_the_incremental_objective(problem, seed):
    assume(warm_start_reason(problem) is None)
    inst = Instance.from_problem(problem)
    team = construct(inst, random.Random(seed))
    if team is None or check(problem, to_assignment(problem, team)):
        return  # no valid start (the solve pipeline then builds the CP-SAT model)
    state = anneal(State(inst, team), time.perf_counter() + 0.02, random.Random(seed))
    local_search(state, time.perf_counter() + 0.02, random.Random(seed))
    teams = to_assignment(problem, state.team)
    assert check(problem, teams) == []
    assert objective(problem, teams) == state.value == state.objective()
    lns(inst, state, deadline=time.perf_counter() + 5, seed=seed, max_stall=5)
    teams = to_assignment(problem, state.team)
    assert check(problem, teams) == []
    assert objective(problem, teams) == state.value == state.objective()


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(wish_problems(), st.randoms(use_true_random=False))
def test_move_and_swap_deltas_count_the_wishes(problem, rng):
    assume((warm_start_reason(problem) is None) and len(problem.projects) > 1)
    inst = Instance.from_problem(problem)
    state = State(inst, [rng.randrange(inst.n_projects) for _ in range(inst.n_students)])
    for _ in range(30):  # arbitrary moves and swaps (no rule kept): the deltas stay exact
        s, t = rng.randrange(inst.n_students), rng.randrange(inst.n_students)
        p, q = state.team[s], state.team[t]
        if p == q:
            q = (p + 1) % inst.n_projects
            state.move(s, q, state.move_delta(s, q))
        else:
            state.apply(s, q, t, state.swap_delta(s, t))
        teams = to_assignment(problem, state.team)
        assert state.value == state.objective() == objective(problem, teams)


@settings(max_examples=40, deadline=None)
@given(wish_problems())
def test_the_warm_start_grants_wishes_within_the_rules(problem):
    teams = heuristic_teams(problem, time_limit=0.05, seed=1)
    if teams is not None:
        assert check(problem, teams) == []


def test_a_move_that_joins_two_avoiders_is_refused():
    from tests_search_helpers import problem_from_frames

    from matcher.sample import generate_cohort

    base = problem_from_frames(*generate_cohort(40, 6, seed=3))
    ids = [s.id for s in base.students]
    students = tuple(s.model_copy(update={"avoid": (ids[k + 1],)}) if k % 2 == 0 else s
                     for k, s in enumerate(base.students))
    problem = base.with_changes(students=students)
    inst = Instance.from_problem(problem)
    state = State(inst, construct(inst, random.Random(0)))
    assert check(problem, to_assignment(problem, state.team)) == []
    s, partner = 0, 1
    assert not state.fits(s, state.team[partner])
    member = next(t for t in state.members[state.team[partner]] if t != partner)
    assert not state.fits(s, state.team[partner], out=member)  # a swap with another member
    for _ in range(200):  # nor does any accepted step put them together
        anneal(state, time.perf_counter() + 0.01, random.Random(_), max_moves=500)
        assert state.team[s] != state.team[partner]


def _refused_idea_problem():
    """One student refusing the only other optional idea: its team has no ``x`` variable, so
    its coverage cut ``0 <= 0`` once became a constant variable no hint covered."""
    projects = tuple(Project(id=f"P{i}", title=f"Project P{i}", min_size=1, max_size=1,
                             optional=i != 2) for i in (1, 2, 3))
    student = Student(id="S1", name="Student 1", discipline="", institution="UT",
                      refused=("P1",))
    return Problem(students=(student,), projects=projects, rules=Rules(allow_unassigned=False),
                   weights={"preference": 0, "discipline": 1, "wishes": 0})


def _no_isolated_problem():
    """``no_isolated`` posts a boolean per team and value, which no hint covered."""
    students = tuple(Student(id=f"S{k}", name=f"Student {k}", institution="UT",
                             discipline="" if k == 4 else "bio",
                             refused={1: ("P1",), 4: ("P2",)}.get(k, ())) for k in range(1, 7))
    projects = tuple(Project(id=f"P{i}", title=f"Project P{i}", min_size=1, max_size=i)
                     for i in (1, 2, 3))
    return Problem(students=students, projects=projects,
                   rules=Rules(allow_unassigned=False, no_isolated={"discipline": []}),
                   weights={"preference": 0, "discipline": 0, "wishes": 0})


@settings(max_examples=40, deadline=None)
@given(wish_problems(max_students=6))
@example(_refused_idea_problem())
@example(_no_isolated_problem())
def test_a_complete_hint_fixes_every_variable_at_the_hinted_objective(problem):
    best, argmax = brute_force(problem)
    if best is None:
        return
    hint = argmax[-1]
    builder = ModelBuilder(problem, make_constraints(problem))
    builder.post_all()
    terms = [(t, w) for t, w in make_terms(problem) if w != 0]
    builder.model.maximize(lsum(w * t.expression(builder) for t, w in terms))
    add_hint(builder, hint, [t for t, _ in terms])
    proto = builder.model.proto
    hinted = set(proto.solution_hint.vars)
    assert hinted == set(range(len(proto.variables)))  # every variable hinted
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.fix_variables_to_their_hinted_value = True
    assert solver.solve(builder.model) == cp_model.OPTIMAL  # consistent: feasible as hinted
    assert round(solver.objective_value) == objective(problem, hint) == best


@settings(max_examples=60, deadline=None)
@given(wish_problems(max_students=6))
def test_the_wishes_upper_bound_is_at_least_every_assignment(problem):
    bound = Wishes("wishes").upper_bound(problem)
    ids = [s.id for s in problem.students]
    options = [p.id for p in problem.projects] + [None]
    cap = {p.id: p.max_size for p in problem.projects}
    term = Wishes("wishes")
    for combo in product(options, repeat=len(ids)):
        if any(combo.count(pid) > k for pid, k in cap.items()):
            continue
        assert bound >= term.value(problem, dict(zip(ids, combo, strict=True)))
    assert bound <= 2 * len(wish_weights(problem))


@pytest.fixture(scope="module")
def wishes_to_heuristics():
    """Send every wish problem beyond 0 (student, idea) pairs to the heuristics."""
    mp = pytest.MonkeyPatch()
    mp.setattr(importlib.import_module("matcher.search.thresholds"), "WARM_PAIRS", 0)
    yield
    mp.undo()


@settings(max_examples=30, deadline=None)
@given(problem=wish_problems(max_students=6))
def test_the_heuristic_search_of_wishes_keeps_every_invariant(wishes_to_heuristics, problem):
    best, _ = brute_force(problem)
    result = solve(problem, workers=1, seed=0, time_limit=0.5)
    assert_solve_keeps_the_invariants(problem, result, best)


@settings(max_examples=60, deadline=None)
@given(wish_problems(max_students=6), st.booleans())
def test_the_lp_bound_with_wishes_is_at_least_the_optimum(problem, dense):
    if not supports_lp_bound(problem, pair_terms(problem)[0]):
        return
    best, _ = brute_force(problem)
    if best is None:
        return
    bound = lp_bound(problem, dense=dense).bound
    assert bound is not None and bound >= best


def test_a_complete_hint_covers_the_constants_the_model_building_made():
    """``model.add(True)`` (a rule over no variable) makes a constant variable: still hinted."""
    problem = _refused_idea_problem()
    builder = ModelBuilder(problem, make_constraints(problem))
    builder.post_all()
    builder.model.add(True)
    add_hint(builder, {"S1": "P2"})
    proto = builder.model.proto
    assert set(proto.solution_hint.vars) == set(range(len(proto.variables)))
    constant = len(proto.variables) - 1
    hinted = dict(zip(proto.solution_hint.vars, proto.solution_hint.values, strict=True))
    assert hinted[constant] == 1
