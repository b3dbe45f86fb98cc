"""``POST /api/v1/check``: the same violations and terms as :func:`matcher.check` and
:func:`matcher.score`, each placed on the teams it concerns."""

from __future__ import annotations

import pytest
from serve_api_support import TEAMS, client, upload

from matcher import check, objective, score
from matcher.problem import Problem
from matcher.serve.checking import CompiledCheck

__all__ = ["client"]


@pytest.fixture
def pid(client):
    return upload(client)["id"]


def _problem(client, pid) -> Problem:
    return client.app.state.serve.sessions.problem(pid)


@pytest.mark.slow
def test_a_valid_formation_has_no_violation_and_the_library_s_terms(client, pid):
    r = client.post("/api/v1/check", json={"problem_id": pid, "assignment": TEAMS})
    assert r.status_code == 200
    body = r.json()
    problem = _problem(client, pid)
    assert body["violations"] == []
    assert body["terms"] == score(problem, TEAMS)
    assert body["objective"] == objective(problem, TEAMS)
    assert set(body["teams"]) == {"P1", "P2", "P3"}
    assert body["teams"]["P1"]["size"] == 2
    assert "check;dur=" in r.headers["server-timing"]


def test_a_move_into_a_full_team_is_named_on_both_teams(client, pid):
    moved = {**TEAMS, "S1": "P2"}
    body = client.post("/api/v1/check", json={"problem_id": pid, "assignment": moved}).json()
    expected = check(_problem(client, pid), moved)
    assert [(v["rule"], v["message"]) for v in body["violations"]] == \
        [(v.rule, v.message) for v in expected]
    rules_on = {pid_: {body["violations"][k]["rule"] for k in team["violations"]}
                for pid_, team in body["teams"].items()}
    assert rules_on["P2"] == {"team_size"} and rules_on["P1"] == {"team_size"}
    assert rules_on["P3"] == set()
    full = next(body["violations"][k] for k in body["teams"]["P2"]["violations"])
    assert full["projects"] == ["P2"] and "3" in full["message"]


def test_a_student_without_a_team_is_a_violation_on_no_team(client, pid):
    moved = {**TEAMS, "S1": None}
    body = client.post("/api/v1/check?lang=fr",
                       json={"problem_id": pid, "assignment": moved}).json()
    unplaced = [v for v in body["violations"] if v["rule"] == "assignment"]
    assert unplaced[0]["students"] == ["S1"] and "équipe" in unplaced[0]["message"]


def test_team_terms_add_up_to_the_whole_for_local_terms(client, pid):
    body = client.post("/api/v1/check", json={"problem_id": pid, "assignment": TEAMS}).json()
    for name in ("preference", "discipline", "institution"):
        assert sum(t["terms"][name] for t in body["teams"].values()) == body["terms"][name]


def test_weights_and_rules_of_the_request_apply(client, pid):
    r = client.post("/api/v1/check", json={
        "problem_id": pid, "assignment": TEAMS, "weights": {"preference": 0},
        "rules": {"max_per_value": {"institution": 1}}})
    body = r.json()
    assert body["weights"]["preference"] == 0
    assert {v["rule"] for v in body["violations"]} == {"max_per_value"}
    bad = client.post("/api/v1/check", json={
        "problem_id": pid, "assignment": TEAMS, "weights": {"nonsense": 1},
        "rules": {"top_k": 0}})
    assert bad.status_code == 422


def test_an_inline_problem_is_checked_alike(client, pid):
    problem = _problem(client, pid)
    body = client.post("/api/v1/check", json={"problem": problem.model_dump(mode="json"),
                                              "assignment": TEAMS}).json()
    assert body["terms"] == score(problem, TEAMS)


def test_unknown_ids_in_the_assignment_are_located(client, pid):
    r = client.post("/api/v1/check", json={"problem_id": pid,
                                           "assignment": {"ZZ": "P1", "S1": "P9"}})
    assert r.status_code == 422
    details = r.json()["error"]["details"]
    assert {(d["column"], d["value"]) for d in details} == {("assignment", "ZZ"),
                                                             ("assignment.S1", "P9")}


def test_bad_json_and_bad_fields_are_located(client, pid):
    r = client.post("/api/v1/check", content=b'{"problem_id": ',
                    headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["row"] == 1
    r = client.post("/api/v1/check", json={"problem_id": pid, "assignment": {"S1": 3}})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["column"] == "assignment.S1"
    r = client.post("/api/v1/check", json={"problem": {"students": [{"id": ""}],
                                                       "projects": []}, "assignment": {}})
    assert r.status_code == 422
    assert any(d["column"].startswith("problem.students") for d in r.json()["error"]["details"])


def test_an_unknown_problem_id_is_404(client):
    r = client.post("/api/v1/check", json={"problem_id": "nope", "assignment": {}})
    assert r.status_code == 404


def test_the_compiled_check_is_made_once_per_problem_rules_and_weights(client, pid):
    sessions = client.app.state.serve.sessions
    _, first = sessions.compiled(pid, None, None)
    _, again = sessions.compiled(pid, None, None)
    _, other = sessions.compiled(pid, {"top_k": 2}, None)
    assert first is again and other is not first
    assert isinstance(first, CompiledCheck)


def test_a_term_that_does_not_split_over_the_teams_is_left_out_of_them(client, pid):
    problem = _problem(client, pid).with_changes(previous={"S1": "P2", "S3": "P2"})
    moved = {**TEAMS}
    body = client.post("/api/v1/check", json={"problem": problem.model_dump(mode="json"),
                                              "assignment": moved}).json()
    assert body["terms"]["moves"] == -1  # S1 left P2
    assert all("moves" not in t["terms"] and "preference" in t["terms"]
               for t in body["teams"].values())


def test_a_compiled_check_answers_as_a_fresh_one_after_every_move(client, pid):
    import random

    problem = _problem(client, pid)
    kept = CompiledCheck(problem)
    rng = random.Random(4)
    teams = dict(TEAMS)
    for _ in range(40):
        teams[rng.choice(list(teams))] = rng.choice(["P1", "P2", "P3", None])
        assert kept.run(teams) == CompiledCheck(problem).run(teams)


def test_weights_that_are_not_integers_are_refused_as_the_library_refuses_them(client, pid):
    """``"2"``, ``true`` and ``2.5`` are 422 naming the weight, as ``solve``/``check`` refuse
    them in the library; ``2.0`` is the integer 2 there and here."""
    for bad in ("2", True, 2.5):
        r = client.post("/api/v1/check", json={"problem_id": pid, "assignment": TEAMS,
                                               "weights": {"preference": bad}})
        assert r.status_code == 422, (bad, r.text)
        assert "preference" in r.text
    ok = client.post("/api/v1/check", json={"problem_id": pid, "assignment": TEAMS,
                                            "weights": {"preference": 2.0}})
    assert ok.status_code == 200 and ok.json()["weights"]["preference"] == 2
