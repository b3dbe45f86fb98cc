"""The aggregated exact MIP (:mod:`matcher.search.exact_mip`) is exact.

On tiny random problems with the objective and rules it models (preference plus positive
coverage weights; team sizes, proposers, refusals, ``top_k``): its proven optimum equals the
brute-force optimum, its answer passes :func:`matcher.check`, and every valid assignment maps
to a point of the model that satisfies every row with the same objective.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import problems
from test_brute_force import brute_force
from tests_search_helpers import problem_from_frames

from matcher.check import check, objective, score
from matcher.problem import Problem, Project, Student
from matcher.result import Status
from matcher.rules import Rules
from matcher.sample import generate_cohort
from matcher.search.exact_mip import MipProver, _Model, solve_exact_mip, supports_exact_mip
from matcher.solve import solve

pytest.importorskip("highspy")


@st.composite
def mip_problems(draw: st.DrawFn) -> Problem:
    """Problems the exact MIP models: top_k, fixed placements, and sometimes a previous
    formation with a ``moves`` weight (re-matching, as ``explain``'s counterfactuals do)."""
    problem = draw(problems(max_students=7, max_projects=3, with_rules=False))
    weights = {"preference": draw(st.integers(0, 5)), "discipline": draw(st.integers(0, 10)),
               "institution": draw(st.integers(0, 10))}
    top_k = draw(st.none() | st.integers(1, 3))
    sids = [s.id for s in problem.students]
    pids = [p.id for p in problem.projects]
    fixed = draw(st.dictionaries(st.sampled_from(sids), st.sampled_from(pids), max_size=2))
    changes: dict = {"weights": weights, "rules": Rules(top_k=top_k, fixed=fixed)}
    if draw(st.booleans()):
        changes["previous"] = draw(st.dictionaries(st.sampled_from(sids),
                                                   st.sampled_from(pids), max_size=len(sids)))
        weights["moves"] = draw(st.integers(1, 20))
    return problem.with_changes(**changes)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(mip_problems())
def test_the_mip_optimum_is_the_brute_force_optimum(problem):
    assert supports_exact_mip(problem)
    best, argmax = brute_force(problem)
    result = solve_exact_mip(problem)
    if best is None:
        assert result.assignment is None and not result.optimal
        return
    assert result.optimal, result
    assert result.objective == best == result.bound
    assert check(problem, result.assignment) == []
    assert objective(problem, result.assignment) == best


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(mip_problems())
def test_every_valid_assignment_is_a_feasible_point_of_equal_objective(problem):
    best, argmax = brute_force(problem)
    if best is None:
        return
    model = _Model(problem, problem.weights)
    for assignment in argmax[:5]:
        x = model.point(assignment)
        act = model.matrix() @ x
        assert np.all(act >= np.array(model.rlo) - 1e-9)
        assert np.all(act <= np.array(model.rhi) + 1e-9)
        assert np.all(x >= np.array(model.lo)) and np.all(x <= np.array(model.hi))
        assert float(np.dot(model.cost, x)) + model.offset == pytest.approx(best)
        # and the point realises to a valid assignment of the same objective
        again = model.realise(x)
        assert check(problem, again) == []
        assert objective(problem, again) == best


def test_pinned_students_and_a_proposer_who_did_not_rank_their_idea():
    # "a" refuses Q (so is not interchangeable with "b"); "c" proposes R without ranking it
    students = [Student(id="a", discipline="X", institution="U", preferences=("P",),
                        refused=("Q",)),
                Student(id="b", discipline="X", institution="U", preferences=("P",)),
                Student(id="c", discipline="Y", institution="U", preferences=("P", "Q")),
                Student(id="d", discipline="Y", institution="V", preferences=("Q",)),
                Student(id="e", discipline="Z", institution="V", preferences=())]
    projects = [Project(id="P", min_size=1, max_size=2),
                Project(id="Q", min_size=2, max_size=3),
                Project(id="R", min_size=1, max_size=2, optional=True, proposers=("c",))]
    problem = Problem(students=students, projects=projects)
    model = _Model(problem, problem.weights)
    assert model.pinned == [True, False, False, False, False]
    assert (2, 2) in model.xcol  # the proposer's own idea is a column
    best, _ = brute_force(problem)
    result = solve_exact_mip(problem)
    assert result.optimal and result.objective == best
    assert check(problem, result.assignment) == []


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(mip_problems(), st.sampled_from([1, 2]))
def test_solve_with_the_mip_alongside_equals_brute_force(problem, workers):
    # workers=1: the MIP first, then CP-SAT; workers=2: both at once, exchanging teams
    best, _ = brute_force(problem)
    result = solve(problem, workers=workers, seed=0)
    if best is None:
        assert not result.has_solution
        return
    assert result.status is Status.OPTIMAL
    assert result.objective == best == result.best_bound
    assert check(problem, result.assignment) == []
    assert objective(problem, result.assignment) == best
    assert result.terms == score(problem, result.assignment)


def test_a_student_top_k_forbids_an_idea_is_never_counted_as_interchangeable():
    # found by hypothesis: top_k = 1 forbids S1 the mandatory P1 (which S1 ranks second);
    # counted among the interchangeable students, S1 could fill P1 through a type slot
    problem = Problem(
        students=[Student(id="S1", discipline="bio", institution="UT",
                          preferences=("P2", "P1", "P3"))],
        projects=[Project(id="P1", min_size=1, max_size=1),
                  Project(id="P2", min_size=1, max_size=1, optional=True),
                  Project(id="P3", min_size=1, max_size=1, optional=True)],
        rules=Rules(top_k=1), weights={"preference": 0, "discipline": 0, "institution": 0})
    assert brute_force(problem)[0] is None
    result = solve_exact_mip(problem)
    assert result.assignment is None and not result.optimal


def test_the_prover_takes_offers_and_stops_on_request():
    students, projects = generate_cohort(120, 15, seed=4)
    problem = problem_from_frames(students, projects)
    seen: list[int] = []
    prover = MipProver(problem, on_change=lambda p: seen.append(p.bound or 0))
    # a valid assignment from a quick solve, offered before the run
    start = solve_exact_mip(problem, deadline=time.perf_counter() + 30)
    assert start.optimal and check(problem, start.assignment) == []
    prover.offer(start.assignment)
    prover.start()
    prover.finished.wait(60)
    assert prover.error is None
    assert prover.optimal and prover.bound == start.objective
    assert prover.best()[0] == start.objective
    assert seen  # on_change fired
    # a stop request ends a run early, without an error
    stop = threading.Event()
    stop.set()
    stopped = solve_exact_mip(problem, stop=stop)
    assert not stopped.optimal


def test_an_error_inside_a_highs_callback_is_never_lost(monkeypatch):
    students, projects = generate_cohort(60, 8, seed=3)
    problem = problem_from_frames(students, projects)

    def broken(self, values, value):
        raise ValueError("boom")

    monkeypatch.setattr(MipProver, "_note_solution", broken)
    with pytest.raises(RuntimeError, match="boom"):  # strict mode, the suite's
        solve(problem, workers=2, time_limit=20)
    monkeypatch.setenv("MATCHER_STRICT", "0")  # else: the other phases' teams, and a warning
    result = solve(problem, workers=2, time_limit=20)
    assert result.has_solution and check(problem, result.assignment) == []
    assert any("the exact MIP failed" in w and "boom" in w for w in result.warnings)
