"""Tests of :mod:`matcher.constraints.min_distinct`: the ``min_distinct`` rule on
hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student
from matcher.rules import Rules

RULE = "min_distinct"


def messages(problem: Problem, assignment: dict) -> list[str]:
    """The rule's violation messages; also checks the model agrees on this assignment."""
    return rule_messages(RULE, problem, assignment)


def _problem() -> Problem:
    students = [Student(id="a", discipline="bio"), Student(id="b", discipline="bio"),
                Student(id="c", discipline="info"), Student(id="d")]
    return Problem(students=students, projects=[Project(id="P", max_size=4),
                                                Project(id="Q", max_size=4, optional=True)],
                   rules=Rules(min_distinct={"discipline": 2}))


def test_enough_distinct_values_pass_and_closed_teams_are_exempt():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "P", "d": "P"}) == []


def test_too_few_distinct_values_are_reported():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "Q", "d": "Q"}) == [
        "project P has 1 distinct discipline values, fewer than 2",
        "project Q has 1 distinct discipline values, fewer than 2"]


def test_unknown_values_do_not_count():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "Q", "d": "P"}) == [
        "project P has 1 distinct discipline values, fewer than 2",
        "project Q has 1 distinct discipline values, fewer than 2"]
