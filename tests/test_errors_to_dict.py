"""Every :class:`~matcher.errors.MatcherError` reads as JSON-safe data (issue 21, item 4)."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

import matcher
from matcher import (
    ArgumentError,
    InputError,
    InputErrors,
    InvalidProblemError,
    MatcherError,
    Problem,
    ProblemValidationError,
    Project,
    Student,
)
from matcher.errors import MissingExtra
from matcher.issues import RecordIssue


def test_validation_errors_are_matcher_errors_and_exported() -> None:
    assert issubclass(ProblemValidationError, MatcherError)
    assert issubclass(InvalidProblemError, MatcherError)
    assert issubclass(InvalidProblemError, ValidationError)
    assert {"ProblemValidationError", "InvalidProblemError", "ArgumentError"} <= set(
        matcher.__all__)


def test_an_invalid_problem_is_located_by_path_and_dumps() -> None:
    with pytest.raises(MatcherError) as caught:
        Problem(students=[Student(id="a", preferences=("Q",)), Student(id="a")],
                projects=[Project(id="P", max_size=2, attributes={"w": float("nan")})])
    data = caught.value.to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text) == data
    assert data["code"] == "invalid_problem" and data["message"] == "2 problems in the input"
    paths = {d["path"]: d for d in data["details"]}
    assert paths["students[1].id"]["index"] == 1 and paths["students[1].id"]["value"] == "a"
    assert paths["students[0].preferences"]["field"] == "preferences"


def test_pydantic_errors_of_a_problem_are_located_too() -> None:
    with pytest.raises(InvalidProblemError) as caught:
        Problem.model_validate({"students": [{"id": "a"}],
                                "projects": [{"id": "P", "max_size": "many"}]})
    (only,) = caught.value.to_dict()["details"]
    assert only["path"] == "projects[0].max_size" and only["index"] == 0
    assert only["field"] == "max_size" and only["value"] == "many"


@pytest.mark.parametrize("error", [
    InputError("bad", file="s.csv", row=3, column="x", value=float("inf"), hint="fix"),
    InputErrors([InputError("one", value={1, 2}), InputError("two", row=2)]),
    ProblemValidationError([RecordIssue("students", 0, "id", "dup", object())]),
    ArgumentError("workers", -3, "at least 1"),
    MissingExtra("needs matplotlib", extra="plot"),
])
def test_to_dict_never_raises(error: MatcherError) -> None:
    data = error.to_dict()
    assert set(data) == {"code", "message", "details"} and data["details"]
    json.dumps(data, allow_nan=False)
    for d in data["details"]:
        assert {"value", "message", "hint"} <= set(d)
        assert ({"file", "row", "column"} <= set(d)) or ({"path", "index", "field"} <= set(d)) \
            or "field" in d


def test_input_error_keeps_its_location() -> None:
    (d,) = InputError("bad", file="s.csv", row=3, column="x", value=2).to_dict()["details"]
    assert (d["file"], d["row"], d["column"], d["value"]) == ("s.csv", 3, "x", 2)
