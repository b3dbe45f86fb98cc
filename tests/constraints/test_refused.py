"""Tests of :mod:`matcher.constraints.refused`: the ``refused`` rule on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student

RULE = "refused"


def messages(problem: Problem, assignment: dict) -> list[str]:
    """The rule's violation messages; also checks the model agrees on this assignment."""
    return rule_messages(RULE, problem, assignment)


def _problem() -> Problem:
    students = [Student(id="a", preferences=("P",), refused=("Q",)), Student(id="b")]
    return Problem(students=students,
                   projects=[Project(id=i, max_size=2, optional=True) for i in "PQ"])


def test_not_on_refused_project_passes():
    assert messages(_problem(), {"a": "P", "b": "Q"}) == []
    assert messages(_problem(), {"b": "Q"}) == []


def test_refused_project_is_reported():
    assert messages(_problem(), {"a": "Q", "b": "Q"}) == ["student a is on Q, which they refused"]
