"""Completion webhooks against a real receiver on loopback (an ``http.server`` thread): the
job's end POSTed, signed with HMAC-SHA256, retried after a failure; a host the server does not
allow refused."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from serve_api_support import client, make_client, upload, wait_job

from matcher.serve import ServeSettings
from matcher.serve.webhooks import Webhook, deliver, sign

__all__ = ["client"]


class Receiver:
    """An HTTP server on 127.0.0.1 that answers 500 to its first ``failures`` POSTs, then
    204, and keeps every POST (path, headers, body)."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.posts: list[tuple[str, dict[str, str], bytes]] = []
        self.taken = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.posts.append((self.path, dict(self.headers), body))
                failing = len(receiver.posts) <= receiver.failures
                self.send_response(500 if failing else 204)
                self.end_headers()
                if not failing:
                    receiver.taken.set()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/done?from=matcher"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def _signed(headers: dict[str, str], body: bytes, secret: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-Matcher-Signature"], expected)


def test_a_job_s_end_is_posted_signed_to_its_webhook(client, receiver):
    pid = upload(client)["id"]
    r = client.post("/api/v1/solve", json={
        "problem_id": pid, "solver": {"time_limit": 1},
        "webhook": {"url": receiver.url, "secret": "hush"}})
    assert r.status_code == 202, r.text
    job = wait_job(client, r.json()["id"])
    assert receiver.taken.wait(30)
    [(path, headers, body)] = receiver.posts
    assert path == "/done?from=matcher" and headers["Content-Type"] == "application/json"
    assert _signed(headers, body, "hush") and not _signed(headers, body, "other")
    sent = json.loads(body)
    assert sent["event"] == "job.ended" and sent["job"] == job


def test_a_failed_delivery_is_tried_again():
    receiver = Receiver(failures=2)
    try:
        job = {"id": "j1", "status": "done"}
        assert deliver(Webhook(url=receiver.url, secret="s"), job, delays=(0.05, 0.05, 0.05))
        assert len(receiver.posts) == 3  # 500, 500, then 204
        assert {b for _, _, b in receiver.posts} == {receiver.posts[0][2]}  # the same body
        assert all(_signed(h, b, "s") for _, h, b in receiver.posts)
    finally:
        receiver.close()


def test_a_delivery_gives_up_after_its_tries():
    receiver = Receiver(failures=10)
    try:
        assert not deliver(Webhook(url=receiver.url), {"id": "j"}, delays=(0.01, 0.01))
        assert len(receiver.posts) == 3
        assert "X-Matcher-Signature" not in receiver.posts[0][1]  # no secret, no signature
    finally:
        receiver.close()


def test_a_receiver_that_fails_first_gets_the_job_from_the_server(tmp_path):
    """The server's own webhook (--webhook-url), a receiver failing once: the job arrives."""
    receiver = Receiver(failures=1)
    try:
        with make_client(tmp_path / "data", webhook_url=receiver.url,
                         webhook_secret="k") as c:
            pid = upload(c)["id"]
            jid = c.post("/api/v1/solve", json={"problem_id": pid,
                                                "solver": {"time_limit": 1}}).json()["id"]
            wait_job(c, jid)
            assert receiver.taken.wait(30)
        assert len(receiver.posts) == 2 and receiver.posts[0][2] == receiver.posts[1][2]
        assert json.loads(receiver.posts[1][2])["job"]["id"] == jid
        assert _signed(receiver.posts[1][1], receiver.posts[1][2], "k")
    finally:
        receiver.close()


def test_a_cancelled_job_is_posted_too(tmp_path, receiver):
    with make_client(tmp_path / "data", max_running=1) as c:
        pid = upload(c)["id"]
        hook = {"url": receiver.url}
        first = c.post("/api/v1/solve", json={"problem_id": pid, "solver": {"time_limit": 1}})
        queued = c.post("/api/v1/solve", json={"problem_id": pid, "webhook": hook,
                                               "solver": {"time_limit": 1}}).json()["id"]
        ended = c.delete(f"/api/v1/jobs/{queued}").json()
        wait_job(c, first.json()["id"])
        assert receiver.taken.wait(30)
    assert json.loads(receiver.posts[0][2])["job"]["id"] == queued
    assert ended["status"] in ("cancelled", "done")


@pytest.mark.parametrize("url", ["http://example.org/hook", "http://10.0.0.1:9/x",
                                 "ftp://127.0.0.1/x", "http:///nohost", "http://127.0.0.1:x/"])
def test_a_webhook_on_a_host_not_allowed_is_refused(client, url):
    pid = upload(client)["id"]
    r = client.post("/api/v1/solve", json={"problem_id": pid, "webhook": {"url": url}})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["details"][0]["column"] == "webhook.url"
    assert client.get("/api/v1/jobs").json()["jobs"] == []


def test_the_allowed_hosts_are_the_server_s_choice(tmp_path):
    with pytest.raises(ValueError, match="webhook-allow"):
        ServeSettings(data_dir=tmp_path, webhook_url="http://hooks.example.org/x")
    settings = ServeSettings(data_dir=tmp_path, webhook_url="https://hooks.example.org/x",
                             webhook_allow=("hooks.example.org",))
    assert settings.webhook_url == "https://hooks.example.org/x"


def test_sign_is_the_hmac_of_the_body():
    assert sign("key", b"{}") == "sha256=" + hmac.new(b"key", b"{}", hashlib.sha256).hexdigest()


def test_matcher_serve_refuses_a_webhook_url_it_may_not_call(tmp_path):
    from typer.testing import CliRunner

    from matcher.cli import app

    run = CliRunner().invoke(app, ["serve", "--data", str(tmp_path),
                                   "--webhook-url", "http://example.org/hook"])
    assert run.exit_code == 2
    assert "--webhook-url" in run.output and "--webhook-allow" in run.output
    assert not (tmp_path / "matcher.sqlite").exists()
