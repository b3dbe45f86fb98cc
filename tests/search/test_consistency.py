"""Internal inconsistencies (:mod:`matcher.search.consistency`): outside strict mode a solve
whose search disagrees with itself still returns valid teams, with the inconsistency in
``Result.warnings``; in strict mode (the test suite's, ``tests/conftest.py``) it raises.

The inconsistencies are injected by terms registered for the test (through the registry's
:data:`~matcher.registry.TERMS`) whose move-by-move face is deliberately wrong
(``tests/wrong_terms.py``)."""

from __future__ import annotations

import random

import pytest
from tests_search_helpers import problem_from_frames
from wrong_terms import DoubledPairwise, OffsetPreference, SkewedBlau

from matcher.check import check, objective
from matcher.problem import Problem
from matcher.registry import TERMS
from matcher.sample import generate_cohort
from matcher.search import consistency, thresholds
from matcher.search.consistency import (
    MAX_WARNINGS,
    InconsistencyError,
    inconsistent,
    recording,
    warnings_of,
)
from matcher.search.heuristics.construction import start_team, to_assignment
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.lns import lns
from matcher.search.heuristics.state import State
from matcher.solve import solve


def _cohort(term: str) -> Problem:
    students, projects = generate_cohort(40, 8, seed=5)
    problem = problem_from_frames(students, projects)
    return problem.model_copy(update={"weights": {"preference": 1, term: 3}})


@pytest.fixture
def heuristics(monkeypatch):
    """The large-cohort heuristics on small cohorts, with the wrong term registered."""
    monkeypatch.setattr(thresholds, "LOCAL_SEARCH_PAIRS", 0)
    monkeypatch.setitem(TERMS, SkewedBlau.kind, SkewedBlau)


@pytest.mark.slow
def test_an_inconsistency_gives_valid_teams_and_a_warning(heuristics, monkeypatch):
    """The state's value drifts from the direct one (the LNS undo and the final check see
    it): the teams are valid, their objective the direct one."""
    monkeypatch.setenv(consistency.STRICT_ENV, "0")
    problem = _cohort("skewed_blau.discipline")
    # the heuristics' path: the plain weighted sum (choices first's cap has no keep face)
    result = solve(problem, workers=1, seed=0, time_limit=3, choices_first=False)
    assert result.has_solution
    assert check(problem, result.assignment) == []
    assert result.objective == objective(problem, result.assignment)
    assert result.warnings
    assert all(w.startswith("internal inconsistency") for w in result.warnings)


@pytest.mark.slow
def test_strict_mode_raises_at_the_inconsistency(heuristics, monkeypatch):
    monkeypatch.setenv(consistency.STRICT_ENV, "1")
    with pytest.raises(InconsistencyError):
        solve(_cohort("skewed_blau.discipline"), workers=1, seed=0, time_limit=3,
              choices_first=False)


def test_a_term_whose_two_faces_disagree_gives_its_direct_value(monkeypatch):
    """CP-SAT's path: the term's solver value differs from its direct value on the teams
    CP-SAT returns; they are valid, the objective reported is the direct one, and the warning
    names the term (strict mode: raised)."""
    monkeypatch.setitem(TERMS, OffsetPreference.kind, OffsetPreference)
    students, projects = generate_cohort(12, 3, seed=1)
    problem = problem_from_frames(students, projects).model_copy(
        update={"weights": {"offset_preference": 1, "discipline": 2}})
    with pytest.raises(InconsistencyError, match="offset_preference"):
        solve(problem, workers=1, seed=0, time_limit=10, lp=False)
    monkeypatch.setenv(consistency.STRICT_ENV, "0")
    result = solve(problem, workers=1, seed=0, time_limit=10, lp=False)
    assert result.has_solution and check(problem, result.assignment) == []
    assert result.objective == objective(problem, result.assignment)
    assert any("'offset_preference': solver value" in w for w in result.warnings)


def _lns_state(monkeypatch) -> tuple[Problem, State]:
    monkeypatch.setitem(TERMS, DoubledPairwise.kind, DoubledPairwise)
    students, projects = generate_cohort(16, 4, seed=2)
    problem = problem_from_frames(students, projects).model_copy(
        update={"weights": {"preference": 1, "doubled_pairwise": 1}})
    inst = Instance.from_problem(problem)
    team = start_team(problem, inst, random.Random(0))
    assert team is not None
    return problem, State(inst, team)


@pytest.mark.slow
def test_an_lns_step_whose_gain_is_wrong_is_undone(monkeypatch):
    """The LNS model prices the pairs twice: each step that moves students reports the
    disagreement and puts them back, the state stays the direct objective of valid teams."""
    monkeypatch.setenv(consistency.STRICT_ENV, "0")
    problem, state = _lns_state(monkeypatch)
    first = list(state.team)
    with recording() as found:
        gain = lns(state.inst, state, deadline=float("inf"), seed=0, max_steps=8)
    assert found and all(m.startswith("LNS gain") for m in found)
    assert gain == 0 and state.team == first  # every step that moved was undone
    teams = to_assignment(problem, state.team, check_rules=True)
    assert teams is not None and state.value == objective(problem, teams)


@pytest.mark.slow
def test_strict_mode_raises_at_the_lns_step(monkeypatch):
    monkeypatch.setenv(consistency.STRICT_ENV, "1")
    _, state = _lns_state(monkeypatch)
    with pytest.raises(InconsistencyError, match="LNS gain"):
        lns(state.inst, state, deadline=float("inf"), seed=0, max_steps=8)


def test_a_consistent_solve_has_no_warning(heuristics, monkeypatch):
    monkeypatch.setenv(consistency.STRICT_ENV, "0")
    result = solve(_cohort("blau.discipline"), workers=1, seed=0, time_limit=1)
    assert result.has_solution and result.warnings == []


def test_the_library_context_overrides_the_environment(monkeypatch):
    monkeypatch.setenv(consistency.STRICT_ENV, "1")
    with consistency.strict_mode(False), recording() as found:
        inconsistent("a")
    assert found == ["a"]
    with pytest.raises(InconsistencyError, match="b"):
        inconsistent("b")
    monkeypatch.setenv(consistency.STRICT_ENV, "0")
    with consistency.strict_mode(), pytest.raises(InconsistencyError, match="c"):
        inconsistent("c")


def test_warnings_are_kept_once_and_counted_beyond_the_cap():
    found = [f"m{i}" for i in range(MAX_WARNINGS + 5)] + ["m0"]
    out = warnings_of(found)
    assert len(out) == MAX_WARNINGS + 1
    assert out[0].endswith("m0") and out[-1].startswith("5 more")
    assert warnings_of(["x", "x"]) == [warnings_of(["x"])[0]]
