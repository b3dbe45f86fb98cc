"""Requests a hostile page or client can make: refused in the project's envelope, never a
plain-text 500, never a job created. The guard (hosts, origins, forms, strict JSON, nosniff)
and the ceilings on a job."""

from __future__ import annotations

import json

import pytest
from serve_api_support import TEAMS, client, files, make_client, upload

from matcher.serve.bodies import MAX_DEPTH

__all__ = ["client"]

BASE = "http://127.0.0.1:8000"


def _refused(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.headers["x-content-type-options"] == "nosniff"
    body = r.json()["error"]
    assert body["code"] == code and body["message"]
    return body


# ---------------------------------------------------------------------------- Host


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "127.0.0.1.nip.io",
                                  "", "0.0.0.0:8000"])
def test_a_host_that_is_not_the_server_s_is_refused(client, host):
    """DNS rebinding: a page of attacker.example whose name now resolves to 127.0.0.1 sends
    ``Host: attacker.example``; the server answers only its own names."""
    r = client.get("/api/v1/health", headers={"Host": host})
    _refused(r, 403, "forbidden")
    r = client.post("/api/v1/problems", files=files(), headers={"Host": host})
    _refused(r, 403, "forbidden")
    assert client.get("/api/v1/jobs").json()["jobs"] == []


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:9", "LOCALHOST",
                                  "[::1]:8000", "[::1]"])
def test_the_loopback_names_are_answered(client, host):
    assert client.get("/api/v1/health", headers={"Host": host}).status_code == 200


def test_allowed_hosts_and_the_bound_host_are_answered(tmp_path):
    with make_client(tmp_path / "d", host="192.0.2.7", token="t",
                     allowed_hosts=("Teams.Example.org",)) as c:
        auth = {"Authorization": "Bearer t"}
        for host in ("teams.example.org", "teams.example.org:443", "192.0.2.7:8000",
                     "127.0.0.1"):
            assert c.get("/api/v1/health", headers={**auth, "Host": host}).status_code == 200
        _refused(c.get("/api/v1/health", headers={**auth, "Host": "other.example.org"}),
                 403, "forbidden")
    with make_client(tmp_path / "e", host="0.0.0.0", token="t") as c:  # a wildcard: no name
        _refused(c.get("/api/v1/health", headers={"Authorization": "Bearer t",
                                                  "Host": "0.0.0.0"}), 403, "forbidden")


# ---------------------------------------------------------------------------- Origin


@pytest.mark.parametrize("origin", ["http://attacker.example", "http://127.0.0.1:8001",
                                    "http://localhost:8000", "http://127.0.0.1", "null",
                                    "http://127.0.0.1:8000.attacker.example", "garbage",
                                    "http://127.0.0.1:80", "file://127.0.0.1:8000",
                                    "http://127.0.0.1:8000/evil", "http://127.0.0.1:x"])
def test_a_post_from_another_origin_is_refused_and_creates_nothing(client, origin):
    pid = upload(client)["id"]
    headers = {"Origin": origin}
    _refused(client.post("/api/v1/problems", files=files(), headers=headers),
             403, "forbidden")
    _refused(client.post("/api/v1/solve", json={"problem_id": pid}, headers=headers),
             403, "forbidden")
    _refused(client.delete(f"/api/v1/problems/{pid}", headers=headers), 403, "forbidden")
    assert client.get("/api/v1/jobs").json()["jobs"] == []
    assert client.get(f"/api/v1/problems/{pid}").status_code == 200
    # reading is not changing: a GET with any Origin is answered (CORS keeps it unreadable)
    assert client.get("/api/v1/health", headers=headers).status_code == 200


def test_the_server_s_own_origin_and_no_origin_may_post(client):
    for headers in ({"Origin": BASE}, {"Origin": "http://127.0.0.1:8000/"}, {}):
        r = client.post("/api/v1/check", json={"problem_id": upload(client)["id"],
                                               "assignment": TEAMS}, headers=headers)
        assert r.status_code == 200, (headers, r.text)


def test_behind_a_proxy_ending_tls_the_https_page_may_post(tmp_path):
    """The page is ``https://teams.example.org`` (the proxy's name, given as an allowed
    host); the server sees ``Host: teams.example.org`` over plain HTTP."""
    with make_client(tmp_path / "d", allowed_hosts=("teams.example.org",)) as c:
        site = {"Host": "teams.example.org"}
        for origin in ("https://teams.example.org", "https://teams.example.org:443"):
            r = c.post("/api/v1/problems", files=files(), headers={**site, "Origin": origin})
            assert r.status_code == 201, (origin, r.text)
        for origin in ("https://teams.example.org:8443", "https://evil.example.org"):
            r = c.post("/api/v1/problems", files=files(), headers={**site, "Origin": origin})
            _refused(r, 403, "forbidden")


