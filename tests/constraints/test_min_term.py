"""The ``min_term`` rule: a floor on a term's raw value, with two faces that agree."""

from __future__ import annotations

import itertools

import pytest
from pydantic import ValidationError

from matcher import Problem, Project, Student, check, solve
from matcher.constraints.min_term import MinTerm
from matcher.model import ModelBuilder
from matcher.rules import Rules


def problem(**floors: int) -> Problem:
    students = [Student(id="a", discipline="bio", preferences=("P", "Q")),
                Student(id="b", discipline="bio", preferences=("P", "Q")),
                Student(id="c", discipline="info", preferences=("Q", "P"))]
    return Problem(students=students,
                   projects=[Project(id="P", max_size=2), Project(id="Q", max_size=2)],
                   rules=Rules(min_term=floors))


@pytest.mark.parametrize("k", [4, 5, 6, 7])
def test_model_accepts_exactly_what_violations_accept(k: int) -> None:
    from ortools.sat.python import cp_model

    p = problem(preference=k)
    rule = MinTerm("preference", k)
    for combo in itertools.product(["P", "Q"], repeat=3):
        a = dict(zip("abc", combo, strict=True))
        builder = ModelBuilder(p, [rule])
        builder.post_all()
        builder.fix(a)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        accepted = solver.solve(builder.model) == cp_model.OPTIMAL
        assert accepted == (rule.violations(p, a) == [])


def test_floor_holds_in_solve_and_check() -> None:
    # without the floor the best objective puts a and b on P (preference 6, 2 disciplines)
    r = solve(problem(discipline=3), workers=1)
    assert r.terms["discipline"] >= 3 and check(r._problem, r.assignment) == []
    assert solve(problem(preference=7), workers=1).status.value == "INFEASIBLE"
    assert [str(v) for v in check(problem(preference=6), {"a": "Q", "b": "P", "c": "P"})] \
        == ["[min_term] preference is 4, below 6"]


def test_unknown_term_is_named() -> None:
    with pytest.raises(ValidationError, match="rules.min_term: unknown scoring term 'nope'"):
        problem(nope=1)
