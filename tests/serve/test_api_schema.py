"""The API's OpenAPI document: every JSON body typed, every answer's schema shown, the project's
error envelope declared (never FastAPI's own 422); real answers validate against the models
the document shows."""

from __future__ import annotations

import pytest
from serve_api_support import TEAMS, client, upload, wait_job

from matcher.rules import Rules
from matcher.serve.answers import CheckAnswer, ExplainAnswer, Health, Job, JobList, ProblemAnswer

__all__ = ["client"]

#: (method, path) -> the body's schema names, by media type.
BODIES = {
    ("post", "/api/v1/problems"): {"application/json": "ProblemRef",
                                   "multipart/form-data": "ProblemUpload"},
    ("post", "/api/v1/solve"): {"application/json": "JobRequest",
                                "multipart/form-data": "JobUpload"},
    ("post", "/api/v1/check"): {"application/json": "CheckRequest"},
    ("post", "/api/v1/explain"): {"application/json": "ExplainRequest"},
    ("post", "/api/v1/export"): {"application/json": "ExportRequest"},
}


@pytest.fixture
def doc(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


def test_every_body_is_typed_and_every_schema_it_names_is_there(doc):
    schemas = doc["components"]["schemas"]
    for (method, path), media in BODIES.items():
        content = doc["paths"][path][method]["requestBody"]["content"]
        assert {k: v["schema"]["$ref"].rsplit("/", 1)[1] for k, v in content.items()} == media
    text = str(doc)
    for ref in {part.split("'")[0] for part in text.split("#/components/schemas/")[1:]}:
        assert ref in schemas, ref
    assert {"Problem", "Rules", "SolverSettings", "Result", "Progress"} <= set(schemas)
    assert "HTTPValidationError" not in schemas  # FastAPI's own 422 is never answered


def test_every_operation_shows_its_answer_and_the_error_envelope(doc):
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            ok = next(v for k, v in op["responses"].items() if k.startswith("2"))
            assert ok["content"], (method, path)
            for media in ok["content"].values():
                assert media["schema"], (method, path)
            for code in ("400", "401", "422"):
                ref = op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorAnswer"), (method, path, code)


def test_the_answers_are_what_the_document_says(client):
    problem = upload(client)
    ProblemAnswer.model_validate(problem)
    assert Rules.model_validate(problem["rules"]) == Rules()
    ProblemAnswer.model_validate(client.get(f"/api/v1/problems/{problem['id']}").json())
    body = {"problem_id": problem["id"], "assignment": TEAMS}
    CheckAnswer.model_validate(client.post("/api/v1/check", json=body).json())
    ExplainAnswer.model_validate(client.post("/api/v1/explain", json={
        **body, "student": "S1", "time_limit": 5}).json())
    jid = client.post("/api/v1/solve", json={"problem_id": problem["id"],
                                             "solver": {"time_limit": 1}}).json()["id"]
    Job.model_validate(wait_job(client, jid))
    JobList.model_validate(client.get("/api/v1/jobs").json())
    Health.model_validate(client.get("/api/v1/health").json())


def test_a_body_the_model_refuses_gets_the_project_s_envelope(client):
    pid = upload(client)["id"]
    r = client.post("/api/v1/check", content=b'{"problem_id": "x",\n "assignment": }',
                    headers={"content-type": "application/json"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_problem" and error["details"][0]["row"] == 2
    assert error["details"][0]["message"].startswith("not valid JSON")
    r = client.post("/api/v1/check", json=[1, 2])
    assert r.status_code == 422 and r.json()["error"]["details"][0]["message"] == \
        "expected a JSON object"
    r = client.post("/api/v1/explain", json={"problem_id": pid, "assignment": TEAMS,
                                             "student": "S1", "time_limit": "soon"})
    assert r.status_code == 422
    assert [d["column"] for d in r.json()["error"]["details"]] == ["time_limit"]
    r = client.post("/api/v1/check", content=b"", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert [d["column"] for d in r.json()["error"]["details"]] == ["assignment"]


def test_the_rules_schema_is_the_rules_model_s(client):
    r = client.get("/api/v1/rules/schema")
    assert r.status_code == 200 and r.json() == Rules.model_json_schema()


def test_a_json_body_without_a_json_content_type_is_refused(client):
    """A page on another origin may send ``text/plain`` (or no type, or a form) without asking
    the browser first, never JSON: so only a JSON content type carries a JSON body (415)."""
    import json

    pid = upload(client)["id"]
    body = json.dumps({"problem_id": pid, "assignment": TEAMS}).encode()
    typed = client.post("/api/v1/check", content=body,
                        headers={"content-type": "application/json; charset=utf-8"})
    assert typed.status_code == 200, typed.text
    vendor = client.post("/api/v1/check", content=body,
                         headers={"content-type": "application/vnd.matcher+json"})
    assert vendor.status_code == 200 and vendor.json() == typed.json()
    for headers in ({}, {"content-type": "application/x-www-form-urlencoded"},
                    {"content-type": "text/plain"}, {"content-type": "text/plain;charset=UTF-8"},
                    {"content-type": "multipart/form-data; boundary=x"}):
        r = client.post("/api/v1/check", content=body, headers=headers)
        assert r.status_code == 415, (headers, r.text)
        assert r.json()["error"]["code"] == "unsupported_media_type"
        assert r.headers["x-content-type-options"] == "nosniff"


def _typed(schema: dict) -> bool:
    """A schema that says something: a reference, a type, or a union of typed schemas (never
    ``{}``, which is ``Any``)."""
    if "$ref" in schema or "type" in schema:
        return True
    alternatives = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    return bool(alternatives) and all(_typed(s) for s in alternatives)


def test_the_document_is_valid_openapi_and_every_operation_is_typed(doc):
    from openapi_spec_validator import validate

    validate(doc)  # raises on any departure from OpenAPI 3.1
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            body = op.get("requestBody")
            if method in ("post", "put", "patch"):
                assert body and body["required"], (method, path)
            for media in (body or {}).get("content", {}).values():
                assert _typed(media["schema"]), (method, path)
            ok = {k: v for k, v in op["responses"].items() if k.startswith("2")}
            assert ok, (method, path)
            for answer in ok.values():
                for media in answer["content"].values():
                    assert _typed(media["schema"]), (method, path, media)
            for code in ("403", "404", "413", "500", "503"):
                assert op["responses"][code]["content"]["application/json"]["schema"] == \
                    {"$ref": "#/components/schemas/ErrorAnswer"}, (method, path, code)


def test_the_token_is_declared_on_every_operation(doc, tmp_path):
    from serve_api_support import make_client

    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert schemes["token"] == {**schemes["token"], "type": "apiKey", "in": "query"}
    for operations in doc["paths"].values():
        for op in operations.values():  # a loopback server without a token: optional
            assert op["security"] == [{"bearer": []}, {"token": []}, {}]
    with make_client(tmp_path / "t", token="s3cret") as c:
        assert c.get("/openapi.json").status_code == 401  # the document too needs it
        guarded = c.get("/openapi.json", headers={"Authorization": "Bearer s3cret"}).json()
    for operations in guarded["paths"].values():
        for op in operations.values():
            assert op["security"] == [{"bearer": []}, {"token": []}]


def test_every_json_body_has_an_example_the_server_takes(doc, client):
    """Each example is valid for its model, and the server answers it (with the problem id
    of a real upload put in)."""
    from matcher.serve import requests

    pid = upload(client)["id"]
    for (method, path), media in BODIES.items():
        content = doc["paths"][path][method]["requestBody"]["content"]["application/json"]
        example = content["example"]
        getattr(requests, media["application/json"]).model_validate(example)
        if "problem_id" in example:
            example = {**example, "problem_id": pid}
        r = client.post(path, json=example)
        assert r.status_code in (200, 201, 202), (path, r.text)
