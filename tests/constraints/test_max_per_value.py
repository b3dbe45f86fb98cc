"""Tests of :mod:`matcher.constraints.max_per_value`: the ``max_per_value`` rule on
hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student
from matcher.rules import Rules

RULE = "max_per_value"


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
