"""Tests of :mod:`matcher.scoring.coverage`: both faces of the ``coverage`` term."""

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

NAMES = ['discipline', 'institution', 'coverage.gender', 'coverage.year']


@settings(max_examples=50, deadline=None)
@given(term_cases(NAMES, capacity=False))
def test_solver_value_equals_direct_value_on_a_fixed_assignment(case):
    assert_term_faces_agree(*case)


@settings(max_examples=25, deadline=None)
@given(weighted_problems(NAMES))
def test_solver_value_equals_direct_value_on_every_solve(case):
    assert_solve_terms_agree(*case)


def _problem() -> Problem:
    students = [Student(id="a", discipline="A", institution="X"),
                Student(id="b", discipline="A", institution="Y"),
                Student(id="c", discipline="B", institution="X"),
                Student(id="d", discipline="", institution="X")]
    return Problem(students=students, projects=[Project(id=i, max_size=4) for i in "PQ"])


def test_distinct_values_per_open_team():
    p = _problem()
    assignment = {"a": "P", "b": "P", "c": "P", "d": "Q"}
    assert value("discipline", p, assignment) == 2 + 0  # d's discipline is unknown
    assert value("institution", p, assignment) == 2 + 1
    assert value("coverage.discipline", p, {"a": "P", "b": "Q", "c": "Q"}) == 1 + 2


def test_no_open_team_covers_nothing():
    assert value("discipline", _problem(), {}) == 0
