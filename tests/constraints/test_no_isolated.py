"""Tests of :mod:`matcher.constraints.no_isolated`: both faces of the ``no_isolated`` rule."""

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

RULE = "no_isolated"


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


def _problem(values: list[str]) -> Problem:
    students = [Student(id="a", attributes={"gender": "F"}),
                Student(id="b", attributes={"gender": "M"}),
                Student(id="c", attributes={"gender": "M"}),
                Student(id="d", attributes={"gender": "F"})]
    return Problem(students=students, projects=[Project(id="P", max_size=4),
                                                Project(id="Q", max_size=4, optional=True)],
                   rules=Rules(no_isolated={"gender": values}))


def test_pairs_or_none_pass():
    assert messages(_problem([]), {"a": "P", "b": "P", "c": "P", "d": "P"}) == []
    assert messages(_problem([]), {"a": "P", "d": "P", "b": "Q", "c": "Q"}) == []


def test_isolated_member_is_reported():
    assert messages(_problem([]), {"a": "P", "b": "P", "c": "P", "d": "Q"}) == [
        "student a is the only member with gender 'F' on project P",
        "student d is the only member with gender 'F' on project Q"]


def test_only_listed_values_are_protected():
    assignment = {"a": "P", "b": "P", "c": "Q", "d": "Q"}
    assert messages(_problem(["F"]), assignment) == [
        "student a is the only member with gender 'F' on project P",
        "student d is the only member with gender 'F' on project Q"]
    assert messages(_problem(["X"]), assignment) == []


def test_numeric_values_are_listed_as_text():
    students = [Student(id="a", attributes={"year": 3}), Student(id="b", attributes={"year": 4})]
    p = Problem(students=students, projects=[Project(id="P", max_size=2)],
                rules=Rules(no_isolated={"year": ["3"]}))
    assert messages(p, {"a": "P", "b": "P"}) == [
        "student a is the only member with year 3 on project P"]
