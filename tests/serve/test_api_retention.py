"""What the server keeps: problems and jobs older than ``--keep-days`` deleted (at start and
periodically), a problem deleted with its jobs on request (running ones cancelled first), a
quota on the store's size."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from serve_api_support import client, files, make_client, upload, wait_job

from matcher.serve.store import Store

__all__ = ["client"]

DAY = 86_400


def _age(data: Path, days: float, *, problems: list[str] = (), jobs: list[str] = ()) -> None:
    """Move the creation times of ``problems`` and ``jobs`` ``days`` back, in the file."""
    db = sqlite3.connect(data / "matcher.sqlite")
    with db:
        for table, ids in (("problems", problems), ("jobs", jobs)):
            for ident in ids:
                db.execute(f"UPDATE {table} SET created = created - ? WHERE id = ?",
                           (days * DAY, ident))
    db.close()


def _ids(data: Path, table: str) -> set[str]:
    db = sqlite3.connect(data / "matcher.sqlite")
    try:
        return {r[0] for r in db.execute(f"SELECT id FROM {table}")}
    finally:
        db.close()


def test_keep_days_deletes_what_is_older_at_start(tmp_path):
    data = tmp_path / "data"
    with make_client(data) as c:
        old, young = upload(c)["id"], upload(c)["id"]
        old_job = c.post("/api/v1/solve", json={"problem_id": old}).json()["id"]
        young_job = c.post("/api/v1/solve", json={"problem_id": young}).json()["id"]
        stale_job = c.post("/api/v1/solve", json={"problem_id": young}).json()["id"]
        for jid in (old_job, young_job, stale_job):
            wait_job(c, jid)
    _age(data, 10, problems=[old], jobs=[old_job, stale_job])
    _age(data, 3, problems=[young], jobs=[young_job])
    with make_client(data, keep_days=7) as c:
        assert c.get(f"/api/v1/problems/{old}").status_code == 404
        assert c.get(f"/api/v1/jobs/{old_job}").status_code == 404
        assert c.get(f"/api/v1/jobs/{stale_job}").status_code == 404  # an old job, a young problem
        assert c.get(f"/api/v1/problems/{young}").status_code == 200
        assert c.get(f"/api/v1/jobs/{young_job}").json()["status"] == "done"
    assert _ids(data, "problems") == {young} and _ids(data, "jobs") == {young_job}


def test_without_keep_days_nothing_is_deleted(tmp_path):
    data = tmp_path / "data"
    with make_client(data) as c:
        pid = upload(c)["id"]
    _age(data, 10_000, problems=[pid])
    with make_client(data) as c:
        assert c.get(f"/api/v1/problems/{pid}").status_code == 200


def test_keep_days_deletes_periodically_and_spares_a_problem_a_job_needs(tmp_path):
    data = tmp_path / "data"
    with make_client(data, keep_days=1, sweep_every=0.1, max_running=1) as c:
        kept, busy = upload(c)["id"], upload(c)["id"]
        gone = upload(c)["id"]
        # a problem a job still needs stays, however old: the job is queued behind none
        store = c.app.state.serve.store
        store.add_job("waiting", busy, {"problem": "{}"})  # queued, never submitted
        _age(data, 2, problems=[gone, busy])
        deadline = time.monotonic() + 30
        while c.get(f"/api/v1/problems/{gone}").status_code != 404:
            assert time.monotonic() < deadline, "the periodic deletion did not run"
            time.sleep(0.05)
        assert c.get(f"/api/v1/problems/{kept}").status_code == 200
        assert c.get(f"/api/v1/problems/{busy}").status_code == 200
        assert store.job("waiting").status == "queued"


def _slow_problem() -> dict:
    """A cohort whose search outlasts the test (as test_jobs.py's slow_problem)."""
    from matcher.read import read_problem
    from matcher.sample import generate_cohort

    problem = read_problem(*generate_cohort(120, 15, seed=3))
    problem = problem.with_changes(
        rules=problem.rules.model_copy(update={"min_distinct": {"discipline": 3}}),
        weights={**problem.weights, "blau.discipline": 5})
    return problem.model_dump(mode="json")


@pytest.mark.slow
def test_delete_a_problem_with_its_jobs_running_one_cancelled_first(tmp_path):
    data = tmp_path / "data"
    with make_client(data, max_running=1, time_limit=60) as c:
        pid = c.post("/api/v1/problems", json={"problem": _slow_problem()}).json()["id"]
        other = upload(c)["id"]
        done = c.post("/api/v1/solve", json={"problem_id": pid,
                                             "solver": {"time_limit": 1}}).json()["id"]
        wait_job(c, done)
        running = c.post("/api/v1/solve", json={"problem_id": pid}).json()["id"]
        queued = c.post("/api/v1/solve", json={"problem_id": pid}).json()["id"]
        assert wait_job(c, running, until=("running", "done"))["status"] == "running"
        r = c.delete(f"/api/v1/problems/{pid}")
        assert r.status_code == 200, r.text
        assert r.json() == {"id": pid, "jobs_deleted": 3}
        for jid in (done, running, queued):
            assert c.get(f"/api/v1/jobs/{jid}").status_code == 404
        assert c.get(f"/api/v1/problems/{pid}").status_code == 404
        r = c.post("/api/v1/check", json={"problem_id": pid, "assignment": {}})
        assert r.status_code == 404  # gone from memory too
        assert c.delete(f"/api/v1/problems/{pid}").status_code == 404
        assert c.get(f"/api/v1/problems/{other}").status_code == 200
        # the one worker is free again: a new job runs to its end
        jid = c.post("/api/v1/solve", json={"problem_id": other,
                                            "solver": {"time_limit": 1}}).json()["id"]
        assert wait_job(c, jid)["status"] == "done"


def test_a_new_upload_past_the_quota_is_refused_with_507(tmp_path):
    from matcher.read import read_problem
    from matcher.sample import generate_cohort

    big = read_problem(*generate_cohort(300, 36, seed=1)).model_dump(mode="json")
    data = tmp_path / "data"
    with make_client(data) as c:
        first = c.post("/api/v1/problems", json={"problem": big}).json()["id"]
        used = c.app.state.serve.store.used_bytes()
    with make_client(data, max_stored_bytes=used + 1000) as c:
        r = c.post("/api/v1/problems", files=files())
        assert r.status_code == 507, r.text
        error = r.json()["error"]
        assert error["code"] == "store_full"
        assert "--max-stored-mb" in error["message"] and "DELETE" in error["message"]
        r = c.post("/api/v1/solve", files=files())
        assert r.status_code == 507
        assert c.get("/api/v1/jobs").json()["jobs"] == []
        # deleting makes room (the pages it frees count as free)
        assert c.delete(f"/api/v1/problems/{first}").status_code == 200
        assert c.post("/api/v1/problems", files=files()).status_code == 201


def test_the_store_measures_what_it_holds(tmp_path):
    store = Store(tmp_path)
    before = store.used_bytes()
    store.add_problem("p", "x" * 200_000, [])
    assert store.used_bytes() >= before + 190_000  # (its first bytes in a page there before)
    assert store.delete_problem("p") == 0
    assert store.used_bytes() < before + 200_000
    assert store.delete_problem("p") is None
    store.close()
