"""Tests of :mod:`matcher.constraints.keep_together`: both faces of the ``keep_together`` rule."""

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

RULE = "keep_together"


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


def _problem(**rules) -> Problem:
    return Problem(students=[Student(id=i) for i in "abc"],
                   projects=[Project(id="P", max_size=3), Project(id="Q", max_size=3)],
                   rules=Rules(keep_together=[["a", "b"]], **rules))


def test_together_passes():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "Q"}) == []


def test_apart_is_reported():
    assert messages(_problem(), {"a": "P", "b": "Q", "c": "Q"}) == [
        "a and b must be together: a on P, b on Q"]
    assert messages(_problem(), {"a": "P"}) == ["a and b must be together: a on P, b on no team"]


def test_both_unassigned_counts_as_together():
    assert messages(_problem(allow_unassigned=True), {"c": "P"}) == []
