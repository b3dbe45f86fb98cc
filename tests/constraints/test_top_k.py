"""Tests of :mod:`matcher.constraints.top_k`: the ``top_k`` rule on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student
from matcher.registry import RULES
from matcher.rules import Rules

RULE = "top_k"


def messages(problem: Problem, assignment: dict) -> list[str]:
    """The rule's violation messages; also checks the model agrees on this assignment."""
    return rule_messages(RULE, problem, assignment)


def _problem() -> Problem:
    students = [Student(id="a", preferences=("P", "Q", "R")), Student(id="b")]
    return Problem(students=students,
                   projects=[Project(id=i, max_size=2, optional=True) for i in "PQR"],
                   rules=Rules(top_k=2))


def test_within_top_k_passes_and_students_without_ranking_are_free():
    assert messages(_problem(), {"a": "Q", "b": "R"}) == []


def test_outside_top_k_is_reported():
    assert messages(_problem(), {"a": "R", "b": "R"}) == [
        "student a is on R, not among their top 2 choices"]


def test_outside_top_k_is_pruned_from_the_model():
    from matcher.model import ModelBuilder

    p = _problem()
    builder = ModelBuilder(p, RULES[RULE].from_problem(p))
    assert (0, 2) not in builder.x and (1, 2) in builder.x
    assert builder.fix({"a": "R"}) is False
