"""The heuristics' :class:`~matcher.search.heuristics.state.State`: its incremental objective
(points, coverage, pairs and every term's move-by-move face) stays the direct one
(:func:`matcher.check.objective`) through long random sequences of moves and swaps,
including sequences that empty a team (an optional idea closing) and fill it again, and
that pass teams through every size."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import problems
from test_term_moves import TERM_CASES

from matcher.check import objective
from matcher.problem import Problem
from matcher.registry import make_term
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.state import State


def _weighted(data: st.DataObject) -> Problem:
    """A small cohort (optional ideas among its projects) weighting up to five terms, with a
    previous formation for ``moves``."""
    problem = data.draw(problems(max_students=8, max_projects=4, with_rules=False))
    present = problem.attributes() | {"discipline", "institution"}
    names = data.draw(st.lists(st.sampled_from(TERM_CASES), min_size=1, max_size=5,
                               unique=True))
    weights = {n: data.draw(st.integers(-3, 5)) for n in names
               if make_term(n).attribute is None or make_term(n).attribute in present}
    previous = {s.id: data.draw(st.sampled_from([p.id for p in problem.projects]))
                for s in problem.students[::2]}
    return Problem(students=problem.students, projects=problem.projects, weights=weights,
                   previous=previous)


def _direct(problem: Problem, state: State) -> int:
    pids = [p.id for p in problem.projects]
    return objective(problem, {s.id: pids[p] for s, p in zip(problem.students, state.team,
                                                              strict=True)})


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_the_state_follows_moves_swaps_and_teams_emptied_and_refilled(data):
    problem = _weighted(data)
    n, n_p = len(problem.students), len(problem.projects)
    team = [data.draw(st.integers(0, n_p - 1)) for _ in range(n)]
    state = State(Instance.from_problem(problem), team)
    assert state.value == _direct(problem, state)
    for _ in range(data.draw(st.integers(1, 8))):
        kind = data.draw(st.sampled_from(["move", "swap", "empty", "fill"]))
        if kind == "move":
            s, q = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n_p - 1))
            if q != state.team[s]:
                state.move(s, q)
        elif kind == "swap":
            s, t = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
            if state.team[s] != state.team[t]:
                state.apply(s, state.team[t], t, state.swap_delta(s, t))
        elif kind == "empty" and n_p > 1:  # every member of p leaves, one by one
            p = data.draw(st.integers(0, n_p - 1))
            for s in list(state.members[p]):
                q = data.draw(st.sampled_from([q for q in range(n_p) if q != p]))
                state.move(s, q)
                assert state.value == _direct(problem, state)
        elif kind == "fill":  # a few students join p (closed or not), one by one
            p = data.draw(st.integers(0, n_p - 1))
            for s in data.draw(st.lists(st.integers(0, n - 1), max_size=4, unique=True)):
                if state.team[s] != p:
                    state.move(s, p)
                    assert state.value == _direct(problem, state)
        assert state.value == _direct(problem, state)
        assert state.value == state.objective()
