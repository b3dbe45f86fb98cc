"""``/api/v1/explain`` and ``/api/v1/export``: the command's explanation and files."""

from __future__ import annotations

import csv
import io
import json

import pytest
from serve_api_support import TEAMS, client, upload

from matcher import check

__all__ = ["client"]


@pytest.fixture
def pid(client):
    return upload(client)["id"]


def test_explain_says_why_a_student_is_there(client, pid):
    r = client.post("/api/v1/explain", json={"problem_id": pid, "assignment": TEAMS,
                                             "student": "S4", "time_limit": 2})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["student"] == "S4" and body["text"].startswith("S4 (Dan Roe) is on P3")
    fr = client.post("/api/v1/explain?lang=fr", json={"problem_id": pid, "assignment": TEAMS,
                                                      "student": "S4", "time_limit": 2})
    assert fr.json()["text"] != body["text"]


def test_explain_an_unknown_student_is_located(client, pid):
    r = client.post("/api/v1/explain", json={"problem_id": pid, "assignment": TEAMS,
                                             "student": "ZZ"})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0] == {**r.json()["error"]["details"][0],
                                               "column": "student", "value": "ZZ"}


def _download(client, pid, fmt, **extra):
    r = client.post("/api/v1/export", json={"problem_id": pid, "assignment": TEAMS,
                                            "format": fmt, **extra})
    assert r.status_code == 200, r.text
    return r


def test_teams_csv_is_the_command_s_teams_file(client, pid):
    r = _download(client, pid, "teams_csv")
    assert r.headers["content-disposition"] == 'attachment; filename="teams.csv"'
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {row["student_id"]: row["project_id"] for row in rows} == TEAMS


def test_the_summary_is_the_check_summary(client, pid):
    body = json.loads(_download(client, pid, "summary_json").content)
    assert body["valid"] is True and body["status"] == "VALID"
    moved = {**TEAMS, "S1": "P2"}
    r = client.post("/api/v1/export", json={"problem_id": pid, "assignment": moved,
                                            "format": "summary_json"})
    problem = client.app.state.serve.sessions.problem(pid)
    assert len(json.loads(r.content)["violations"]) == len(check(problem, moved))


@pytest.mark.parametrize(("fmt", "start"), [("xlsx", b"PK"), ("report_html", b"<!"),
                                            ("mailmerge", b""), ("excel", b""),
                                            ("canvas", b"")])
def test_every_format_downloads(client, pid, fmt, start):
    r = _download(client, pid, fmt)
    assert r.content.startswith(start) and len(r.content) > 100
    assert "attachment" in r.headers["content-disposition"]


def test_a_format_missing_an_option_is_422(client, pid):
    r = client.post("/api/v1/export", json={"problem_id": pid, "assignment": TEAMS,
                                            "format": "moodle"})
    assert r.status_code == 422
    r = _download(client, pid, "moodle", course="C1")
    assert b"C1" in r.content
    bad = client.post("/api/v1/export", json={"problem_id": pid, "assignment": TEAMS,
                                              "format": "/etc/passwd"})
    assert bad.status_code == 422
