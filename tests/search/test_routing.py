"""The routing predicates (:mod:`matcher.search.routing`) say yes with ``None`` and no with
the reason, and agree with the paths they choose."""

from __future__ import annotations

from hypothesis import given, settings
from strategies import problems

from matcher.problem import Problem, Project, Student
from matcher.rules import Rules
from matcher.search.compiled import compile_problem
from matcher.search.routing import heuristic_rules, local_search_reason, warm_start_reason


def _problem(rules: Rules | None = None, weights: dict[str, int] | None = None) -> Problem:
    students = [Student(id=f"S{i}", discipline="bio" if i % 2 else "cs", institution="UT",
                        preferences=("P1", "P2")) for i in range(4)]
    projects = [Project(id="P1", min_size=1, max_size=3), Project(id="P2", min_size=1,
                                                                   max_size=3)]
    return Problem(students=students, projects=projects, rules=rules or Rules(),
                   weights=weights or {"preference": 1, "discipline": 1, "institution": 1})


def test_the_heuristics_apply_to_preferences_and_coverage():
    problem = _problem()
    assert warm_start_reason(problem) is None
    assert local_search_reason(problem) is None
    assert heuristic_rules(problem) is not None


def test_students_left_without_a_team_are_the_reason_of_a_no():
    reason = warm_start_reason(_problem(Rules(allow_unassigned=True)))
    assert reason is not None and "without a team" in reason


def test_a_term_scored_move_by_move_is_named():
    reason = warm_start_reason(_problem(weights={"preference": 1, "pairwise": 1}))
    assert reason is not None and "'pairwise'" in reason


def test_a_rule_without_a_keep_face_is_the_reason_of_a_no():
    problem = _problem(Rules(min_term={"preference": 1}))
    assert heuristic_rules(problem) is None
    reason = warm_start_reason(problem)
    assert reason is not None and "keep face" in reason
    assert local_search_reason(problem) == reason


@settings(max_examples=60, deadline=None)
@given(problems())
def test_the_compiled_problem_reads_the_same_answer(problem):
    assert compile_problem(problem).warm_start_applies is (warm_start_reason(problem) is None)
