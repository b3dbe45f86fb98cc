"""Solve jobs: queued, run in child processes, at most N at once, cancelled with their best
teams kept, persisted across a restart."""

from __future__ import annotations

import json
import time

import pytest
from serve_api_support import client, make_client, upload, wait_job

from matcher import check
from matcher.read import read_problem
from matcher.sample import generate_cohort
from matcher.serve.store import Store

__all__ = ["client"]


@pytest.fixture(scope="module")
def slow_problem() -> dict:
    """A cohort whose optimality takes longer than a test waits (a floor of distinct
    disciplines and a Blau term keep the exact MIP out: CP-SAT searches)."""
    students, projects = generate_cohort(120, 15, seed=3)
    problem = read_problem(students, projects)
    problem = problem.with_changes(
        rules=problem.rules.model_copy(update={"min_distinct": {"discipline": 3}}),
        weights={**problem.weights, "blau.discipline": 5})
    return problem.model_dump(mode="json")


def test_a_job_runs_to_its_result(client):
    pid = upload(client)["id"]
    r = client.post("/api/v1/solve", json={"problem_id": pid, "solver": {"time_limit": 2}})
    assert r.status_code == 202
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    assert job["problem_id"] == pid and job["created"] and job["started"] and job["finished"]
    assert job["result"]["status"] in ("OPTIMAL", "FEASIBLE")
    problem = client.app.state.serve.sessions.problem(pid)
    assert check(problem, job["result"]["assignment"]) == []
    assert job["progress"]["objective"] == job["result"]["objective"]
    listed = client.get("/api/v1/jobs").json()["jobs"]
    assert listed[0]["id"] == job["id"] and listed[0]["status"] == "done"


def test_a_solve_json_request_and_files_are_accepted(client):
    problem = client.app.state.serve.sessions.problem(upload(client)["id"])
    r = client.post("/api/v1/solve", json={"problem": problem.model_dump(mode="json"),
                                           "weights": {"preference": 2},
                                           "solver": {"time_limit": 2, "seed": 1}})
    assert r.status_code == 202
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done" and job["result"]["weights"]["preference"] == 2
    from serve_api_support import files
    r = client.post("/api/v1/solve", files=files(),
                    data={"request": json.dumps({"solver": {"time_limit": 1}})})
    assert r.status_code == 202, r.text
    assert wait_job(client, r.json()["id"])["status"] == "done"


def test_locks_are_kept_and_start_becomes_the_previous_teams(client):
    pid = upload(client)["id"]
    start = {"S1": "P1", "S2": "P1", "S3": "P2", "S4": "P3", "S5": "P3", "S6": "P2"}
    r = client.post("/api/v1/solve", json={
        "problem_id": pid, "locks": {"S1": "P3"}, "start": start,
        "weights": {"moves": 5}, "solver": {"time_limit": 2}})
    job = wait_job(client, r.json()["id"])
    assert job["status"] == "done", job
    assert job["result"]["assignment"]["S1"] == "P3"
    assert "moves" in job["result"]["terms"]
    bad = client.post("/api/v1/solve", json={"problem_id": pid, "locks": {"S1": "P9"}})
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["value"] == "P9"


def test_an_unknown_job_is_404(client):
    for r in (client.get("/api/v1/jobs/nope"), client.delete("/api/v1/jobs/nope"),
              client.get("/api/v1/jobs/nope/events")):
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert client.post("/api/v1/solve", json={"problem_id": "nope"}).status_code == 404


@pytest.mark.slow
def test_a_cancel_keeps_the_best_teams_and_frees_the_worker(tmp_path, slow_problem):
    with make_client(tmp_path / "data", max_running=1) as c:
        first = c.post("/api/v1/solve", json={"problem": slow_problem,
                                              "solver": {"time_limit": 60}}).json()["id"]
        queued = c.post("/api/v1/solve", json={"problem": slow_problem,
                                               "solver": {"time_limit": 60}}).json()["id"]
        deadline = time.monotonic() + 60
        while (c.get(f"/api/v1/jobs/{first}").json()["progress"] or {}).get("objective") is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert c.get(f"/api/v1/jobs/{queued}").json()["status"] == "queued"
        # DELETE waits a moment for the job to end, but a loaded machine may take longer
        # to stop the child: the job is read again until it has ended, never raced
        assert c.delete(f"/api/v1/jobs/{first}").json()["status"] in ("running", "cancelled")
        answer = wait_job(c, first)
        assert answer["status"] == "cancelled"
        assert answer["result"]["interrupted"] is True
        assert len(answer["result"]["assignment"]) == 120
        # the queued job takes the freed worker; cancelling it while it runs ends it too
        wait_job(c, queued, until=("running",))
        c.delete(f"/api/v1/jobs/{queued}")
        assert wait_job(c, queued)["status"] == "cancelled"


