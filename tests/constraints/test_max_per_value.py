"""Tests of :mod:`matcher.constraints.max_per_value`: both faces of the ``max_per_value`` rule."""

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
from matcher.rules import Rules

RULE = "max_per_value"


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


def _problem(k: int) -> Problem:
    students = [Student(id="a", discipline="bio"), Student(id="b", discipline="bio"),
                Student(id="c", discipline="info"), Student(id="d", discipline="")]
    return Problem(students=students, projects=[Project(id="P", max_size=4),
                                                Project(id="Q", max_size=4, optional=True)],
                   rules=Rules(max_per_value={"discipline": k}))


def test_cap_respected():
    assert messages(_problem(1), {"a": "P", "b": "Q", "c": "P", "d": "P"}) == []
    assert messages(_problem(2), {"a": "P", "b": "P", "c": "P", "d": "P"}) == []


def test_cap_exceeded_is_reported():
    assert messages(_problem(1), {"a": "P", "b": "P", "c": "P", "d": "P"}) == [
        "project P has 2 members with discipline 'bio', more than 1"]


def test_unknown_values_are_not_capped():
    p = Problem(students=[Student(id="a"), Student(id="b")],
                projects=[Project(id="P", max_size=2)],
                rules=Rules(max_per_value={"discipline": 1}))
    assert messages(p, {"a": "P", "b": "P"}) == []
