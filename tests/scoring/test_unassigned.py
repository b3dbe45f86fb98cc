"""Tests of :mod:`matcher.scoring.unassigned`: both faces of the ``unassigned`` term."""

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

NAMES = ['unassigned']


@settings(max_examples=50, deadline=None)
@given(term_cases(NAMES, capacity=False))
def test_solver_value_equals_direct_value_on_a_fixed_assignment(case):
    assert_term_faces_agree(*case)


@settings(max_examples=25, deadline=None)
@given(weighted_problems(NAMES))
def test_solver_value_equals_direct_value_on_every_solve(case):
    assert_solve_terms_agree(*case)


def test_counts_students_without_a_team_negatively():
    p = Problem(students=[Student(id=i) for i in "abc"], projects=[Project(id="P", max_size=3)])
    assert value("unassigned", p, {"a": "P", "b": "P", "c": "P"}) == 0
    assert value("unassigned", p, {"a": "P", "b": None}) == -2
    assert value("unassigned", p, {}) == -3