def test_with_a_token_a_foreign_origin_is_still_refused(tmp_path):
    with make_client(tmp_path / "d", token="s3cret") as c:
        auth = {"Authorization": "Bearer s3cret"}
        _refused(c.post("/api/v1/problems", files=files(),
                        headers={**auth, "Origin": "http://attacker.example"}),
                 403, "forbidden")
        assert c.post("/api/v1/problems", files=files(),
                      headers={**auth, "Origin": BASE}).status_code == 201


# ---------------------------------------------------------------------------- forms


def test_an_upload_is_multipart_only_where_files_are_taken(client):
    body = json.dumps({"problem": None}).encode()
    for path in ("/api/v1/problems", "/api/v1/solve"):
        r = client.post(path, content=body, headers={"content-type": "text/plain"})
        assert "multipart/form-data" in _refused(r, 415, "unsupported_media_type")["message"]
        r = client.post(path, content=b"students=x",
                        headers={"content-type": "application/x-www-form-urlencoded"})
        _refused(r, 415, "unsupported_media_type")
    r = client.post("/api/v1/check", files=files())
    _refused(r, 415, "unsupported_media_type")


def test_every_answer_says_nosniff(client):
    for r in (client.get("/"), client.get("/api/v1/health"), client.get("/api/v1/nope"),
              client.get("/openapi.json"), client.get("/static/app.js"),
              client.post("/api/v1/problems", files=files())):
        assert r.headers["x-content-type-options"] == "nosniff", r.request.url


# ---------------------------------------------------------------------------- strict JSON


def _deep(depth: int) -> bytes:
    return b'{"problem_id": "x", "assignment": {}, "rules": ' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.slow
@pytest.mark.parametrize("body, words", [
    (b'{"problem_id": "x", "assignment": {}, "weights": {"preference": NaN}}', "NaN"),
    (b'{"problem_id": "x", "solver": {"time_limit": Infinity}}', "Infinity"),
    (b'{"problem_id": "x", "solver": {"time_limit": -Infinity}}', "-Infinity"),
    (b'{"problem_id": "x", "solver": {"time_limit": 1e999}}', "1e999"),
    (_deep(1_000), "nested"),
    (_deep(100_000), "nested"),
    (_deep(MAX_DEPTH), "nested"),
    (b'{"problem_id": "\xff\xfe", "assignment": {}}', "UTF-8"),
    (b'{"problem_id": 1' + b"0" * 5000 + b"}", "digits"),
])
@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/solve", "/api/v1/problems"])
def test_json_python_would_read_but_a_body_may_not_carry_is_a_located_422(client, body, words,
                                                                         path):
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    error = _refused(r, 422, "invalid_problem")
    assert words.lower() in json.dumps(error).lower(), error
    assert error["details"][0]["file"] == "<request>"
    assert client.get("/api/v1/jobs").json()["jobs"] == []


def test_a_multipart_request_field_is_read_strictly_too(client):
    r = client.post("/api/v1/solve", files=files(),
                    data={"request": '{"solver": {"time_limit": NaN}}'})
    _refused(r, 422, "invalid_problem")


def test_nesting_below_the_limit_is_the_route_s_business(client):
    r = client.post("/api/v1/check", content=_deep(MAX_DEPTH - 2),
                    headers={"content-type": "application/json"})
    _refused(r, 422, "invalid_problem")  # rules is not a list: the model says so, located
    assert r.json()["error"]["details"][0]["column"].startswith("rules")


# ---------------------------------------------------------------------------- ceilings


def test_a_solve_above_the_ceilings_is_a_422_naming_them(tmp_path):
    with make_client(tmp_path / "d", max_time_limit=30, max_workers=2) as c:
        pid = upload(c)["id"]
        r = c.post("/api/v1/solve", json={"problem_id": pid,
                                          "solver": {"time_limit": 1e9, "workers": 64}})
        error = _refused(r, 422, "invalid_problem")
        by_column = {d["column"]: d for d in error["details"]}
        assert "30 seconds" in by_column["solver.time_limit"]["message"]
        assert "--max-time-limit" in by_column["solver.time_limit"]["message"]
        assert by_column["solver.time_limit"]["value"] == 1e9
        assert "2 workers" in by_column["solver.workers"]["message"]
        r = c.post("/api/v1/solve", files=files(),
                   data={"request": json.dumps({"solver": {"time_limit": 31}})})
        _refused(r, 422, "invalid_problem")
        assert c.get("/api/v1/jobs").json()["jobs"] == []
        r = c.post("/api/v1/solve", json={"problem_id": pid,
                                          "solver": {"time_limit": 30, "workers": 2}})
        assert r.status_code == 202, r.text


