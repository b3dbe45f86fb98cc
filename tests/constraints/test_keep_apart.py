"""Tests of :mod:`matcher.constraints.keep_apart`: both faces of the ``keep_apart`` rule."""

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

RULE = "keep_apart"


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
    return Problem(students=[Student(id=i) for i in "abcd"],
                   projects=[Project(id="P", max_size=4), Project(id="Q", max_size=4)],
                   rules=Rules(keep_apart=[["a", "b", "c"]]))


def test_apart_passes():
    assert messages(_problem(), {"a": "P", "b": "Q", "c": None, "d": "P"}) == []


def test_together_is_reported():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "P", "d": "Q"}) == [
        "a and b and c must be apart but are together on P"]
    assert messages(_problem(), {"a": "P", "b": "Q", "c": "P"}) == [
        "a and c must be apart but are together on P"]
