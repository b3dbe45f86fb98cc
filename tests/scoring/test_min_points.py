"""Tests of :mod:`matcher.scoring.min_points`: both faces of the ``min_points`` term."""

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

NAMES = ['min_points']


@settings(max_examples=50, deadline=None)
@given(term_cases(NAMES, capacity=False))
def test_solver_value_equals_direct_value_on_a_fixed_assignment(case):
    assert_term_faces_agree(*case)


@settings(max_examples=25, deadline=None)
@given(weighted_problems(NAMES))
def test_solver_value_equals_direct_value_on_every_solve(case):
    assert_solve_terms_agree(*case)


def _problem() -> Problem:
    students = [Student(id="a", preferences=("P", "Q")), Student(id="b", preferences=("P",)),
                Student(id="c", preferences=("Q", "P"))]
    return Problem(students=students, projects=[Project(id=i, max_size=3) for i in "PQ"])


def test_lowest_points_of_any_student():
    p = _problem()  # K = 2
    assert value("min_points", p, {"a": "P", "b": "P", "c": "Q"}) == 2
    assert value("min_points", p, {"a": "Q", "b": "P", "c": "Q"}) == 1
    assert value("min_points", p, {"a": "P", "b": "Q", "c": "Q"}) == 0  # b: unranked


def test_an_unassigned_student_earns_zero():
    assert value("min_points", _problem(), {"a": "P", "b": "P"}) == 0
