"""Tests of :mod:`matcher.scoring.preference`: both faces of the ``preference`` term."""

from __future__ import annotations

from faces import (
    assert_solve_terms_agree,
    assert_term_faces_agree,
    term_cases,
    weighted_problems,
)
from faces import (
    checked_value as value,
)
from hypothesis import given, settings

from matcher.problem import Problem, Project, Student

NAMES = ['preference']


@settings(max_examples=50, deadline=None)
@given(term_cases(NAMES, capacity=False))
def test_solver_value_equals_direct_value_on_a_fixed_assignment(case):
    assert_term_faces_agree(*case)


@settings(max_examples=25, deadline=None)
@given(weighted_problems(NAMES))
def test_solver_value_equals_direct_value_on_every_solve(case):
    assert_solve_terms_agree(*case)


def _problem() -> Problem:
    students = [Student(id="a", preferences=("P", "Q", "R")), Student(id="b", preferences=("Q",)),
                Student(id="c")]
    return Problem(students=students, projects=[Project(id=i, max_size=3) for i in "PQR"])


def test_rank_r_earns_k_minus_r_plus_one():
    p = _problem()  # K = 3, the longest list
    assert value("preference", p, {"a": "P", "b": "Q", "c": "R"}) == 3 + 3 + 0
    assert value("preference", p, {"a": "R", "b": "P", "c": "Q"}) == 1 + 0 + 0


def test_unassigned_earns_nothing():
    assert value("preference", _problem(), {"a": "Q"}) == 2
