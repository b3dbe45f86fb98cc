"""The solver's optimum equals exhaustive search on tiny problems, for random weights and rules.

Brute force tries all ``(n_projects + 1) ** n_students`` plain assignments (each student on a
project or on none), keeps those every rule accepts (the rules of :func:`matcher.check`) and
scores them with the weighted objective of :func:`matcher.objective`. Neither face of any rule
or term touches the solver here.
"""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given, settings
from strategies import problems

from matcher.check import check, objective
from matcher.problem import Problem, Project, Student
from matcher.registry import make_constraints, make_terms
from matcher.result import Status
from matcher.rules import Rules
from matcher.solve import solve


def brute_force(problem: Problem) -> tuple[int | None, list[dict[str, str | None]]]:
    """(best objective, every valid assignment reaching it); ``(None, [])`` when no
    assignment is valid."""
    rules = make_constraints(problem)  # exactly what check() evaluates, built once
    terms = make_terms(problem)
    ids = [s.id for s in problem.students]
    options: list[str | None] = [p.id for p in problem.projects] + [None]
    best: int | None = None
    argmax: list[dict[str, str | None]] = []
    for combo in product(options, repeat=len(ids)):
        assignment = dict(zip(ids, combo, strict=True))
        if any(rule.violations(problem, assignment) for rule in rules):
            continue
        value = sum(w * t.value(problem, assignment) for t, w in terms)
        if best is None or value > best:
            best, argmax = value, [assignment]
        elif value == best:
            argmax.append(assignment)
    return best, argmax


def assert_solver_matches_brute_force(problem: Problem) -> None:
    """The plain weighted sum's optimum (``choices_first=False``) is brute force's; choices
    first has its own brute force in ``tests/search/test_lexicographic.py``."""
    best, argmax = brute_force(problem)
    result = solve(problem, workers=1, seed=0, choices_first=False)
    if best is None:
        assert result.status is Status.INFEASIBLE, (result.status, result.assignment)
        assert result.reasons  # in words, from the precheck or from CP-SAT
        return
    assert result.status is Status.OPTIMAL, (result.status, result.reasons, argmax[0])
    assert result.objective == best
    assert check(problem, result.assignment) == []
    assert objective(problem, result.assignment) == best
    assert check(problem, argmax[0]) == []  # brute force's filter is check()
    assert objective(problem, argmax[0]) == best


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(problems(max_students=7, max_projects=3))
def test_optimum_equals_exhaustive_search(problem):
    assert_solver_matches_brute_force(problem)


def test_brute_force_on_a_hand_example():
    # Two ideas of size 2, default objective: the best splits the disciplines.
    students = [Student(id="a", discipline="A", preferences=("P", "Q")),
                Student(id="b", discipline="A", preferences=("P", "Q")),
                Student(id="c", discipline="B", preferences=("Q", "P")),
                Student(id="d", discipline="B", preferences=("Q", "P"))]
    problem = Problem(students=students,
                      projects=[Project(id="P", min_size=2, max_size=2),
                                Project(id="Q", min_size=2, max_size=2)])
    best, argmax = brute_force(problem)
    # one A and one B per team: 10 * (2 + 2) disciplines, no institution known, points
    # 2 + 1 + 2 + 1
    assert best == 40 + 0 + 6
    assert {"a": "P", "b": "Q", "c": "Q", "d": "P"} in argmax
    assert_solver_matches_brute_force(problem)


def test_no_valid_assignment_is_infeasible():
    problem = Problem(students=[Student(id=i) for i in "abc"],
                      projects=[Project(id="P", min_size=2, max_size=2)],
                      rules=Rules(keep_apart=[["a", "b"]]))
    assert brute_force(problem) == (None, [])
    assert_solver_matches_brute_force(problem)


def _with_teammate_rules(problem: Problem) -> bool:
    return problem.rules.new_teammates is not None or any(
        s.wishes or s.avoid for s in problem.students)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(problems(max_students=7, max_projects=3).filter(_with_teammate_rules))
def test_optimum_equals_exhaustive_search_with_wishes_avoidances_and_rotations(problem):
    assert_solver_matches_brute_force(problem)


def test_brute_force_on_a_rotation_with_wishes():
    # a, b were teammates (A), so were c, d (B); a wishes c, b wishes d, c avoids b: the only
    # way to grant both wishes is {a, c} and {b, d}, which mixes the former teams
    students = [Student(id="a", wishes=("c",), attributes={"previous_team": "A"}),
                Student(id="b", wishes=("d",), attributes={"previous_team": "A"}),
                Student(id="c", avoid=("b",), attributes={"previous_team": "B"}),
                Student(id="d", attributes={"previous_team": "B"})]
    problem = Problem(students=students,
                      projects=[Project(id="P", min_size=2, max_size=2),
                                Project(id="Q", min_size=2, max_size=2)],
                      rules=Rules(new_teammates={"column": "previous_team"}),
                      weights={"wishes": 1})
    best, argmax = brute_force(problem)
    assert best == 2
    assert sorted(sorted(k for k, v in a.items() if v == "P") for a in argmax) == [
        ["a", "c"], ["b", "d"]]
    assert_solver_matches_brute_force(problem)