def test_a_queued_job_cancelled_never_runs(tmp_path, slow_problem):
    with make_client(tmp_path / "data", max_running=1) as c:
        ids = [c.post("/api/v1/solve", json={"problem": slow_problem,
                                             "solver": {"time_limit": 30}}).json()["id"]
               for _ in range(2)]
        wait_job(c, ids[0], until=("running",), timeout=30)
        assert c.get("/api/v1/health").json()["queued"] == 1
        gone = c.delete(f"/api/v1/jobs/{ids[1]}").json()
        assert gone["status"] == "cancelled" and gone["started"] is None
        assert c.get("/api/v1/health").json()["queued"] == 0
        c.delete(f"/api/v1/jobs/{ids[0]}")
        assert c.get(f"/api/v1/jobs/{ids[1]}").json()["started"] is None


def test_at_most_n_jobs_run_at_once(tmp_path):
    with make_client(tmp_path / "data", max_running=2) as c:
        pid = upload(c)["id"]
        ids = [c.post("/api/v1/solve", json={"problem_id": pid, "solver": {"time_limit": 1}}
                      ).json()["id"] for _ in range(5)]
        while True:
            assert c.get("/api/v1/health").json()["running"] <= 2
            statuses = [c.get(f"/api/v1/jobs/{j}").json()["status"] for j in ids]
            if all(s == "done" for s in statuses):
                break
            assert "failed" not in statuses
            time.sleep(0.02)
        store = c.app.state.serve.store
        spans = [(store.job(j).started, store.job(j).finished) for j in ids]
        most = max(sum(1 for s, f in spans if s <= t < f) for t, _ in spans)
        assert 1 <= most <= 2


def test_results_survive_a_restart_and_left_jobs_fail_with_what_they_were_doing(tmp_path):
    data = tmp_path / "data"
    with make_client(data) as c:
        pid = upload(c)["id"]
        jid = c.post("/api/v1/solve", json={"problem_id": pid}).json()["id"]
        done = wait_job(c, jid)
    store = Store(data)  # a job the previous process left running
    store.add_job("left", pid, {"problem": "{}"})
    assert store.set_running("left")
    store.add_job("waiting", pid, {"problem": "{}"})
    store.close()
    with make_client(data) as c:
        assert c.get(f"/api/v1/jobs/{jid}").json() == done
        assert c.get(f"/api/v1/problems/{pid}").status_code == 200
        for ident, was in (("left", "running"), ("waiting", "queued")):
            job = c.get(f"/api/v1/jobs/{ident}").json()
            assert job["status"] == "failed"
            assert job["error"]["message"] == f"the server stopped while this job was {was}"


def test_the_events_stream_progress_then_the_final_status(client):
    pid = upload(client)["id"]
    jid = client.post("/api/v1/solve", json={"problem_id": pid,
                                             "solver": {"time_limit": 1}}).json()["id"]
    with client.stream("GET", f"/api/v1/jobs/{jid}/events") as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        text = "".join(r.iter_text())
    events = [line.split(":", 1)[1].strip() for line in text.splitlines()
              if line.startswith("event:")]
    assert events[-1] == "status" and "progress" in events
    last = [line for line in text.splitlines() if line.startswith("data:")][-1]
    assert json.loads(last[5:])["status"] == "done"


@pytest.mark.slow
def test_health_counts_the_jobs(client):
    body = client.get("/api/v1/health").json()
    assert body["status"] == "ok" and body["running"] == 0 and body["queued"] == 0
    assert body["version"]


@pytest.mark.slow
def test_a_job_running_when_the_server_stops_fails_with_the_reason(tmp_path, slow_problem):
    data = tmp_path / "data"
    with make_client(data, max_running=1) as c:
        jid = c.post("/api/v1/solve", json={"problem": slow_problem,
                                            "solver": {"time_limit": 60}}).json()["id"]
        queued = c.post("/api/v1/solve", json={"problem": slow_problem}).json()["id"]
        deadline = time.monotonic() + 60
        while (c.get(f"/api/v1/jobs/{jid}").json()["progress"] or {}).get("objective") is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    store = Store(data)
    stopped, waiting = store.job(jid), store.job(queued)
    store.close()
    assert stopped.status == "failed" and stopped.result is not None
    assert stopped.error["message"] == "the server stopped while this job was running"
    assert waiting.status == "queued"  # failed with the reason when a server opens the store
