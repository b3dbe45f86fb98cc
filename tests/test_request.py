"""The solve request (:mod:`matcher.request`): read from JSON, every error located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from matcher.errors import InputError, InputErrors
from matcher.request import SolveRequest, read_request, schemas, validation_errors

PROBLEM = {"students": [{"id": "S1", "preferences": ["P1"]}],
           "projects": [{"id": "P1", "max_size": 2}]}


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "request.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_wrapped_request_and_a_bare_problem_read_alike(tmp_path: Path) -> None:
    wrapped = read_request(_write(tmp_path, json.dumps(
        {"problem": PROBLEM, "weights": {"preference": 3}, "solver": {"time_limit": 5}})))
    assert wrapped.weights == {"preference": 3} and wrapped.solver.time_limit == 5
    bare = read_request(_write(tmp_path, json.dumps(PROBLEM)))
    assert bare.problem == wrapped.problem and bare.weights == {}


def test_bad_json_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, '{\n  "problem": ,\n}')
    with pytest.raises(InputError) as caught:
        read_request(path)
    assert (caught.value.file, caught.value.row) == (path, 2)


def test_an_unknown_weight_is_named_by_its_json_path(tmp_path: Path) -> None:
    path = _write(tmp_path, json.dumps({"problem": PROBLEM, "weights": {"nonsense": 1}}))
    with pytest.raises(InputErrors) as caught:
        read_request(path)
    assert [e.column for e in caught.value.errors] == ["weights.nonsense"]


def test_validation_errors_name_the_field_and_the_value() -> None:
    bad = {"problem": {**PROBLEM, "students": [{"id": "S1", "preferences": "P1"}]},
           "solver": {"time_limit": "soon"}}
    with pytest.raises(ValidationError) as caught:
        SolveRequest.model_validate(bad)
    errors = validation_errors(caught.value, "req.json").errors
    columns = {e.column: e.value for e in errors}
    assert columns["solver.time_limit"] == "soon"
    assert "problem.students[0].preferences" in columns
    assert all(e.file == "req.json" for e in errors)


def test_schemas_describe_the_request_the_problem_and_the_result() -> None:
    assert set(schemas()) == {"request", "problem", "result"}
    assert "problem" in schemas()["request"]["properties"]
