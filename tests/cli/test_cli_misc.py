"""``matcher sample``, ``--version`` and the help of every command."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cli_support import cli

from matcher import __version__, read_problem
from matcher.cli import app


def _commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]


def test_version() -> None:
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"matcher {__version__}"


def test_no_arguments_prints_help() -> None:
    result = cli()
    assert "solve" in result.output and "Quick start" in result.output


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_a_worked_example(command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"matcher {command}" in result.stdout  # the example runs this very command


def test_the_issue_commands_exist() -> None:
    assert {"solve", "check", "sample", "solve-json", "schema"} <= set(_commands())


def test_sample_writes_a_cohort_that_solves(tmp_path: Path) -> None:
    d = tmp_path / "cohort"
    result = cli("sample", "--students", 30, "--projects", 6, "-o", d, "--seed", 4)
    assert result.exit_code == 0, result.stderr
    problem = read_problem(d / "students.csv", d / "projects.csv")
    assert len(problem.students) == 30 and len(problem.projects) == 6
    first = (d / "students.csv").read_bytes()
    # same seed, same cohort; an existing cohort is kept unless --force
    again = cli("sample", "--students", 30, "--projects", 6, "-o", d, "--seed", 4)
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = cli("sample", "--students", 30, "--projects", 6, "-o", d, "--seed", 4, "--force")
    assert forced.exit_code == 0 and (d / "students.csv").read_bytes() == first
    solved = cli("solve", d / "students.csv", d / "projects.csv", "-o", tmp_path / "t.csv",
                 "-q", "--time-limit", 60)
    assert solved.exit_code == 0, solved.stderr
    with open(tmp_path / "t.csv", encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 30


def test_sample_bad_arguments(tmp_path: Path) -> None:
    assert cli("sample", "--students", 0, "-o", tmp_path / "x").exit_code == 2
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = cli("sample", "-o", tmp_path / "file")
    assert result.exit_code == 2 and "not a directory" in result.stderr
