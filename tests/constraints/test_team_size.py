"""Tests of :mod:`matcher.constraints.team_size`: the ``team_size`` rule on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student

RULE = "team_size"


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
