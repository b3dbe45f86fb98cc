"""Tests of :mod:`matcher.constraints.fixed`: both faces of the ``fixed`` rule."""

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

RULE = "fixed"


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
    return Problem(students=[Student(id=i) for i in "ab"],
                   projects=[Project(id=i, max_size=2, optional=True) for i in "PQ"],
                   rules=Rules(fixed={"a": "P"}))


def test_fixed_placement_passes():
    assert messages(_problem(), {"a": "P", "b": "Q"}) == []


def test_other_placement_is_reported():
    assert messages(_problem(), {"a": "Q", "b": "Q"}) == ["student a must be on P but is on Q"]
    assert messages(_problem(), {"b": "Q"}) == ["student a must be on P but is on no team"]
