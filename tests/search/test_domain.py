"""Restricted domains keep the rules that tie students to ideas or to each other satisfiable,
and a large cohort with rules the LP ignores still gets teams (a wider restriction)."""

from __future__ import annotations

import importlib

import pytest
from tests_search_helpers import problem_from_frames

from matcher.check import check
from matcher.problem import Problem, Project, Student
from matcher.rules import Rules
from matcher.sample import generate_cohort
from matcher.search.domain import close_under_rules
from matcher.solve import solve


def test_keep_together_members_share_a_domain_and_fixed_ideas_stay():
    students = [Student(id=f"S{i}", preferences=(f"P{i % 3}",)) for i in range(4)]
    projects = [Project(id=f"P{j}", min_size=1, max_size=4) for j in range(3)]
    problem = Problem(students=students, projects=projects,
                      rules=Rules(keep_together=[["S0", "S1"]], fixed={"S3": "P2"}))
    allowed = [[0], [1], [2], [0]]
    closed = close_under_rules(problem, allowed)
    assert closed[0] == closed[1] == [0, 1]
    assert closed[2] == [2]
    assert closed[3] == [0, 2]
    assert allowed == [[0], [1], [2], [0]]  # the input is not modified


@pytest.fixture
def small_dense_limit(monkeypatch):
    """Send a small cohort down the large-cohort path."""
    monkeypatch.setattr(importlib.import_module("matcher.search.thresholds"),
                        "DENSE_PAIR_LIMIT", 100)


@pytest.mark.slow
def test_rules_the_lp_ignores_still_get_teams_on_a_large_cohort_path(small_dense_limit):
    problem = problem_from_frames(*generate_cohort(80, 12, seed=5))
    ids = [s.id for s in problem.students]
    rules = Rules(max_per_value={"discipline": 3},
                  keep_together=[ids[i:i + 2] for i in range(0, 12, 2)])
    problem = problem.with_changes(rules=rules)
    result = solve(problem, workers=2, time_limit=20)
    assert result.has_solution, result.status
    assert check(problem, result.assignment) == []
    assert result.best_bound >= result.objective
