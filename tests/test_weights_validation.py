"""The weights are validated when the ``Problem`` is built (through the rules' model, which the
registry builds: ``problem.py`` imports no registry, so no import cycle through the plug-ins)
and where weights given to a call are resolved (:func:`matcher.registry.effective_weights`);
the messages stay the same."""

from __future__ import annotations

import ast
import json
import pathlib

import pytest
from pydantic import ValidationError

from matcher import InvalidProblemError, MatcherError
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
def test_unknown_terms_are_refused_when_the_problem_is_built(weights, message):
    with pytest.raises(InvalidProblemError, match=message) as caught:
        _problem(**weights)
    assert isinstance(caught.value, MatcherError) and isinstance(caught.value, ValidationError)
    data = caught.value.to_dict()
    assert data["code"] == "invalid_problem"
    assert data["details"][0]["path"] == f"weights.{next(iter(weights))}"
    json.dumps(data)
    with pytest.raises(InvalidProblemError, match=message):
        Problem.model_validate(_problem().model_dump() | {"weights": weights})
    with pytest.raises(InvalidProblemError, match=message):
        Problem.model_validate_json(json.dumps(_problem().model_dump() | {"weights": weights}))
    with pytest.raises(InvalidProblemError, match=message):
        _problem().with_changes(weights=weights)


@pytest.mark.parametrize("weights, message", [
    ({"nope": 1}, "weights.nope: unknown scoring term 'nope'"),
    ({"coverage.colour": 1}, "weights.coverage.colour: unknown attribute 'colour'"),
])
def test_unknown_terms_given_to_a_call_are_named_where_weights_are_resolved(weights, message):
    with pytest.raises(ProblemValidationError, match=message) as caught:
        effective_weights(_problem(), weights)
    assert isinstance(caught.value, MatcherError)
    assert caught.value.to_dict()["details"][0]["field"] == next(iter(weights))
    with pytest.raises(MatcherError, match=message):
        solve(_problem(), weights=weights, workers=1)


def test_valid_weights_resolve_as_before():
    assert effective_weights(_problem(), {"coverage.discipline": 3}) == {
        "preference": 1, "discipline": 3}
