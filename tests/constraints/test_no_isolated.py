"""Tests of :mod:`matcher.constraints.no_isolated`: the ``no_isolated`` rule on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student
from matcher.rules import Rules

RULE = "no_isolated"


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
