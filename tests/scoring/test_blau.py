"""Tests of :mod:`matcher.scoring.blau`: both faces of the ``blau`` term."""

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

NAMES = ['blau.discipline', 'blau.institution', 'blau.gender', 'blau.year']


@settings(max_examples=50, deadline=None)
@given(term_cases(NAMES, capacity=True))
def test_solver_value_equals_direct_value_on_a_fixed_assignment(case):
    assert_term_faces_agree(*case)


@settings(max_examples=25, deadline=None)
@given(weighted_problems(NAMES))
def test_solver_value_equals_direct_value_on_every_solve(case):
    assert_solve_terms_agree(*case)


# The Blau expression bounds each count by the team's max_size (which the always-on team_size
# rule guarantees on every solution), so fixed assignments above are drawn within capacity.


def _problem(disciplines: str) -> Problem:
    students = [Student(id=f"s{i}", discipline=d.strip()) for i, d in enumerate(disciplines)]
    return Problem(students=students, projects=[Project(id=i, max_size=4) for i in "PQ"])


def test_differing_pairs_in_a_team():
    p = _problem("AAB")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P"}) == 2
    p = _problem("ABC")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P"}) == 3
    p = _problem("AABB")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P", "s3": "P"}) == 4


def test_teams_add_up_and_unknown_values_are_left_out():
    p = _problem("AB C")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P", "s3": "Q"}) == 1
    # P: A, C (1 pair); Q: B and an unknown value (no pair)
    assert value("blau.discipline", p, {"s0": "P", "s1": "Q", "s2": "Q", "s3": "P"}) == 1
    p = _problem("AB CA")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "Q", "s3": "Q",
                                        "s4": "Q"}) == 1 + 1


def test_uniform_team_has_no_differing_pair():
    p = _problem("AAA")
    assert value("blau.discipline", p, {"s0": "P", "s1": "P", "s2": "P"}) == 0
