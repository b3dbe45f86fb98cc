"""The HTML report in a real browser: Debian's headless Chromium, driven through the Chrome
DevTools protocol over a pipe (``--remote-debugging-pipe``, standard library only).

Checks that the report renders without console errors or exceptions, requests nothing from
the network, shows every team and shows a student named ``<script>`` as text; saves a
screenshot. Skipped when Chromium is absent, except under CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path

import pytest
from chromium_support import CHROMIUM, chromium_mark

from matcher import Problem, Project, Student, solve
from matcher.explain import explain_all
from matcher.read import read_problem
from matcher.report.html import write_report

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples"
pytestmark = chromium_mark()


class DevTools:
    """A minimal CDP client over the pipe Chromium opens on fds 3 (in) and 4 (out)."""

    def __init__(self, user_dir: Path) -> None:
        to_r, self._to_w = os.pipe()
        self._from_r, from_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends become fds 3 and 4
            a = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10)  # out of the way of 3 and 4 first
            b = fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-extensions",
             f"--user-data-dir={user_dir}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, close_fds=False)
        os.close(to_r)
        os.close(from_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self._from_r], [], [], left)
            if ready:
                chunk = os.read(self._from_r, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             wait: float = 60.0) -> dict:
        self._id += 1
        msg: dict = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + wait
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, wait: float = 60.0) -> dict:
        for e in self.events:
            if e.get("method") == method:
                return e
        deadline = time.monotonic() + wait
        while True:
            e = self._read(deadline)
            self.events.append(e)
            if e.get("method") == method:
                return e

    def close(self) -> None:
        try:
            self.call("Browser.close", wait=10)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_w)
        os.close(self._from_r)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The sample's report, with one student renamed ``<script>alert(1)</script>``."""
    p = read_problem(SAMPLE / "students.csv", SAMPLE / "projects.csv")
    students = list(p.students)
    students[0] = students[0].model_copy(update={"name": "<script>alert(1)</script>"})
    p = p.with_changes(students=tuple(students))
    result = solve(p, time_limit=20, workers=2, seed=1)
    assert result.has_solution
    explanations = explain_all(p, result.assignment, time_limit=5, total_time=10, workers=2)
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(path, p, result.assignment, explanations=explanations,
                 status=result.status.value)
    open_teams = sorted({pid for pid in result.assignment.values() if pid})
    return path, open_teams


@pytest.mark.slow
def test_report_renders_in_chromium(report: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, open_teams = report
    browser = DevTools(tmp_path / "profile")
    try:
        target = next(t for t in browser.call("Target.getTargets")["targetInfos"]
                      if t["type"] == "page")
        session = browser.call("Target.attachToTarget",
                               {"targetId": target["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(f"{domain}.enable", session=session)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                     session=session)
        browser.call("Page.navigate", {"url": path.as_uri()}, session=session)
        browser.wait_event("Page.loadEventFired")

        def evaluate(expression: str) -> object:
            reply = browser.call("Runtime.evaluate",
                                 {"expression": expression, "returnByValue": True},
                                 session=session)
            return reply["result"].get("value")

        shown = evaluate("[...document.querySelectorAll('article.team')]"
                         ".map(e => e.dataset.team)")
        assert sorted(shown) == open_teams
        visible = evaluate("[...document.querySelectorAll('article.team')]"
                           ".every(e => e.getBoundingClientRect().height > 50)")
        assert visible is True
        assert evaluate("document.querySelectorAll('script').length") == 0
        assert evaluate("document.body.innerText.includes('<script>alert(1)</script>')") is True
        assert evaluate("document.querySelectorAll('svg').length") > len(open_teams)
        shot = browser.call("Page.captureScreenshot",
                            {"format": "png", "captureBeyondViewport": True},
                            session=session)
        png = base64.b64decode(shot["data"])
        out = tmp_path / "report.png"
        out.write_bytes(png)
        assert png.startswith(b"\x89PNG") and len(png) > 10_000
        errors = [e for e in browser.events
                  if e.get("method") == "Runtime.exceptionThrown"
                  or (e.get("method") == "Runtime.consoleAPICalled"
                      and e["params"].get("type") in ("error", "assert"))
                  or (e.get("method") == "Log.entryAdded"
                      and e["params"]["entry"].get("level") == "error")]
        assert errors == []
        requests = [e["params"]["request"]["url"] for e in browser.events
                    if e.get("method") == "Network.requestWillBeSent"]
        assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests
    finally:
        browser.close()


def test_tiny_report_escapes_everything(tmp_path: Path) -> None:
    """No browser needed: hostile text in every field stays text."""
    evil = '<img src=x onerror="alert(1)">'
    p = Problem(students=[Student(id="S1", name=evil, discipline=evil, institution=evil,
                                  preferences=("P1",)),
                          Student(id="S2", name="<script>", preferences=("P1",))],
                projects=[Project(id="P1", title=evil, max_size=2)])
    path = tmp_path / "r.html"
    write_report(path, p, {"S1": "P1", "S2": "P1"}, title=evil)
    text = path.read_text(encoding="utf-8")
    assert "<img" not in text and "<script>" not in text
    assert "&lt;script&gt;" in text and "&lt;img src=x" in text
