"""Tests of :mod:`matcher.constraints.team_size`: both faces of the ``team_size`` rule."""

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

RULE = "team_size"


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
    return Problem(students=[Student(id=i) for i in "abc"],
                   projects=[Project(id="P", min_size=2, max_size=2),
                             Project(id="Q", min_size=1, max_size=1, optional=True)])


def test_sizes_within_bounds_pass():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "Q"}) == []
    assert messages(_problem(), {"a": "P", "b": "P"}) == []  # Q optional, may stay closed


def test_sizes_outside_bounds_are_reported():
    assert messages(_problem(), {"a": "P", "b": "Q", "c": "Q"}) == [
        "project P has 1 members, outside 2..2", "project Q has 2 members, outside 1..1"]


def test_mandatory_project_must_open():
    assert messages(_problem(), {"a": "Q"}) == ["project P must open but has no members"]
