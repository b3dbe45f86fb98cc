"""A client generated from the served ``/openapi.json`` by ``openapi-python-client`` solves,
polls, checks and exports against a real ``matcher serve`` (with a token) on loopback: the
README's worked example, run as it is written there.

The generator lives in its own environment (it pins its own httpx and typer): ``.venv-client``
at the repository's root (``.ci/run`` makes it), ``MATCHER_OPENAPI_CLIENT`` or the ``PATH``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from serve_api_support import TEAMS
from test_api_serve_command import ROOT, start_server, stop_server

from matcher.serve.requests import _PROBLEM

pytestmark = pytest.mark.slow
TOKEN = "s3cret"


def _generator() -> str:
    found = (os.environ.get("MATCHER_OPENAPI_CLIENT")
             or shutil.which("openapi-python-client")
             or next((str(p) for p in [ROOT / ".venv-client" / "bin" / "openapi-python-client"]
                      if p.exists()), None))
    if found is None:
        pytest.skip("openapi-python-client not found: python3 -m venv .venv-client && "
                    ".venv-client/bin/pip install openapi-python-client")
    return found


def readme_block(kind: str) -> str:
    """The README's code block after ``<!-- generated-client: kind -->``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- generated-client: {kind} -->\n```[a-z]*\n(.*?)```", text, re.S)
    assert match, kind
    return match.group(1)


def test_the_readme_s_client_solves_checks_and_exports(tmp_path):
    generator = _generator()
    server, port = start_server(tmp_path, "--token", TOKEN, "--time-limit", "5")
    base = f"http://127.0.0.1:{port}"
    try:
        shell = readme_block("shell").replace("127.0.0.1:8765", f"127.0.0.1:{port}")
        fetch, *steps = [line.removeprefix("$ ") for line in shell.splitlines()]
        assert fetch.startswith("curl ") and fetch.endswith("> openapi.json")
        document = httpx.get(f"{base}/openapi.json",
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
        assert document.status_code == 200
        (tmp_path / "openapi.json").write_bytes(document.content)
        path = os.pathsep.join([str(Path(generator).parent), os.environ.get("PATH", "")])
        for step in steps:  # the README's lines, as they are
            done = subprocess.run(["bash", "-c", step], cwd=tmp_path, capture_output=True,
                                  text=True, timeout=300, env={**os.environ, "PATH": path})
            assert done.returncode == 0, (step, done.stdout + done.stderr)
        assert (tmp_path / "matcher_client" / "api" / "default" / "post_solve.py").exists()

        (tmp_path / "problem.json").write_text(json.dumps(_PROBLEM))
        code = readme_block("python").replace("127.0.0.1:8765", f"127.0.0.1:{port}")
        ran = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                             text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(tmp_path)})
        assert ran.returncode == 0, ran.stderr
        status, objective, violations = ran.stdout.split()
        assert status == "done" and violations == "0"
        with httpx.Client(base_url=f"{base}/api/v1", timeout=30,
                          headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            job = http.get("/jobs").json()["jobs"][0]
            result = http.get(f"/jobs/{job['id']}").json()["result"]
        assert int(objective) == result["objective"]
        rows = (tmp_path / "teams.csv").read_text().splitlines()
        assert len(rows) == 1 + len(TEAMS)  # a header, then one row per student
        assert {r.split(",")[0] for r in rows[1:]} == set(TEAMS)
    finally:
        stop_server(server)