def test_the_default_ceilings_are_600_seconds_and_the_cores(tmp_path):
    import os

    with make_client(tmp_path / "d") as c:
        settings = c.app.state.serve.settings
        assert settings.max_time_limit == 600 and settings.max_workers == os.cpu_count()
        pid = upload(c)["id"]
        r = c.post("/api/v1/solve", json={"problem_id": pid, "solver": {"time_limit": 601}})
        assert "600 seconds" in _refused(r, 422, "invalid_problem")["message"]


# ---------------------------------------------------------------------------- 500


def test_a_fault_of_the_server_s_own_is_a_500_in_the_envelope(tmp_path, caplog):
    with make_client(tmp_path / "d", raise_server_exceptions=False) as c:
        def boom() -> None:
            raise ZeroDivisionError("the handler's own fault")

        c.app.add_api_route("/api/v1/boom", boom)
        with caplog.at_level("ERROR", logger="matcher.serve"):
            r = c.get("/api/v1/boom")
        error = _refused(r, 500, "internal")
        assert "ZeroDivisionError" in error["message"]
        assert "the handler's own fault" in caplog.text  # the traceback is logged


# ---------------------------------------------------------------------------- token


def test_a_non_ascii_token_works_in_the_header_and_the_query(tmp_path):
    token = "clé-sécrète-日本"
    with make_client(tmp_path / "d", token=token) as c:
        header = {"Authorization": b"Bearer " + token.encode("utf-8")}
        assert c.get("/api/v1/health", headers=header).status_code == 200
        from urllib.parse import quote

        assert c.get(f"/api/v1/health?token={quote(token)}").status_code == 200
        latin = {"Authorization": b"Bearer " + token[:10].encode("latin-1")}
        _refused(c.get("/api/v1/health", headers=latin), 401, "unauthorized")


# ---------------------------------------------------------------------------- uploads


def test_a_lookalike_id_in_an_upload_is_a_located_422(client):
    from serve_api_support import STUDENTS

    students = STUDENTS.replace(b"S2,Bob", "S\u202e2,Bob".encode())
    r = client.post("/api/v1/problems", files=files(students=students))
    error = _refused(r, 422, "invalid_problem")
    detail = error["details"][0]
    assert (detail["file"], detail["row"], detail["column"]) == ("students.csv", 3, "id")
    assert "U+202E" in detail["message"]


def test_a_lookalike_id_in_a_json_problem_is_refused_by_its_path(client):
    problem = {"students": [{"id": "S1\u200b"}], "projects": [{"id": "P1", "max_size": 2}]}
    r = client.post("/api/v1/problems", json={"problem": problem})
    error = _refused(r, 422, "invalid_problem")
    assert any("invisible" in d["message"] and "students" in (d["column"] or "")
               for d in error["details"]), error


def test_a_long_upload_name_keeps_its_extension(client):
    from matcher.serve.uploads import MAX_NAME, safe_name

    name = "é" * 300 + ".xlsx"
    cut = safe_name(name, "students.csv")
    assert len(cut) == MAX_NAME and cut.endswith(".xlsx")
    assert safe_name("x" * 300, "d") == "x" * MAX_NAME
    assert safe_name("../evil\u202egpj.csv", "d") == "evilgpj.csv"
    r = client.post("/api/v1/problems", files=files(names=("s" * 400 + ".csv", "projects.csv")))
    assert r.status_code == 201, r.text


def test_an_infinite_number_in_an_uploaded_config_is_a_422_not_a_500(client):
    """TOML reads ``1e999`` as an infinite float: the located error carries it as text (JSON
    has no number for it), never a 500 from encoding the answer."""
    config = ("config.toml", b"[rules]\ntop_k = 1e999\n", "application/toml")
    r = client.post("/api/v1/problems", files={**files(), "config": config})
    error = _refused(r, 422, "invalid_problem")
    assert error["details"][0]["file"] == "config.toml"
    assert error["details"][0]["value"] == "inf"
