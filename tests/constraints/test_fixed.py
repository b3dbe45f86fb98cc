"""Tests of :mod:`matcher.constraints.fixed`: the ``fixed`` rule on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student
from matcher.rules import Rules

RULE = "fixed"


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
