"""Tests of :mod:`matcher.constraints.keep_apart`: the ``keep_apart`` rule on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student
from matcher.rules import Rules

RULE = "keep_apart"


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
