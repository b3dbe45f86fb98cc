"""``sweep``: grid parsing, one row per point, identical rows on a rerun, the command."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cohort_files import write_cohort
from typer.testing import CliRunner

from matcher import Problem, Project, Student
from matcher.cli import app
from matcher.errors import InputError, MatcherError
from matcher.sweep import NON_REPRODUCIBLE, grid_points, parse_grid, sweep

runner = CliRunner()


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: v for k, v in row.items() if k not in NON_REPRODUCIBLE}
                for row in csv.DictReader(fh)]


def test_parse_grid_and_points() -> None:
    grid = parse_grid(["preference=1,2", "coverage.discipline=0, 10,10"])
    assert grid == {"preference": [1, 2], "discipline": [0, 10]}
    assert grid_points(grid) == [{"preference": 1, "discipline": 0},
                                 {"preference": 1, "discipline": 10},
                                 {"preference": 2, "discipline": 0},
                                 {"preference": 2, "discipline": 10}]


@pytest.mark.parametrize(("spec", "message"), [
    (["preference"], "expected NAME=V1,V2"),
    (["nope=1"], "unknown scoring term 'nope'"),
    (["preference=1,x"], "whole number"),
    (["preference=1", "preference=2"], "two --grid options"),
])
def test_parse_grid_errors(spec: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_grid(spec)


def test_rerun_gives_identical_rows_in_process_and_in_processes(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    # -t is the command's wall clock, shared by the 4 points: about 10 s each
    base = ["sweep", students, projects, "--grid", "preference=1,3", "--grid",
            "discipline=0,5", "--workers", "1", "--seed", "7", "-t", "60", "-q"]
    first, second, pooled = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    for out, jobs in ((first, "1"), (second, "1"), (pooled, "2")):
        res = runner.invoke(app, [*base, "-o", str(out), "--jobs", jobs])
        assert res.exit_code == 0, res.output
    rows = read_rows(first)
    assert rows == read_rows(second) == read_rows(pooled)
    assert [r["point"] for r in rows] == ["0", "1", "2", "3"]
    assert [(r["weight_preference"], r["weight_discipline"]) for r in rows] == [
        ("1", "0"), ("1", "5"), ("3", "0"), ("3", "5")]
    row = rows[0]
    for column in ("weight_institution", "status", "gap", "preference", "discipline",
                   "institution", "share_first_choice", "mean_rank", "mean_disciplines",
                   "mean_institutions", "mean_blau", "seed", "workers", "matcher_version",
                   "ortools_version", "python_version", "config", "problem_sha256"):
        assert column in row
    assert all(r["status"] == "OPTIMAL" and r["seed"] == "7" and r["workers"] == "1"
               for r in rows)
    # more weight on disciplines never lowers the distinct disciplines found
    assert int(rows[1]["discipline"]) >= int(rows[0]["discipline"])


def test_command_reports_bad_grid(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    res = runner.invoke(app, ["sweep", students, projects, "--grid", "wat=1",
                              "-o", str(tmp_path / "s.csv")])
    assert res.exit_code == 2
    assert "unknown scoring term 'wat'" in res.output
    assert not (tmp_path / "s.csv").exists()


def test_unreachable_scheduler_is_an_error() -> None:
    import socket

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    students = [Student(id="a")]
    problem = Problem(students=students, projects=[Project(id="P", max_size=1)])
    with pytest.raises(MatcherError, match="cannot reach the Dask scheduler"):
        sweep(problem, {"preference": [1]}, scheduler=f"tcp://127.0.0.1:{port}",
              connect_timeout=1)
