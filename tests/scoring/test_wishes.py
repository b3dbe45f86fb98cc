"""Tests of :mod:`matcher.scoring.wishes`: wishes granted, on hand-made examples.

Both faces are compared on random cases in test_term_faces.py.
"""

from __future__ import annotations

from faces import checked_value

from matcher.model import ModelBuilder
from matcher.problem import Problem, Project, Student
from matcher.registry import (
    DEFAULT_WISHES_WEIGHT,
    effective_weights,
    make_constraints,
    make_term,
)
from matcher.solve import solve
from matcher.teammates import wish_figures


def _problem(wishes: dict[str, tuple[str, ...]], refused: dict | None = None) -> Problem:
    refused = refused or {}
    return Problem(
        students=[Student(id=i, wishes=wishes.get(i, ()), refused=refused.get(i, ()))
                  for i in "abcd"],
        projects=[Project(id="P", max_size=4), Project(id="Q", max_size=4)])


def test_a_wish_counts_once_a_mutual_wish_twice():
    one = _problem({"a": ("b",)})
    assert checked_value("wishes", one, {"a": "P", "b": "P"}) == 1
    assert checked_value("wishes", one, {"a": "P", "b": "Q"}) == 0
    mutual = _problem({"a": ("b",), "b": ("a",)})
    assert checked_value("wishes", mutual, {"a": "Q", "b": "Q"}) == 2


def test_several_wishes_and_no_team():
    p = _problem({"a": ("b", "c"), "d": ("a",)})
    assert checked_value("wishes", p, {"a": "P", "b": "P", "c": "P", "d": "Q"}) == 2
    assert checked_value("wishes", p, {"a": "P", "b": "P", "c": "Q", "d": "P"}) == 2
    # two students without a team are not "together"
    assert checked_value("wishes", p, {"a": None, "b": None, "c": None, "d": None}) == 0


def test_model_is_sparse_one_boolean_per_wish_and_shared_project():
    # b refuses Q: the pair (a, b) can only meet on P
    p = _problem({"a": ("b",), "c": ("d",)}, refused={"b": ("Q",)})
    builder = ModelBuilder(p, make_constraints(p))
    variables = builder.model.proto.variables
    before = len(variables)
    make_term("wishes").expression(builder)
    names = sorted(variables[i].name for i in range(before, len(variables)))
    assert names == ["with[a,b,P]", "with[c,d,P]", "with[c,d,Q]"]


def test_default_weight_only_when_someone_wishes():
    assert effective_weights(_problem({"a": ("b",)}))["wishes"] == DEFAULT_WISHES_WEIGHT
    assert "wishes" not in effective_weights(_problem({}))
    assert effective_weights(_problem({"a": ("b",)}), {"wishes": 0})["wishes"] == 0


def test_solve_grants_a_wish_that_costs_less_than_it_is_worth():
    # a and b wish each other; a prefers P, b prefers Q: one of them moves down one rank (1
    # point) to grant 2 wishes (2 x 3)
    students = [Student(id="a", preferences=("P", "Q"), wishes=("b",)),
                Student(id="b", preferences=("Q", "P"), wishes=("a",))]
    p = Problem(students=students, projects=[Project(id="P", max_size=2),
                                             Project(id="Q", max_size=2, optional=True)])
    r = solve(p, workers=1)
    assert r.status.value == "OPTIMAL"
    assert r.assignment["a"] == r.assignment["b"]
    assert r.terms["wishes"] == 2
    # with weight 0 each gets their favourite
    r0 = solve(p, weights={"wishes": 0}, workers=1)
    assert r0.assignment == {"a": "P", "b": "Q"}


def test_wish_figures():
    p = _problem({"a": ("b", "c"), "b": ("a",), "d": ("c",)})
    f = wish_figures(p, {"a": "P", "b": "P", "c": "Q", "d": "Q"})
    assert (f.expressed, f.granted, f.wishers, f.satisfied) == (4, 3, 3, 3)
    f = wish_figures(p, {"a": "P", "b": "Q", "c": "Q", "d": None})
    assert (f.expressed, f.granted, f.wishers, f.satisfied) == (4, 0, 3, 0)
