"""Arguments are refused with a clear, located error, never taken silently (issue 21, item 5):
in the library, the command line and the JSON request alike."""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path

import pytest

from matcher import (
    ArgumentError,
    CallbackError,
    MatcherError,
    Problem,
    Progress,
    Project,
    Student,
    check,
    objective,
    read_problem,
    score,
    solve,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _small() -> Problem:
    return Problem(students=[Student(id=f"S{i}", discipline="ab"[i % 2],
                                     preferences=("A", "B")) for i in range(4)],
                   projects=[Project(id="A", max_size=2), Project(id="B", max_size=2)])


@pytest.mark.parametrize("kwargs, argument", [
    ({"weights": {"discipline": 2.5}}, "weights.discipline"),
    ({"weights": {"discipline": True}}, "weights.discipline"),
    ({"weights": {"discipline": "2"}}, "weights.discipline"),
    ({"weights": {"discipline": math.nan}}, "weights.discipline"),
    ({"workers": -3}, "workers"),
    ({"workers": 0}, "workers"),
    ({"workers": 1.5}, "workers"),
    ({"time_limit": -1}, "time_limit"),
    ({"time_limit": 0}, "time_limit"),
    ({"time_limit": math.nan}, "time_limit"),
    ({"time_limit": math.inf}, "time_limit"),
    ({"gap_limit": -0.1}, "gap_limit"),
    ({"gap_limit": math.nan}, "gap_limit"),
    ({"seed": 1.5}, "seed"),
])
def test_solve_refuses_bad_arguments(kwargs: dict, argument: str) -> None:
    with pytest.raises(ArgumentError) as caught:
        solve(_small(), **kwargs)
    assert caught.value.argument == argument
    assert argument in str(caught.value)
    json.dumps(caught.value.to_dict(), allow_nan=False)
    assert caught.value.to_dict()["details"][0]["field"] == argument


def test_integral_float_weights_are_taken() -> None:
    result = solve(_small(), weights={"discipline": 2.0}, workers=1, time_limit=30)
    assert result.weights["discipline"] == 2 and result.status.value == "OPTIMAL"
    assert score(_small(), result.assignment, {"discipline": 3.0}) == score(
        _small(), result.assignment, {"discipline": 3})
    with pytest.raises(ArgumentError):
        objective(_small(), result.assignment, {"discipline": 2.5})


@pytest.mark.parametrize("assignment, argument", [
    ([("S1", "A")], "assignment"),
    ({1: "A"}, "assignment"),
    ({"S1": 3}, "assignment['S1']"),
    ({"S1": ["A"]}, "assignment['S1']"),
])
def test_a_malformed_assignment_is_a_located_error(assignment: object, argument: str) -> None:
    for call in (check, score):
        with pytest.raises(ArgumentError) as caught:
            call(_small(), assignment)  # type: ignore[arg-type]
        assert caught.value.argument == argument and isinstance(caught.value, MatcherError)


def test_a_raising_callback_stops_the_search_and_keeps_the_best_teams() -> None:
    problem = read_problem(SAMPLES / "students.csv", SAMPLES / "projects.csv")
    calls: list[Progress] = []

    def callback(progress: Progress) -> None:
        calls.append(progress)
        raise RuntimeError("the platform's queue is closed")

    with pytest.raises(CallbackError) as caught:
        solve(problem, workers=2, time_limit=60, callback=callback)
    error = caught.value
    assert isinstance(error.error, RuntimeError) and error.__cause__ is error.error
    assert "the platform's queue is closed" in str(error)
    assert len(calls) == 1  # never called again once it raised
    result = error.result  # the teams in hand when the callback raised, or better
    assert result.has_solution and check(problem, result.assignment) == []
    assert result.interrupted or result.status.value == "OPTIMAL"
    assert result.objective >= calls[0].objective
    assert error.to_dict()["code"] == "callback_failed"


def test_a_raising_callback_leaves_the_callers_stop_event_alone() -> None:
    stop = threading.Event()

    def callback(progress: Progress) -> None:
        raise ValueError("boom")

    with pytest.raises(CallbackError):
        solve(_small(), workers=1, time_limit=30, callback=callback, stop=stop)
    assert not stop.is_set()
