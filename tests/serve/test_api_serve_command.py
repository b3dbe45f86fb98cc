"""``matcher serve``: the token rule, the missing-extra message, and a real server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest
from serve_api_support import TEAMS, files
from typer.testing import CliRunner

from matcher.cli import app

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).strip(os.pathsep)
    env.pop("MATCHER_TOKEN", None)
    env.update(extra)
    return env


def test_a_public_host_without_a_token_exits_2(tmp_path, monkeypatch):
    monkeypatch.delenv("MATCHER_TOKEN", raising=False)
    run = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--data", str(tmp_path)])
    assert run.exit_code == 2
    assert "--token" in run.output and "MATCHER_TOKEN" in run.output
    assert not (tmp_path / "matcher.sqlite").exists()


def test_without_the_serve_extra_it_exits_2_with_the_pip_command(tmp_path):
    script = textwrap.dedent("""
        import sys
        class Refuse:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("fastapi", "uvicorn"):
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        sys.meta_path.insert(0, Refuse())
        from matcher.cli import app
        app(["serve", "--data", sys.argv[1]])
    """)
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path / "d")],
                         capture_output=True, text=True, env=_env(), timeout=120)
    assert run.returncode == 2, run.stderr
    assert "pip install 'matcher-teams[serve]'" in run.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_real_server_answers_over_http_and_stops_cleanly(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "matcher", "serve", "--port", str(port), "--data",
         str(tmp_path / "data"), "--time-limit", "2"],
        env=_env(MATCHER_LANG="en"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if http.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.1)
            pid = http.post("/problems", files=files()).json()["id"]
            checked = http.post("/check", json={"problem_id": pid, "assignment": TEAMS}).json()
            assert checked["violations"] == []
            jid = http.post("/solve", json={"problem_id": pid}).json()["id"]
            while (job := http.get(f"/jobs/{jid}").json())["status"] not in ("done", "failed"):
                assert time.monotonic() < deadline + 60
                time.sleep(0.1)
            assert job["status"] == "done" and job["result"]["assignment"]
    finally:
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            pytest.fail("the server did not stop on Ctrl-C")
    assert code == 0, server.stderr.read() if server.stderr else ""
    assert (tmp_path / "data" / "matcher.sqlite").exists()
