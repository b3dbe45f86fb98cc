"""A page of another origin cannot drive the server, in a real browser.

The server runs without a token (the default on the loopback: the case a foreign page can
reach), under uvicorn; a second HTTP server on another loopback port (another origin) serves
an attacker's page. In headless Chromium the attacker's page posts to the server the ways a
page may without the server's consent (``no-cors``: a ``text/plain`` body, a multipart form)
and the way it needs consent for (JSON, which asks first): every request is refused, and no
problem and no job is created. The server's own page, by contrast, posts the same body and
creates its job: the refusal is the origin's.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import httpx
import pytest
from test_page_flow import ServeSettings, browser, serve_in_thread

from matcher.serve.store import Store

__all__ = ["browser"]

TINY = {"students": [{"id": "S1", "preferences": ["P1"]}, {"id": "S2", "preferences": ["P1"]}],
        "projects": [{"id": "P1", "min_size": 1, "max_size": 2}]}
SOLVE = {"problem": TINY, "solver": {"time_limit": 1}}

#: The attacker's script: every way to post it tries, then ``window.done``.
ATTACK = """
window.tried = [];
async function attempt(name, url, init) {
  try { const r = await fetch(url, init); window.tried.push([name, r.type, r.status]); }
  catch (e) { window.tried.push([name, "error", String(e)]); }
}
async function attack(target, body) {
  await attempt("text/plain solve", target + "solve", {method: "POST", mode: "no-cors",
    headers: {"Content-Type": "text/plain"}, body});
  await attempt("blob solve", target + "solve", {method: "POST", mode: "no-cors",
    body: new Blob([body])});
  const form = new FormData();
  form.append("students", new Blob(["id,preferences\\nS1,P1\\n"]), "students.csv");
  form.append("projects", new Blob(["id,max_size\\nP1,2\\n"]), "projects.csv");
  await attempt("multipart problems", target + "problems", {method: "POST", mode: "no-cors",
    body: form});
  await attempt("json solve", target + "solve", {method: "POST",
    headers: {"Content-Type": "application/json"}, body});
  window.done = true;
}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    """The real app without a token; yields its base URL and data directory."""
    data = tmp_path_factory.mktemp("foreign-origin-data")
    for url in serve_in_thread(ServeSettings(host="127.0.0.1", data_dir=data, time_limit=2)):
        yield url, data


@pytest.fixture(scope="module")
def attacker() -> Iterator[str]:
    """Another origin: a page with the attack script, on another loopback port."""
    page = f"<!doctype html><title>elsewhere</title><script>{ATTACK}</script>".encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def _counts(data) -> tuple[int, int]:
    store = Store(data)
    try:
        problems = store._run("SELECT COUNT(*) FROM problems")[0][0]
        jobs = store._run("SELECT COUNT(*) FROM jobs")[0][0]
    finally:
        store.close()
    return problems, jobs


@pytest.mark.slow
def test_a_page_of_another_origin_cannot_post_to_the_server(server, attacker, browser):
    base, data = server
    target = f"{base}/api/v1/"
    context = browser.new_context()
    page = context.new_page()
    seen: list[tuple[str, str, int]] = []  # what reached the server, and its answer
    page.on("response", lambda r: seen.append((r.request.method, urlsplit(r.url).path, r.status))
            if r.url.startswith(base) else None)
    page.goto(attacker)
    assert urlsplit(page.url).port != urlsplit(base).port  # another origin
    page.evaluate("([target, body]) => attack(target, body)", [target, json.dumps(SOLVE)])
    page.wait_for_function("window.done === true", timeout=30_000)
    tried = page.evaluate("window.tried")
    # the no-cors posts were sent and answered 403; the JSON one was stopped by the browser
    # (its preflight OPTIONS is not answered with CORS consent) or refused
    posts = [(path, status) for method, path, status in seen if method == "POST"]
    assert ("/api/v1/solve", 403) in posts and ("/api/v1/problems", 403) in posts, (seen, tried)
    assert all(status == 403 for _, status in posts), (seen, tried)
    assert dict((name, kind) for name, kind, _ in tried)["json solve"] == "error", tried
    assert _counts(data) == (0, 0)
    assert httpx.get(f"{target}jobs").json()["jobs"] == []

    # the server's own page sends the same JSON: its job is created
    page.goto(f"{base}/")
    created = page.evaluate("""async (body) => {
        const r = await fetch("api/v1/solve", {method: "POST",
            headers: {"Content-Type": "application/json"}, body});
        const plain = await fetch("api/v1/solve", {method: "POST",
            headers: {"Content-Type": "text/plain"}, body});
        return [r.status, (await r.json()).id, plain.status];
    }""", json.dumps(SOLVE))
    context.close()
    assert created[0] == 202 and created[1] and created[2] == 415, created
    assert _counts(data) == (1, 1)
