"""Operations a platform relies on: ``Idempotency-Key`` on job creation (kept in the store,
across a restart), ``Location`` headers, cursor pagination and a status filter on ``GET
/jobs`` (an unknown parameter refused), and ``DELETE /jobs/{id}?purge=true``."""

from __future__ import annotations

import json

from serve_api_support import client, files, make_client, upload, wait_job

__all__ = ["client"]


def _solve(c, body, key=None):
    headers = {} if key is None else {"Idempotency-Key": key}
    return c.post("/api/v1/solve", json=body, headers=headers)


def test_the_same_key_and_body_give_the_same_job_even_after_a_restart(tmp_path):
    with make_client(tmp_path / "data") as c:
        pid = upload(c)["id"]
        body = {"problem_id": pid, "solver": {"time_limit": 1}}
        first = _solve(c, body, "order-42")
        assert first.status_code == 202, first.text
        jid = first.json()["id"]
        assert first.headers["location"] == f"/api/v1/jobs/{jid}"
        # the same body, its keys in another order: the same job, 200
        again = c.post("/api/v1/solve", content=json.dumps(
            {"solver": {"time_limit": 1}, "problem_id": pid}),
            headers={"Idempotency-Key": "order-42", "content-type": "application/json"})
        assert again.status_code == 200 and again.json() == {"id": jid}
        assert again.headers["location"] == f"/api/v1/jobs/{jid}"
        other = _solve(c, {**body, "solver": {"time_limit": 2}}, "order-42")
        assert other.status_code == 409
        assert other.json()["error"]["code"] == "conflict"
        assert "order-42" in other.json()["error"]["message"]
        assert wait_job(c, jid)["status"] == "done"
        assert [j["id"] for j in c.get("/api/v1/jobs").json()["jobs"]] == [jid]
        # no key: a new job each time
        assert _solve(c, body).json()["id"] != _solve(c, body).json()["id"]
    with make_client(tmp_path / "data") as c:  # the key is kept with the job
        assert _solve(c, body, "order-42").json() == {"id": jid}
        assert _solve(c, {**body, "weights": {"preference": 2}}, "order-42").status_code == 409


def test_a_key_on_an_upload_names_the_files_and_fields(client):
    data = {"request": json.dumps({"solver": {"time_limit": 1}})}
    headers = {"Idempotency-Key": "upload-1"}
    first = client.post("/api/v1/solve", files=files(), data=data, headers=headers)
    assert first.status_code == 202, first.text
    again = client.post("/api/v1/solve", files=files(), data=data, headers=headers)
    assert again.status_code == 200 and again.json() == first.json()
    changed = client.post("/api/v1/solve", files=files(), headers=headers,
                          data={"request": json.dumps({"solver": {"time_limit": 2}})})
    assert changed.status_code == 409
    wait_job(client, first.json()["id"])


def test_a_malformed_key_is_refused(client):
    pid = upload(client)["id"]
    for key in ("x" * 201, "tab\there", "clé"):
        r = client.post("/api/v1/solve", json={"problem_id": pid},
                        headers={"Idempotency-Key": key.encode("utf-8")})
        assert r.status_code == 400, (key, r.text)
        assert "Idempotency-Key" in r.json()["error"]["message"]
    assert client.get("/api/v1/jobs").json()["jobs"] == []


def test_an_upload_answers_where_the_problem_is(client):
    r = client.post("/api/v1/problems", files=files())
    assert r.status_code == 201
    assert r.headers["location"] == f"/api/v1/problems/{r.json()['id']}"
    assert client.get(r.headers["location"]).json()["id"] == r.json()["id"]


def _stored_jobs(c, statuses):
    """Jobs put in the server's store as they end (real rows; no solve needed to list)."""
    store = c.app.state.serve.store
    ids = []
    for k, status in enumerate(statuses):
        jid = f"job{k:02d}"
        store.add_job(jid, None, {"problem": "{}"})
        store.finish(jid, status)
        ids.append(jid)
    return ids[::-1]  # newest first


def test_jobs_are_listed_a_page_at_a_time_with_a_status_filter(client):
    statuses = ["done", "failed", "cancelled", "done", "done", "failed", "done"]
    newest_first = _stored_jobs(client, statuses)
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 3} if cursor is None else {"limit": 3, "cursor": cursor}
        page = client.get("/api/v1/jobs", params=query).json()
        seen += [j["id"] for j in page["jobs"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == newest_first and pages == 3
    done = client.get("/api/v1/jobs", params={"status": "done", "limit": 2}).json()
    assert [j["status"] for j in done["jobs"]] == ["done", "done"]
    rest = client.get("/api/v1/jobs", params={"status": "done",
                                              "cursor": done["next_cursor"]}).json()
    expected = [j for j, s in zip(newest_first, statuses[::-1], strict=True) if s == "done"]
    assert [j["id"] for j in done["jobs"] + rest["jobs"]] == expected
    assert rest["next_cursor"] is None


def test_an_unknown_query_parameter_or_a_bad_cursor_is_refused(client):
    r = client.get("/api/v1/jobs", params={"offset": 10, "limit": 5})
    assert r.status_code == 422
    assert [d["column"] for d in r.json()["error"]["details"]] == ["offset"]
    r = client.get("/api/v1/jobs", params={"cursor": "not-a-cursor"})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["column"] == "cursor"
    assert client.get("/api/v1/jobs", params={"status": "lost"}).status_code == 400
    assert client.get("/api/v1/jobs", params={"lang": "fr"}).status_code == 200


def test_delete_cancels_and_purge_deletes_the_job(client):
    pid = upload(client)["id"]
    kept = _solve(client, {"problem_id": pid, "solver": {"time_limit": 1}}).json()["id"]
    wait_job(client, kept)
    r = client.delete(f"/api/v1/jobs/{kept}")  # as before: the job stays
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert client.get(f"/api/v1/jobs/{kept}").status_code == 200
    gone = _solve(client, {"problem_id": pid, "solver": {"time_limit": 1}},
                  "key-of-gone").json()["id"]
    r = client.delete(f"/api/v1/jobs/{gone}", params={"purge": "true"})
    assert r.status_code == 200 and r.json()["id"] == gone
    assert r.json()["status"] in ("done", "cancelled")
    assert client.get(f"/api/v1/jobs/{gone}").status_code == 404
    assert [j["id"] for j in client.get("/api/v1/jobs").json()["jobs"]] == [kept]
    # its key went with it: the key makes a new job
    again = _solve(client, {"problem_id": pid, "solver": {"time_limit": 1}}, "key-of-gone")
    assert again.status_code == 202 and again.json()["id"] != gone
    wait_job(client, again.json()["id"])
