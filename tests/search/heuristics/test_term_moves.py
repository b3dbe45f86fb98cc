"""Every term scored move by move: its :meth:`~matcher.scoring.base.ScoringTerm.incremental`
face prices a move and a swap exactly as :meth:`value` does before and after, its bounds
hold on every assignment, and the heuristics that use it (warm start, annealing, LNS) return
valid teams with a proven bound on tiny problems checked by brute force."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import assignments, problems
from test_brute_force import brute_force
from tests_search_helpers import assert_solve_keeps_the_invariants

from matcher.check import objective
from matcher.problem import Problem
from matcher.registry import RULES, TERMS, make_term
from matcher.rules import Rules
from matcher.scoring.incremental import Recompute, TeamSum
from matcher.search import routing, thresholds
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.state import State
from matcher.solve import solve

#: One name per term kind (an attribute where the kind needs one), and a second attribute.
TERM_CASES = ["preference", "discipline", "coverage.gender", "blau.discipline", "blau.year",
              "balance.year", "min_points", "min_coverage.discipline", "min_coverage.gender",
              "unassigned", "moves", "pairwise", "wishes"]


def test_every_registered_term_is_covered():
    assert {make_term(n).kind for n in TERM_CASES} == set(TERMS)


def _team(problem: Problem, assignment: dict[str, str | None]) -> list[int]:
    pindex = problem.project_index
    return [pindex[assignment[s.id]] if assignment[s.id] else -1 for s in problem.students]


def _after(problem: Problem, assignment: dict[str, str | None],
           changes: dict[int, int]) -> dict[str, str | None]:
    out = dict(assignment)
    for s, p in changes.items():
        out[problem.students[s].id] = problem.projects[p].id
    return out


@st.composite
def placed(draw: st.DrawFn, name: str):
    """A problem weighting only ``name``, a complete assignment, and two placed students."""
    problem = draw(problems(max_students=7, max_projects=3, with_rules=False))
    attribute = make_term(name).attribute
    assume(attribute is None or attribute in problem.attributes())
    problem = Problem(students=problem.students, projects=problem.projects,
                      previous={s.id: draw(st.sampled_from([p.id for p in problem.projects]))
                                for s in problem.students[::2]},
                      weights={name: 1}, rules=problem.rules)
    pids = [p.id for p in problem.projects]
    assignment = {s.id: draw(st.sampled_from(pids)) for s in problem.students}
    n = len(problem.students)
    s = draw(st.integers(0, n - 1))
    t = draw(st.integers(0, n - 1))
    q = draw(st.integers(0, len(pids) - 1))
    return problem, assignment, s, t, q


def _faces(term, problem):
    out = [term.incremental(problem), Recompute(term, problem)]
    if term.team_sum:
        out.append(TeamSum(term, problem))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", TERM_CASES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_delta_equals_the_change_of_value(name, data):
    problem, assignment, s, t, q = data.draw(placed(name))
    term = make_term(name)
    team = _team(problem, assignment)
    p = team[s]
    before = term.value(problem, assignment)
    for proto in _faces(term, problem):
        face = proto.start(list(team), len(problem.projects))
        assert face.value() == before, type(face)
        if q != p:
            moved = term.value(problem, _after(problem, assignment, {s: q}))
            assert face.move_delta(s, p, q) == moved - before, type(face)
        if team[t] != p:
            swapped = term.value(problem, _after(problem, assignment, {s: team[t], t: p}))
            assert face.swap_delta(s, t, p, team[t]) == swapped - before, type(face)
            assert face.value() == before  # pricing changes nothing
            face.remove(s, p)
            face.add(s, team[t])
            face.remove(t, team[t])
            face.add(t, p)
            assert face.value() == swapped, type(face)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_state_delta_equals_the_change_of_the_objective(data):
    """The search state with every term (random weights, the move-by-move ones included):
    its incremental objective follows :func:`matcher.check.objective` through moves and
    swaps."""
    problem = data.draw(problems(max_students=7, max_projects=3, with_rules=False))
    names = data.draw(st.lists(st.sampled_from(TERM_CASES), min_size=1, max_size=4,
                               unique=True))
    weights = {n: data.draw(st.integers(-3, 5)) for n in names
               if make_term(n).attribute is None
               or make_term(n).attribute in problem.attributes()}
    problem = Problem(students=problem.students, projects=problem.projects,
                      weights=weights, rules=problem.rules)
    pids = [p.id for p in problem.projects]
    assignment = {s.id: data.draw(st.sampled_from(pids)) for s in problem.students}
    state = State(Instance.from_problem(problem), _team(problem, assignment))
    assert state.value == objective(problem, assignment)
    for _ in range(4):
        s = data.draw(st.integers(0, len(problem.students) - 1))
        t = data.draw(st.integers(0, len(problem.students) - 1))
        q = data.draw(st.integers(0, len(pids) - 1))
        if data.draw(st.booleans()) and state.team[t] != state.team[s]:
            d = state.swap_delta(s, t)
            state.apply(s, state.team[t], t, d)
        elif q != state.team[s]:
            state.move(s, q)
        now = {problem.students[i].id: pids[p] for i, p in enumerate(state.team)}
        assert state.value == objective(problem, now)


@pytest.mark.slow
@pytest.mark.parametrize("name", TERM_CASES)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_bounds_hold_on_every_assignment(name, data):
    """``lower_bound <= value <= upper_bound`` on any assignment whose teams keep their
    maximum sizes and, unless ``allow_unassigned``, that places everyone (as every valid
    formation does)."""
    problem = data.draw(problems(max_students=7, max_projects=3, with_rules=False))
    term = make_term(name)
    assume(term.attribute is None or term.attribute in problem.attributes())
    free = data.draw(st.booleans())
    problem = Problem(students=problem.students, projects=problem.projects,
                      previous={s.id: problem.projects[0].id for s in problem.students[::2]},
                      weights={name: 1}, rules=Rules(allow_unassigned=free))
    assignment = data.draw(assignments(problem, within_capacity=True))
    assume(free or all(assignment.values()))
    value = term.value(problem, assignment)
    upper, lower = term.upper_bound(problem), term.lower_bound(problem)
    assert upper is not None and lower is not None
    assert lower <= value <= upper


#: The terms the heuristics score move by move (at least one is drawn), and the others.
MOVE_BY_MOVE = ["pairwise", "blau.discipline", "balance.year", "unassigned", "min_points",
                "min_coverage.discipline"]
NATIVE = ["preference", "discipline", "wishes"]


def _heuristics_problem(data: st.DataObject) -> Problem:
    problem = data.draw(problems(max_students=6, max_projects=3))
    present = problem.attributes()
    extra = [n for n in MOVE_BY_MOVE
             if make_term(n).attribute is None or make_term(n).attribute in present]
    names = data.draw(st.lists(st.sampled_from(extra), min_size=1, max_size=2, unique=True))
    names += data.draw(st.lists(st.sampled_from(NATIVE), max_size=2, unique=True))
    weights = {n: data.draw(st.integers(-2, 5).filter(bool)) for n in names}
    # the rules the heuristics keep: a rule without a keep face is left at its default
    dropped = {field: Rules.model_fields[field].get_default(call_default_factory=True)
               for cls in RULES.values() if "keep" in cls.without for field in cls.parameters}
    rules = problem.rules.model_copy(update={"min_term": {}, **dropped})
    return Problem(students=problem.students, projects=problem.projects, rules=rules,
                   weights=weights)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_heuristics_keep_the_rules_and_bound_the_optimum(data):
    """The large-cohort path forced on tiny problems (thresholds at 0): valid teams, an
    objective equal to the solver-free one, a bound at least the brute-force optimum."""
    problem = _heuristics_problem(data)
    assume(routing.local_search_reason(problem) is None)
    best, _ = brute_force(problem)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(thresholds, "LOCAL_SEARCH_PAIRS", 0)
        result = solve(problem, workers=1, seed=0, time_limit=2, choices_first=False)
    assert_solve_keeps_the_invariants(problem, result, best)
