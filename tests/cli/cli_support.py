"""Shared helpers of the command-line tests (imported by the ``test_cli_*`` files)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from matcher.cli import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
STUDENTS = SAMPLES / "students.csv"
PROJECTS = SAMPLES / "projects.csv"
DATA = ROOT / "tests" / "data"
BROKEN = DATA / "broken"
FORMS = DATA / "forms"


def cli(*args: object, input: str | None = None):  # noqa: A002 - click's name
    """Run the app in-process; ``result.stdout`` and ``result.stderr`` are separate."""
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def run(*args: object, cwd: Path | None = None, timeout: float = 300,
        input: str | None = None,  # noqa: A002
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m matcher ARGS`` in a real subprocess (``env`` added to the
    environment)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", **(env or {}))
    return subprocess.run([sys.executable, "-m", "matcher", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=env,
                          input=input, encoding="utf-8")
