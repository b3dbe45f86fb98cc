"""One schema, one truth (issue 21, item 3): the JSON Schema ``matcher schema request`` prints
and the code (:func:`matcher.request.parse_request`) accept and refuse the same requests.

Requests are generated valid, then mutated on one field at a time (ids, sizes, flags, weights,
solver settings, the version, an unknown key); each is checked by ``jsonschema`` and by the
code, which must agree. The generator keeps what JSON Schema cannot say true (unique ids,
references to records that exist, ``min_size <= max_size`` outside the mutated field,
attribute terms naming an attribute of the cohort): those are the code's alone
(:func:`matcher.request.schemas`).
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.errors import InputError
from matcher.request import parse_request, schemas

SCHEMA = schemas()["request"]
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

IDS = st.sampled_from(["S1", "a b", "élève 7", "P-01", "x", "12", "Ω"])


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    """A valid request: unique ids, preferences among the projects, sizes in order."""
    project_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    student_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    projects = []
    for pid in project_ids:
        low = draw(st.integers(1, 3))
        project: dict[str, Any] = {"id": pid, "max_size": draw(st.integers(low, 6))}
        if draw(st.booleans()):
            project["min_size"] = low
        if draw(st.booleans()):
            project["optional"] = draw(st.booleans())
        projects.append(project)
    students = [{"id": sid, "discipline": draw(st.sampled_from(["bio", "art", ""])),
                 "preferences": draw(st.permutations(project_ids))[:draw(st.integers(0, 2))]}
                for sid in student_ids]
    term = st.sampled_from(["preference", "discipline", "institution", "coverage.discipline",
                            "blau.discipline", "min_points", "balance.institution"])
    weight = st.one_of(st.integers(-5, 20), st.integers(0, 9).map(float))
    request: dict[str, Any] = {"problem": {"students": students, "projects": projects}}
    if draw(st.booleans()):
        request["problem"]["weights"] = draw(st.dictionaries(term, weight, max_size=3))
    if draw(st.booleans()):
        request["weights"] = draw(st.dictionaries(term, weight, max_size=3))
    if draw(st.booleans()):
        request["solver"] = draw(st.fixed_dictionaries({}, optional={
            "time_limit": st.floats(0.001, 100), "workers": st.integers(1, 8),
            "seed": st.integers(-5, 5)}))
    if draw(st.booleans()):
        request["version"] = 1
    return request


#: Replacement values per field: some valid, most not.
ID_VALUES = ["", " ", "  x  ", "a\u200bb", "\u202eab", "\t", "x\n", 3, None, "ok"]
MUTATIONS: dict[str, list[Any]] = {
    "student_id": ID_VALUES,
    "project_id": ID_VALUES,
    "min_size": [0, -1, "1", 1.0, 1.5, True, None, 1],
    "max_size": [0, -3, "5", 6.0, 6.5, True, None, 10],
    "optional": ["yes", 1, 0, None, True, False],
    "weight_value": [1, 2.0, 2.5, "3", True, -1, None],
    "weight_name": ["nope", "coverage", "coverage.discipline", "blau.discipline", "discipline",
                    "Preference", "coverage.", "moves", "wishes", "min_coverage.discipline"],
    "time_limit": [0, -1, 0.001, "5", True, 30, None],
    "workers": [0, -1, 1, 2.0, "2", 1.5, None],
    "seed": [1.5, "1", -5, 3, None, True],
    "version": [1, 2, "1", 1.0, None],
    "extra": ["solverr", "problem_", "Weights"],
}


def mutate(request: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(request))
    problem = out["problem"]
    if field == "student_id":
        problem["students"][0]["id"] = value
    elif field == "project_id":  # renamed everywhere it is referred to, by the id kept
        old = problem["projects"][0]["id"]
        problem["projects"][0]["id"] = value
        kept = value.strip() if isinstance(value, str) else value
        for s in problem["students"]:
            s["preferences"] = [kept if p == old else p for p in s["preferences"]]
    elif field in ("min_size", "max_size", "optional"):
        problem["projects"][0][field] = value
    elif field == "weight_value":
        out.setdefault("weights", {})["preference"] = value
    elif field == "weight_name":
        out.setdefault("weights", {})[value] = 1
    elif field in ("time_limit", "workers", "seed"):
        out.setdefault("solver", {})[field] = value
    elif field == "version":
        out["version"] = value
    else:
        out[value] = {}
    return out


def code_accepts(request: dict[str, Any]) -> bool:
    try:
        parse_request(request)
    except InputError:
        return False
    return True


def schema_accepts(request: dict[str, Any]) -> bool:
    return VALIDATOR.is_valid(request)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_valid_requests_are_valid_for_both(request: dict[str, Any]) -> None:
    assert schema_accepts(request), list(VALIDATOR.iter_errors(request))
    assert code_accepts(request)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests(), st.sampled_from(sorted(MUTATIONS)), st.data())
def test_schema_and_code_agree_on_mutated_requests(request: dict[str, Any], field: str,
                                                   data: st.DataObject) -> None:
    value = data.draw(st.sampled_from(MUTATIONS[field]), label="value")
    mutated = mutate(request, field, value)
    key = value.strip() if isinstance(value, str) else value  # the id the code keeps
    if field == "student_id" and key in {s["id"] for s in mutated["problem"]["students"][1:]}:
        return  # a duplicate id: the code's alone
    if field == "project_id" and key in {p["id"] for p in mutated["problem"]["projects"][1:]}:
        return
    by_schema, by_code = schema_accepts(mutated), code_accepts(mutated)
    assert by_schema == by_code, (field, value, by_schema, by_code, mutated)


@pytest.mark.parametrize("which", ["request", "problem", "result"])
def test_each_schema_has_an_id_and_a_version(which: str) -> None:
    schema = schemas()[which]
    assert schema["$id"] == f"https://matcher-teams.example/schema/{which}/v1"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_cases_of_the_issue() -> None:
    base = {"problem": {"students": [{"id": "S1"}], "projects": [{"id": "P", "max_size": 2}]}}
    for bad in (mutate(base, "student_id", " "), mutate(base, "min_size", 0),
                mutate(base, "weight_name", "nope"), mutate(base, "max_size", "1"),
                mutate(base, "optional", "yes"), mutate(base, "workers", "2")):
        assert not schema_accepts(bad) and not code_accepts(bad), bad
