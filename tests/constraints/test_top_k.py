"""Tests of :mod:`matcher.constraints.top_k`: both faces of the ``top_k`` rule."""

from __future__ import annotations

from faces import (
    assert_rule_alone_solution_passes,
    assert_rule_faces_agree,
    rule_cases,
    rule_messages,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.problem import Problem, Project, Student
from matcher.registry import RULES
from matcher.rules import Rules

RULE = "top_k"


@settings(max_examples=60, deadline=None)
@given(rule_cases(RULE))
def test_model_forbids_exactly_what_check_rejects(case):
    assert_rule_faces_agree(*case)


@settings(max_examples=25, deadline=None)
@given(rule_cases(RULE), st.lists(st.integers(-5, 5), min_size=21, max_size=21))
def test_solutions_of_the_rule_alone_pass_its_check(case, coefficients):
    problem, rule, _ = case
    assert_rule_alone_solution_passes(problem, rule, coefficients)


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
