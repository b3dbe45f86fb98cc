"""Tests of :mod:`matcher.constraints.min_distinct`: both faces of the ``min_distinct`` rule."""

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

RULE = "min_distinct"


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
    students = [Student(id="a", discipline="bio"), Student(id="b", discipline="bio"),
                Student(id="c", discipline="info"), Student(id="d")]
    return Problem(students=students, projects=[Project(id="P", max_size=4),
                                                Project(id="Q", max_size=4, optional=True)],
                   rules=Rules(min_distinct={"discipline": 2}))


def test_enough_distinct_values_pass_and_closed_teams_are_exempt():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "P", "d": "P"}) == []


def test_too_few_distinct_values_are_reported():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "Q", "d": "Q"}) == [
        "project P has 1 distinct discipline values, fewer than 2",
        "project Q has 1 distinct discipline values, fewer than 2"]


def test_unknown_values_do_not_count():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "Q", "d": "P"}) == [
        "project P has 1 distinct discipline values, fewer than 2",
        "project Q has 1 distinct discipline values, fewer than 2"]
