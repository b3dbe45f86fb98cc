"""``matcher serve``: the token rule, the missing-extra message, and a real server."""

from __future__ import annotations

import os
import signal
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


def test_a_default_time_limit_above_the_ceiling_exits_2(tmp_path):
    run = CliRunner().invoke(app, ["serve", "--data", str(tmp_path), "--time-limit", "700"])
    assert run.exit_code == 2
    assert "--max-time-limit 600" in run.output
    assert not (tmp_path / "matcher.sqlite").exists()


def test_a_port_taken_exits_2_with_the_reason(tmp_path):
    from matcher.cli.serve import listen

    taken = listen("127.0.0.1", 0)
    try:
        run = CliRunner().invoke(app, ["serve", "--data", str(tmp_path), "--port",
                                       str(taken.getsockname()[1])])
    finally:
        taken.close()
    assert run.exit_code == 2
    assert "cannot listen on 127.0.0.1 port" in run.output


@pytest.mark.slow
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


def start_server(tmp_path: Path, *options: str) -> tuple[subprocess.Popen[str], int]:
    """``matcher serve --port 0 --port-file``: the process and the port it took (read from
    its port file: bound before the file is written, so no other process can take it)."""
    port_file = tmp_path / "port.txt"
    server = subprocess.Popen(
        [sys.executable, "-m", "matcher", "serve", "--port", "0", "--port-file",
         str(port_file), "--data", str(tmp_path / "data"), *options],
        env=_env(MATCHER_LANG="en"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    deadline = time.monotonic() + 60
    while not port_file.exists():
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        assert time.monotonic() < deadline, "no port file"
        time.sleep(0.05)
    return server, int(port_file.read_text())


def stop_server(server: subprocess.Popen[str]) -> int:
    """Ctrl-C; its exit code."""
    server.send_signal(signal.SIGINT)
    try:
        return server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        pytest.fail("the server did not stop on Ctrl-C")


@pytest.mark.slow
def test_a_real_server_answers_over_http_and_stops_cleanly(tmp_path):
    server, port = start_server(tmp_path, "--time-limit", "2")
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            deadline = time.monotonic() + 60
            assert http.get("/health").status_code == 200  # listening since the port file
            pid = http.post("/problems", files=files()).json()["id"]
            checked = http.post("/check", json={"problem_id": pid, "assignment": TEAMS}).json()
            assert checked["violations"] == []
            jid = http.post("/solve", json={"problem_id": pid}).json()["id"]
            while (job := http.get(f"/jobs/{jid}").json())["status"] not in ("done", "failed"):
                assert time.monotonic() < deadline + 60
                time.sleep(0.1)
            assert job["status"] == "done" and job["result"]["assignment"]
    finally:
        code = stop_server(server)
    stderr = server.stderr.read() if server.stderr else ""
    assert code == 0, stderr
    assert f"http://127.0.0.1:{port}/" in stderr  # the port taken, not 0
    assert (tmp_path / "data" / "matcher.sqlite").exists()


@pytest.mark.slow
def test_a_real_server_refuses_another_host_and_origin(tmp_path):
    """Over real HTTP (uvicorn, not the test client): a name that is not the server's (DNS
    rebinding) and a POST from another origin are refused, the server's own pass."""
    server, port = start_server(tmp_path, "--allowed-host", "teams.example.org",
                                "--time-limit", "2", "--max-time-limit", "5", "--max-workers", "1",
                                "--keep-days", "30", "--max-stored-mb", "50")
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            rebound = http.get("/health", headers={"Host": f"attacker.example:{port}"})
            assert rebound.status_code == 403, rebound.text
            assert rebound.json()["error"]["code"] == "forbidden"
            assert rebound.headers["x-content-type-options"] == "nosniff"
            assert http.get("/health", headers={"Host": "teams.example.org"}).status_code == 200
            assert http.get("/health", headers={"Host": f"localhost:{port}"}).status_code == 200
            foreign = http.post("/problems", files=files(),
                                headers={"Origin": f"http://127.0.0.1:{port + 1}"})
            assert foreign.status_code == 403, foreign.text
            own = http.post("/problems", files=files(),
                            headers={"Origin": f"http://127.0.0.1:{port}"})
            assert own.status_code == 201, own.text
            plain = http.post("/check", content=b'{"problem_id": "x", "assignment": {}}',
                              headers={"Content-Type": "text/plain"})
            assert plain.status_code == 415, plain.text
            nan = http.post("/check", content=b'{"problem_id": NaN}',
                            headers={"Content-Type": "application/json"})
            assert nan.status_code == 422 and nan.json()["error"]["code"] == "invalid_problem"
            pid = own.json()["id"]
            ceiling = http.post("/solve", json={"problem_id": pid,
                                                "solver": {"time_limit": 6, "workers": 2}})
            assert ceiling.status_code == 422, ceiling.text
            assert {d["column"] for d in ceiling.json()["error"]["details"]} == {
                "solver.time_limit", "solver.workers"}
            assert http.get("/jobs").json()["jobs"] == []
    finally:
        assert stop_server(server) == 0
