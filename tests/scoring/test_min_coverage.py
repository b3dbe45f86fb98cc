"""Tests of :mod:`matcher.scoring.min_coverage`: both faces of the ``min_coverage`` term."""

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

NAMES = ['min_coverage.discipline', 'min_coverage.institution', 'min_coverage.gender']


@settings(max_examples=50, deadline=None)
@given(term_cases(NAMES, capacity=False))
def test_solver_value_equals_direct_value_on_a_fixed_assignment(case):
    assert_term_faces_agree(*case)


@settings(max_examples=25, deadline=None)
@given(weighted_problems(NAMES))
def test_solver_value_equals_direct_value_on_every_solve(case):
    assert_solve_terms_agree(*case)


def _problem() -> Problem:
    students = [Student(id="a", discipline="A"), Student(id="b", discipline="B"),
                Student(id="c", discipline="A"), Student(id="d", discipline="")]
    return Problem(students=students, projects=[Project(id=i, max_size=4) for i in "PQR"])


def test_lowest_distinct_values_of_an_open_team():
    p = _problem()
    assert value("min_coverage.discipline", p, {"a": "P", "b": "P", "c": "Q"}) == 1
    assert value("min_coverage.discipline", p, {"a": "P", "b": "P", "c": "Q", "d": "Q"}) == 1
    assert value("min_coverage.discipline", p, {"a": "P", "b": "P", "c": "P"}) == 2


def test_a_team_of_unknown_values_counts_zero_and_no_team_gives_zero():
    p = _problem()
    assert value("min_coverage.discipline", p, {"a": "P", "b": "P", "d": "Q"}) == 0
    assert value("min_coverage.discipline", p, {}) == 0
