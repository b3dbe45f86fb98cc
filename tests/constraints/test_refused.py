"""Tests of :mod:`matcher.constraints.refused`: both faces of the ``refused`` rule."""

from __future__ import annotations

from faces import (
    assert_rule_alone_solution_passes,
    assert_rule_faces_agree,
    rule_cases,
    rule_messages,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.problem import Problem, Project, Student

RULE = "refused"


@settings(max_examples=60, deadline=None)
@given(rule_cases(RULE))
def test_model_forbids_exactly_what_check_rejects(case):
    assert_rule_faces_agree(*case)


@settings(max_examples=25, deadline=None)
@given(rule_cases(RULE), st.lists(st.integers(-5, 5), min_size=21, max_size=21))
def test_solutions_of_the_rule_alone_pass_its_check(case, coefficients):
    problem, rule, _ = case
    assert_rule_alone_solution_passes(problem, rule, coefficients)


def messages(problem: Problem, assignment: dict) -> list[str]:
    """The rule's violation messages; also checks the model agrees on this assignment."""
    return rule_messages(RULE, problem, assignment)


def _problem() -> Problem:
    students = [Student(id="a", preferences=("P",), refused=("Q",)), Student(id="b")]
    return Problem(students=students,
                   projects=[Project(id=i, max_size=2, optional=True) for i in "PQ"])


def test_not_on_refused_project_passes():
    assert messages(_problem(), {"a": "P", "b": "Q"}) == []
    assert messages(_problem(), {"b": "Q"}) == []


def test_refused_project_is_reported():
    assert messages(_problem(), {"a": "Q", "b": "Q"}) == ["student a is on Q, which they refused"]
