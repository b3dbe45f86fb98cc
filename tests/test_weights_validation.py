"""The weights are validated where they are resolved (:func:`matcher.registry.effective_weights`),
not by the ``Problem`` model: ``problem.py`` needs no registry, so no import cycle through the
plug-ins; the messages stay the same."""

from __future__ import annotations

import ast
import pathlib

import pytest

from matcher.problem import Problem, ProblemValidationError, Project, Student
from matcher.registry import effective_weights
from matcher.solve import solve

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _problem(**weights: int) -> Problem:
    return Problem(students=[Student(id="a", discipline="bio"), Student(id="b")],
                   projects=[Project(id="P", max_size=2)], weights=weights or {"preference": 1})


def test_problem_module_imports_no_registry():
    tree = ast.parse((ROOT / "matcher" / "problem.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in imported if m and m.startswith(("matcher.registry", "matcher.model",
                                                            "matcher.constraints",
                                                            "matcher.scoring"))}


@pytest.mark.parametrize("weights, message", [
    ({"nope": 1}, "weights.nope: unknown scoring term 'nope'"),
    ({"coverage.colour": 1}, "weights.coverage.colour: unknown attribute 'colour'"),
    ({"blau": 1}, "scoring term 'blau' needs an attribute"),
])
def test_unknown_terms_are_named_where_weights_are_resolved(weights, message):
    problem = _problem(**weights)  # the model itself no longer names terms
    with pytest.raises(ProblemValidationError, match=message):
        effective_weights(problem)
    with pytest.raises(ValueError, match=message):
        solve(problem, workers=1)
    with pytest.raises(ProblemValidationError, match=message):
        effective_weights(_problem(), weights)


def test_valid_weights_resolve_as_before():
    assert effective_weights(_problem(), {"coverage.discipline": 3}) == {
        "preference": 1, "discipline": 3}
