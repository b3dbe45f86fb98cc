"""Ctrl-C and the live progress display, through a real process on a pseudo-terminal.

The solver runs in a real ``python -m matcher`` whose stdout is a pseudo-terminal, so that
the live progress is drawn as on an organiser's screen. The test waits (polling, never a
fixed sleep) until the display shows a best objective, sends SIGINT as Ctrl-C would, and
expects exit 0, the teams written and the words saying so.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from cli_support import PROJECTS, STUDENTS

from matcher import read_problem, solve
from matcher.result import Status
from matcher.sample import generate_cohort, write_cohort

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class PtyProcess:
    """``python -m matcher ARGS`` with stdout on a pty (read in a thread), stderr piped."""

    def __init__(self, *args: object, cwd: Path) -> None:
        import pty

        master, slave = pty.openpty()
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="40",
                   PYTHONIOENCODING="utf-8")
        env.pop("NO_COLOR", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "matcher", *map(str, args)],
                                     stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     cwd=cwd, env=env)
        os.close(slave)
        self.master = master
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if not ready:
                if self.proc.poll() is not None:
                    return
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed the terminal
                return
            if not data:
                return
            self.chunks.append(data)

    def text(self) -> str:
        return ANSI.sub("", b"".join(self.chunks).decode("utf-8", "replace"))

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.text())
            if found:
                return found
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.proc.kill()
        raise AssertionError(f"{pattern!r} never shown; exit {self.proc.poll()}; stdout:\n"
                             f"{self.text()[-2000:]}\nstderr:\n{self.proc.stderr.read()}")

    def finish(self, timeout: float) -> tuple[int, str]:
        try:
            _, err = self.proc.communicate(timeout=timeout)
        finally:
            self.reader.join(5)
            os.close(self.master)
        return self.proc.returncode, err.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 students, 30 ideas: proven optimal within seconds when nothing stops it."""
    d = tmp_path_factory.mktemp("cohort")
    write_cohort(*generate_cohort(300, 30, seed=1), d)
    return d


@pytest.mark.slow
def test_ctrl_c_writes_the_best_teams_found(tmp_path: Path) -> None:
    """The sample with the pairwise (MDGP) diversity term: a first formation comes within
    about a second, and its weak relaxation keeps a gap open for far longer than the test
    runs, so the search is still going when SIGINT arrives."""
    out, summary = tmp_path / "teams.csv", tmp_path / "summary.json"
    p = PtyProcess("solve", STUDENTS, PROJECTS, "-o", out, "--summary", summary,
                   "--weight", "pairwise=1", "--time-limit", 600, "--workers", 2,
                   cwd=tmp_path)
    shown = p.wait_for(r"best objective (\d+)", timeout=240)  # a first formation exists
    assert "searching" in p.text() and "Ctrl-C stops and keeps the best teams" in p.text()
    p.proc.send_signal(signal.SIGINT)
    code, err = p.finish(timeout=120)
    assert code == 0, err
    assert "Interrupted: stopping the search" in err
    assert f"Interrupted: wrote the best teams found so far to {out}" in err
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 41 and lines[0].startswith("student_id,name,project_id")
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["interrupted"] is True and s["status"] == "FEASIBLE"
    assert s["objective"] >= int(shown.group(1))  # at least as good as the one displayed
    assert "first choice" in p.text()  # the headline figures follow


@pytest.mark.slow
def test_quiet_on_a_terminal_shows_nothing(tmp_path: Path) -> None:
    p = PtyProcess("solve", STUDENTS, PROJECTS, "-o", tmp_path / "t.csv", "--quiet",
                   cwd=tmp_path)
    code, err = p.finish(timeout=120)
    assert code == 0, err
    assert p.text().strip() == "" and err == ""
    assert (tmp_path / "t.csv").is_file()


@pytest.mark.slow
def test_stop_set_before_the_search_is_honoured(cohort: Path) -> None:
    """A Ctrl-C that lands while the model is being built still stops the search (CP-SAT
    ignores ``stop_search`` until it has started; the library repeats it)."""
    problem = read_problem(cohort / "students.csv", cohort / "projects.csv")
    stop = threading.Event()
    stop.set()
    result = solve(problem, time_limit=300, workers=2, stop=stop)
    assert result.interrupted
    assert result.status is not Status.OPTIMAL
