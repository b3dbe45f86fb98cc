"""Tests of :mod:`matcher.constraints.keep_together`: the ``keep_together`` rule on
hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student
from matcher.rules import Rules

RULE = "keep_together"


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
