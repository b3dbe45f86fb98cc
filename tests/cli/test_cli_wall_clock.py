"""The command's promises: the time limit is its wall clock, the teams are written before the
explanations (which may fail, run out of memory or be interrupted without losing them), the
terminal output scales, and the arithmetic reason comes first."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from cli_support import PROJECTS, STUDENTS, cli
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

import matcher.cli.after_teams as after_teams
import matcher.cli.progress as cli_progress
from matcher.cli import clock
from matcher.cli.errors import ExitCode
from matcher.cli.output import PRINT_MAX, print_low_placements, print_teams
from matcher.problem import Problem, Project, Student
from matcher.result import Result, Status
from matcher.sample import generate_cohort, write_cohort


def _solve(tmp_path: Path, *extra: object):
    teams, summary = tmp_path / "teams.csv", tmp_path / "summary.json"
    r = cli("solve", STUDENTS, PROJECTS, "-o", teams, "--summary", summary, "--workers", 1,
            "-t", 30, *extra)
    return r, teams, summary


# ------------------------------------------------------------------ teams before explanations


@pytest.mark.parametrize("error", [RuntimeError("boom"), MemoryError()])
def test_teams_and_summary_survive_failing_explanations(tmp_path: Path, monkeypatch,
                                                        error: BaseException) -> None:
    def broken(*args: object, **kwargs: object) -> list:
        raise error

    monkeypatch.setattr(after_teams, "low_placement_reasons_within", broken)
    r, teams, summary = _solve(tmp_path)
    assert r.exit_code == int(ExitCode.PARTIAL), r.stderr
    assert teams.exists() and teams.read_text(encoding="utf-8-sig").startswith("student_id")
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["teams"] and data["low_placement_reasons"] == "error"
    assert "written and kept" in r.stderr and str(teams) in r.stderr
    assert ("out of memory" if isinstance(error, MemoryError) else "boom") in r.stderr


@pytest.mark.slow
def test_ctrl_c_during_explanations_keeps_what_was_written(tmp_path: Path,
                                                           monkeypatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> list:
        raise KeyboardInterrupt

    monkeypatch.setattr(after_teams, "low_placement_reasons_within", interrupted)
    r, teams, summary = _solve(tmp_path, "--report", tmp_path / "r.html")
    assert r.exit_code == int(ExitCode.PARTIAL), r.stderr
    assert teams.exists()
    data = json.loads(summary.read_text(encoding="utf-8"))
    # the first write: reasons still pending, the ranked-nothing students already said
    assert data["low_placement_reasons"] == "pending"
    assert any(x["reason"] is None for x in data["low_placements"])
    assert not (tmp_path / "r.html").exists()
    assert "Interrupted during the explanations" in r.stderr


def test_summary_rewritten_with_reasons(tmp_path: Path) -> None:
    r, teams, summary = _solve(tmp_path, "--quiet")
    assert r.exit_code == 0, r.stderr
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["low_placement_reasons"] in ("done", "time")
    assert data["low_placements"] and all(x["reason"] for x in data["low_placements"])
    assert data["time_limit_s"] == 30
    assert data["search_time_limit_s"] < 30  # reading, writing and explanations came off it


@pytest.mark.slow
def test_explanations_past_their_share_are_cut(tmp_path: Path, monkeypatch) -> None:
    def slow(*args: object, **kwargs: object) -> list:
        import time

        time.sleep(60)
        return []

    monkeypatch.setattr(after_teams, "low_placement_reasons_within", slow)
    # the window runs to the deadline (the search's unused time included): a short limit
    r, teams, summary = _solve(tmp_path, "--explain-time", 1, "-t", 5)
    assert r.exit_code == 0, r.stderr
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["time_limit_s"] == 5
    assert data["low_placement_reasons"] == "time"
    ranked = [x for x in data["low_placements"] if x["reason"] != "ranked no project"]
    assert ranked and all("matcher explain --student" in x["reason"] for x in ranked)


def test_explain_time_must_be_less_than_the_limit(tmp_path: Path) -> None:
    r, teams, _ = _solve(tmp_path, "--explain-time", 30)
    assert r.exit_code == 2
    assert "--explain-time" in r.stderr and not teams.exists()


# ------------------------------------------------------------------ exit 3, nothing written


def test_a_limit_spent_reading_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    teams, summary = tmp_path / "teams.csv", tmp_path / "s.json"
    r = cli("solve", STUDENTS, PROJECTS, "-o", teams, "--summary", summary, "-t", 0.001)
    assert r.exit_code == 3, r.stderr
    assert "nothing was written" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_with_a_reason_exits_3_and_says_it(tmp_path: Path, monkeypatch) -> None:
    def too_short(problem: Problem, **kwargs: object) -> Result:
        return Result(status=Status.UNKNOWN, time_limit_s=kwargs.get("time_limit"),
                      reasons=["the time limit ended while the model was being built"])

    monkeypatch.setattr(cli_progress, "solve", too_short)
    teams = tmp_path / "teams.csv"
    r = cli("solve", STUDENTS, PROJECTS, "-o", teams, "--summary", tmp_path / "s.json")
    assert r.exit_code == 3
    assert "while the model was being built" in r.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ arithmetic first


def _impossible(tmp_path: Path) -> tuple[Path, Path]:
    """The README's example: 3 ideas that must open with exactly 4 members, 2 optional ones
    with exactly 5, 15 students."""
    projects = tmp_path / "projects.csv"
    projects.write_text("id,min_size,max_size,optional\n"
                        + "".join(f"P{i},4,4,no\n" for i in (1, 2, 3))
                        + "".join(f"P{i},5,5,yes\n" for i in (4, 5)), encoding="utf-8")
    students = tmp_path / "students.csv"
    students.write_text("id,discipline,preferences\n"
                        + "".join(f"S{i:02d},d{i % 3},P{i % 5 + 1}\n" for i in range(15)),
                        encoding="utf-8")
    return students, projects


@pytest.mark.slow
def test_arithmetic_reason_comes_first(tmp_path: Path) -> None:
    students, projects = _impossible(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    r = cli("solve", students, projects, "-o", out / "teams.csv", "-t", 20)
    assert r.exit_code == 1, r.stderr
    lines = r.stderr.splitlines()
    assert lines[0] == "No formation satisfies the rules:"
    assert "teams can total 12, 17 or 22 students, never the 15 in the cohort" in lines[1]
    assert r.stderr.index("never the 15") < r.stderr.index("rules in conflict")
    assert list(out.iterdir()) == []


# ------------------------------------------------------------------ terminal output


def _low(n: int) -> list[dict]:
    return [{"student_id": f"S{i:03d}", "project_id": "P1", "rank": 5, "reason": f"why {i}"}
            for i in range(n)]


@pytest.mark.parametrize("where", [["s.json", "r.html"], []])
def test_at_most_20_low_placements_then_where_the_rest_are(where: list[str]) -> None:
    buffer = io.StringIO()
    print_low_placements(Console(file=buffer, width=200), _low(PRINT_MAX + 7), where=where)
    text = buffer.getvalue()
    assert f"({PRINT_MAX + 7})" in text
    assert sum(line.startswith("  S") for line in text.splitlines()) == PRINT_MAX
    assert "and 7 more" in text
    assert ("s.json and r.html" in text) if where else ("--summary" in text)


def test_few_low_placements_are_all_printed() -> None:
    buffer = io.StringIO()
    print_low_placements(Console(file=buffer, width=200), _low(3))
    assert "more" not in buffer.getvalue() and "why 2" in buffer.getvalue()


def test_many_teams_one_line_each_without_names() -> None:
    projects = [Project(id=f"P{j:03d}", title=f"Idea {j}", min_size=1, max_size=3)
                for j in range(300)]
    students = [Student(id=f"S{i:04d}", name=f"Name{i}", discipline=f"d{i % 7}",
                        preferences=(f"P{i % 300:03d}",)) for i in range(600)]
    problem = Problem(students=students, projects=projects)
    assignment = {s.id: f"P{i % 300:03d}" for i, s in enumerate(students)}
    buffer = io.StringIO()
    print_teams(Console(file=buffer, width=100), problem, assignment)
    lines = buffer.getvalue().splitlines()
    team_lines = [line for line in lines if re.match(r"P\d{3} ", line)]
    assert len(team_lines) == 300
    assert all(len(line) <= 100 for line in lines)
    assert "Name1" not in buffer.getvalue()


@pytest.mark.slow
def test_show_teams_none_and_full(tmp_path: Path) -> None:
    r, _, _ = _solve(tmp_path, "--show-teams", "none")
    assert r.exit_code == 0 and "Members (rank)" not in r.stdout and "first choice" in r.stdout
    r, _, _ = _solve(tmp_path, "--show-teams", "full")
    assert r.exit_code == 0 and "Members (rank)" in r.stdout
    r, _, _ = _solve(tmp_path, "--show-teams", "some")
    assert r.exit_code == 2 and "--show-teams" in r.stderr


@pytest.mark.slow
def test_check_report_within_its_time_limit(tmp_path: Path) -> None:
    r, teams, _ = _solve(tmp_path, "--quiet")
    assert r.exit_code == 0
    report = tmp_path / "check.html"
    r = cli("check", STUDENTS, PROJECTS, teams, "--report", report, "-t", 20, "-q")
    assert r.exit_code == 0, r.stderr
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_sweep_shares_its_time_limit_among_points(tmp_path: Path) -> None:
    out = tmp_path / "sweep.csv"
    r = cli("sweep", STUDENTS, PROJECTS, "-g", "preference=1,2", "-g", "discipline=0,5",
            "-o", out, "-t", 20, "-j", 1)
    assert r.exit_code == 0, r.stderr
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 4 and all(float(row["time_limit_s"]) < 20 / 4 for row in rows)
    r = cli("sweep", STUDENTS, PROJECTS, "-g", "preference=1,2", "-o", tmp_path / "x.csv",
            "-t", 0.01, "-j", 1)
    assert r.exit_code == 3 and not (tmp_path / "x.csv").exists()


@pytest.mark.slow
def test_a_real_process_writes_teams_and_report(tmp_path: Path) -> None:
    """Through ``python -m matcher`` (the clock from the process's start, the forked
    explanations), on a cohort large enough for the compact table."""
    from cli_support import run

    s, p = generate_cohort(200, 36, seed=3)
    students, projects = write_cohort(s, p, tmp_path)
    teams, summary, report = tmp_path / "t.csv", tmp_path / "s.json", tmp_path / "r.html"
    r = run("solve", students, projects, "-o", teams, "--summary", summary, "--report",
            report, "-t", 20, "--workers", 1)
    assert r.returncode == 0, r.stderr
    assert teams.exists() and report.exists()
    assert "--show-teams full lists the members" in r.stdout
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["low_placement_reasons"] in ("done", "time")


# ------------------------------------------------------------------ the time plan


@given(limit=st.floats(0.01, 10_000), explicit=st.none() | st.floats(0, 5_000),
       n=st.integers(1, 20_000), xlsx=st.booleans(), files=st.integers(1, 3),
       explain=st.booleans())
def test_the_plan_never_spends_more_than_is_left(limit: float, explicit: float | None, n: int,
                                                 xlsx: bool, files: int,
                                                 explain: bool) -> None:
    from matcher.errors import InputError

    clock.begin()
    try:
        plan = clock.plan_time(limit, n, xlsx=xlsx, files=files, explain=explain,
                               explain_time=explicit)
    except InputError:
        assert explicit is not None and explicit >= limit
        return
    # the three parts add up to what the reading left, never more than the limit
    assert plan.search + plan.explain + plan.write <= limit + 1e-9
    assert plan.clock.limit == limit
    if explain and explicit is None:
        assert 0 <= plan.explain <= limit / 2
    if not explain:
        assert plan.explain == 0


@pytest.mark.slow
def test_ctrl_c_in_a_real_process_during_explanations(tmp_path: Path) -> None:
    """SIGINT while the forked explanations run: the teams and the first summary stay, exit 4
    (the child is killed, not waited for)."""
    import os
    import signal
    import subprocess
    import sys

    s, p = generate_cohort(300, 36, seed=5)
    students, projects = write_cohort(s, p, tmp_path)
    teams, summary = tmp_path / "t.csv", tmp_path / "s.json"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    args = ["solve", students, projects, "-o", teams, "--summary", summary, "-t", 120,
            "--explain-time", 60, "--workers", 1]
    proc = subprocess.Popen([sys.executable, "-m", "matcher", *map(str, args)],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env)
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:  # the search ends, then "Explaining N low placements..."
        seen.append(line)
        if line.startswith("Explaining"):
            break
    assert any(line.startswith("Explaining") for line in seen), "".join(seen)
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    code = proc.wait(timeout=300)
    assert code == int(ExitCode.PARTIAL), "".join(seen) + rest
    assert teams.exists()
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["low_placement_reasons"] == "pending" and data["teams"]
    assert "Interrupted during the explanations" in rest
