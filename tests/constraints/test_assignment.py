"""Tests of :mod:`matcher.constraints.assignment`: the ``assignment`` rule on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student
from matcher.registry import RULES
from matcher.rules import Rules

RULE = "assignment"


def messages(problem: Problem, assignment: dict) -> list[str]:
    """The rule's violation messages; also checks the model agrees on this assignment."""
    return rule_messages(RULE, problem, assignment)


def _two_students(**rules) -> Problem:
    return Problem(students=[Student(id="a"), Student(id="b")],
                   projects=[Project(id="P", max_size=2)], rules=Rules(**rules))


def test_every_student_needs_a_team():
    p = _two_students()
    assert messages(p, {"a": "P", "b": "P"}) == []
    assert messages(p, {"a": "P"}) == ["student b has no team"]
    assert messages(p, {"a": "P", "b": None}) == ["student b has no team"]


def test_unassigned_allowed_by_the_rule_option():
    p = _two_students(allow_unassigned=True)
    assert messages(p, {"a": "P"}) == []
    assert messages(p, {}) == []


def test_unknown_ids_are_reported():
    p = _two_students(allow_unassigned=True)
    (rule,) = RULES[RULE].from_problem(p)
    found = [v.message for v in rule.violations(p, {"z": "P", "a": "Q"})]
    assert found == ["unknown student 'z'", "student a is on unknown project 'Q'"]
