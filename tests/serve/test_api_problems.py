"""``/api/v1/problems``: uploads read as the command reads files, located errors, limits."""

from __future__ import annotations

from serve_api_support import PROJECTS, STUDENTS, client, files, make_client, upload

from matcher.read import read_problem

__all__ = ["client"]


def test_an_upload_answers_the_problem_and_keeps_it(client):
    body = upload(client)
    assert [s["id"] for s in body["students"]] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert body["students"][0]["email"] == "ann@example.org"  # attributes beside the fields
    assert body["projects"][0] == {"id": "P1", "title": "One", "min_size": 2, "max_size": 2,
                                   "proposers": [], "optional": False, "theme": ""}
    assert body["weights"]["preference"] >= 1 and "max_per_value" in body["rules"]
    again = client.get(f"/api/v1/problems/{body['id']}")
    assert again.status_code == 200 and again.json() == body


def test_a_json_problem_is_kept_as_given(client, tmp_path):
    (tmp_path / "s.csv").write_bytes(STUDENTS)
    (tmp_path / "p.csv").write_bytes(PROJECTS)
    problem = read_problem(str(tmp_path / "s.csv"), str(tmp_path / "p.csv"))
    r = client.post("/api/v1/problems", json={"problem": problem.model_dump(mode="json")})
    assert r.status_code == 201
    assert len(r.json()["students"]) == 6
    r = client.post("/api/v1/problems", json={"problem": problem.model_dump(mode="json"),
                                              "weights": {"preference": 9},
                                              "rules": {"top_k": 2}})
    assert r.json()["weights"]["preference"] == 9 and r.json()["rules"]["top_k"] == 2
    r = client.post("/api/v1/problems", json={"problem": problem.model_dump(mode="json"),
                                              "weights": {"nonsense": 9}})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["column"] == \
        "weights.nonsense"


def test_a_config_file_sets_the_rules_and_its_errors_name_it(client):
    config = b"[rules]\nmax_per_value = { discipline = 1 }\n[weights]\npreference = 7\n"
    r = client.post("/api/v1/problems",
                    files={**files(), "config": ("rules.toml", config, "text/plain")})
    assert r.status_code == 201, r.text
    assert r.json()["rules"]["max_per_value"] == {"discipline": 1}
    assert r.json()["weights"]["preference"] == 7
    bad = client.post("/api/v1/problems",
                      files={**files(), "config": ("rules.toml", b"[rules\n", "text/plain")})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["file"] == "rules.toml"


def test_bad_files_answer_422_with_every_located_error(client):
    students = b"id,preferences\nA,P9\nB,P1\n"
    projects = b"id,max_size\nP1,2\nP2,zz\n"
    r = client.post("/api/v1/problems", files=files(students, projects, ("s.csv", "p.csv")))
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_problem"
    found = {(d["file"], d["row"], d["column"], d["value"]) for d in error["details"]}
    assert ("s.csv", 2, "preferences", "P9") in found
    assert ("p.csv", 3, "max_size", "zz") in found


def test_errors_follow_the_language_asked(client):
    students = b"id,preferences\nA,P9\n"
    r = client.post("/api/v1/problems?lang=fr", files=files(students))
    assert r.status_code == 422
    assert "inconnu" in r.json()["error"]["details"][0]["message"]
    r = client.post("/api/v1/problems", files=files(students),
                    headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert "inconnu" in r.json()["error"]["details"][0]["message"]
    r = client.get("/api/v1/problems/nope", headers={"Accept-Language": "en"})
    assert r.json()["error"]["message"] == "no problem with id 'nope'"


def test_a_missing_file_field_is_named(client):
    r = client.post("/api/v1/problems", files={"students": ("s.csv", STUDENTS, "text/csv")})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["column"] == "projects"


def test_an_unknown_problem_is_404(client):
    r = client.get("/api/v1/problems/does-not-exist")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/nothing-here").json()["error"]["code"] == "not_found"


def test_a_client_cannot_name_a_server_path(client, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_bytes(b"id,max_size\nSECRET,9\n")
    # the name is a path: only its last component is kept, for messages and the extension
    r = client.post("/api/v1/problems", files=files(
        b"id\n", PROJECTS, (str(secret), "../../" + str(secret))))
    assert r.status_code == 422
    text = r.text
    assert str(tmp_path) not in text and "SECRET" not in text
    assert r.json()["error"]["details"][0]["file"] == "secret.csv"
    # a JSON request has no field that names a file
    r = client.post("/api/v1/check", json={"problem_id": "x", "assignment": {},
                                           "students": str(secret)})
    assert r.status_code == 422 and "SECRET" not in r.text


def test_a_body_over_the_limit_is_413(tmp_path):
    with make_client(tmp_path / "data", max_upload_bytes=200) as small:
        r = small.post("/api/v1/problems", files=files())
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "too_large"

        def chunks():  # no Content-Length: counted as it comes
            for _ in range(10):
                yield b"x" * 100

        r = small.post("/api/v1/check", content=chunks(),
                       headers={"content-type": "application/json"})
        assert r.status_code == 413


def test_unknown_terms_in_a_json_problem_s_own_weights_are_located(client):
    problem = client.app.state.serve.sessions.problem(upload(client)["id"])
    data = {**problem.model_dump(mode="json"), "weights": {"nonsense": 1, "blau.zz": 2}}
    for path, body in (("/api/v1/problems", {"problem": data}),
                       ("/api/v1/check", {"problem": data, "assignment": {}}),
                       ("/api/v1/solve", {"problem": data})):
        r = client.post(path, json=body)
        assert r.status_code == 422, (path, r.text)
        columns = {d["column"] for d in r.json()["error"]["details"]}
        assert columns == {"problem.weights.nonsense", "problem.weights.blau.zz"}
    assert client.get("/api/v1/jobs").json()["jobs"] == []
