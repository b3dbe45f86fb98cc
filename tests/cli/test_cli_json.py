"""``matcher solve-json`` and ``matcher schema``: the JSON door for other languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import PROJECTS, STUDENTS, cli, run

from matcher import read_problem
from matcher.request import SolveRequest
from matcher.result import Result


@pytest.fixture(scope="module")
def problem_json() -> dict:
    return json.loads(read_problem(STUDENTS, PROJECTS).model_dump_json())


def test_request_file_with_weights_and_solver(problem_json: dict, tmp_path: Path) -> None:
    request = {"problem": problem_json, "weights": {"institution": 0},
               "solver": {"time_limit": 30, "workers": 1, "seed": 2}}
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    result = cli("solve-json", path)
    assert result.exit_code == 0, result.stderr
    out = Result.model_validate_json(result.stdout)
    assert out.status.value in ("OPTIMAL", "FEASIBLE")
    assert out.weights["institution"] == 0 and out.weights["discipline"] == 10
    assert (out.time_limit_s, out.workers, out.seed) == (30, 1, 2)
    assert len(out.assignment) == 40 and all(out.assignment.values())


@pytest.mark.slow
def test_bare_problem_on_stdin_in_a_real_process(problem_json: dict) -> None:
    proc = run("solve-json", "-", "--time-limit", 60, input=json.dumps(problem_json))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # choices first (the default): nobody unranked, then the best weighted sum under that
    assert out["status"] == "OPTIMAL" and out["objective"] == 758
    assert out["choices_first"] and out["unranked"] == out["unranked_minimum"] == 0


def test_infeasible_gives_the_result_and_exit_1() -> None:
    problem = {"students": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
               "projects": [{"id": "P", "max_size": 2}]}
    result = cli("solve-json", input=json.dumps(problem))
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["status"] == "INFEASIBLE" and out["reasons"]


def test_bad_json_and_bad_problems_exit_2(problem_json: dict, tmp_path: Path) -> None:
    result = cli("solve-json", input='{"students": [}')
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"]["code"] == "invalid_input"
    assert "<stdin>, line 1" in result.stderr and "not valid JSON" in result.stderr
    problem = dict(problem_json)
    students = [dict(s) for s in problem["students"]]
    students[3] = {**students[3], "preferences": ["p02"]}
    problem["students"] = students
    result = cli("solve-json", input=json.dumps({"problem": problem}))
    assert result.exit_code == 2
    assert "key 'problem.students[3].preferences'" in result.stderr
    assert "did you mean 'P02'?" in result.stderr
    result = cli("solve-json", input=json.dumps({"problem": problem_json,
                                                 "weights": {"blau.colour": 1}}))
    assert result.exit_code == 2 and "unknown attribute 'colour'" in result.stderr
    result = cli("solve-json", input=json.dumps({"problem": problem_json, "solverr": {}}))
    assert result.exit_code == 2 and "solverr" in result.stderr
    result = cli("solve-json", tmp_path / "nope.json")
    assert result.exit_code == 2 and "file not found" in result.stderr
    result = cli("solve-json", input="[1, 2]")
    assert result.exit_code == 2 and "expected a JSON object" in result.stderr


def test_bad_input_writes_the_error_object_on_stdout(problem_json: dict) -> None:
    problem = dict(problem_json)
    problem["students"] = [{**problem["students"][0], "preferences": ["p02"]},
                           *problem["students"][1:]]
    problem["weights"] = {"disciplin": 3}
    proc = run("solve-json", "-", input=json.dumps({"problem": problem,
                                                    "weights": {"blau.colour": 1}}))
    assert proc.returncode == 2
    error = json.loads(proc.stdout)["error"]
    assert error["code"] == "invalid_request" and set(error) == {"code", "message", "details"}
    by_path = {d["path"]: d for d in error["details"]}
    assert by_path["problem.students[0].preferences"]["value"] == "p02"
    assert by_path["problem.students[0].preferences"]["hint"] == "did you mean 'P02'?"
    assert by_path["problem.students[0].preferences"]["file"] == "<stdin>"
    assert "problem.weights.disciplin" in by_path
    assert "did you mean" in proc.stderr  # the words stay on stderr


def test_schema(problem_json: dict) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schemas = json.loads(result.stdout)
    assert set(schemas) == {"request", "problem", "result"}
    assert "problem" in schemas["request"]["properties"]
    assert {"status", "objective", "best_bound", "gap", "assignment"} <= set(
        schemas["result"]["properties"])
    only = json.loads(cli("schema", "result").stdout)
    assert only == schemas["result"]
    assert cli("schema", "nope").exit_code == 2
    # the schema describes what solve-json accepts
    SolveRequest.model_validate({"problem": problem_json})
