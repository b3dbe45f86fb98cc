"""``sweep``: grid parsing, points that share teams and bounds, identical rows on a rerun, the
command and its outputs."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pytest
from cohort_files import write_cohort
from typer.testing import CliRunner

from matcher import Problem, Project, Student, check, objective, score
from matcher.cli import app
from matcher.dissimilarity import Dissimilarity
from matcher.errors import InputError, MatcherError
from matcher.issues import ProblemValidationError
from matcher.rules import Rules
from matcher.sweep import (
    NON_REPRODUCIBLE,
    grid_points,
    parse_grid,
    solve_order,
    sweep,
)

runner = CliRunner()


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: v for k, v in row.items() if k not in NON_REPRODUCIBLE}
                for row in csv.DictReader(fh)]


def read_teams(path: Path) -> dict[str, str | None]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return {r["student_id"]: r["project_id"] or None for r in csv.DictReader(fh)}


def brute_force_optimum(problem: Problem, weights: dict[str, int]) -> int | None:
    """The best objective over every assignment that breaks no rule (None: infeasible)."""
    choices: list[str | None] = [p.id for p in problem.projects]
    if problem.rules.allow_unassigned:
        choices.append(None)
    best = None
    for combo in itertools.product(choices, repeat=len(problem.students)):
        a = dict(zip((s.id for s in problem.students), combo, strict=True))
        if not check(problem, a):
            v = objective(problem, a, weights)
            best = v if best is None or v > best else best
    return best


def test_parse_grid_and_points() -> None:
    grid = parse_grid(["preference=1,2", "coverage.discipline=0, 10,10"])
    assert grid == {"preference": [1, 2], "discipline": [0, 10]}
    assert grid_points(grid) == [{"preference": 1, "discipline": 0},
                                 {"preference": 1, "discipline": 10},
                                 {"preference": 2, "discipline": 0},
                                 {"preference": 2, "discipline": 10}]


def test_solve_order_starts_at_the_corners() -> None:
    order = solve_order({"preference": [1, 2, 3, 4, 5], "discipline": [0, 30, 60]})
    assert sorted(order) == list(range(15))
    assert order[:4] == [0, 2, 12, 14]  # the four corners, then the halvings


@pytest.mark.parametrize(("spec", "message"), [
    (["preference"], "expected NAME=V1,V2"),
    (["nope=1"], "unknown scoring term 'nope'"),
    (["preference=1,x"], "whole number"),
    (["preference=1", "preference=2"], "two --grid options"),
])
def test_parse_grid_errors(spec: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_grid(spec)


def small_problem(**rules: object) -> Problem:
    return Problem(
        students=[Student(id=f"S{i}", discipline=d, institution=inst,
                          preferences=tuple(prefs.split()))
                  for i, (d, inst, prefs) in enumerate([
                      ("bio", "UT", "P Q"), ("bio", "UT", "P Q"), ("info", "INSA", "P"),
                      ("math", "UT", "Q P"), ("info", "UT", ""), ("bio", "INSA", "Q")])],
        projects=[Project(id="P", min_size=2, max_size=3), Project(id="Q", min_size=2, max_size=3),
                  Project(id="R", min_size=2, max_size=3, optional=True)],
        rules=Rules(**rules), pairwise=Dissimilarity(attributes={"discipline": 1}))


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_shared_rows_are_true_to_brute_force(jobs: int) -> None:
    problem = small_problem(allow_unassigned=True)
    grid = {"preference": [0, 1, 3], "discipline": [0, 2], "pairwise": [0, 1]}
    df = sweep(problem, grid, workers=1, jobs=jobs, point_time_limit=20)
    assert list(df["point"]) == list(range(12))
    for _, row in df.iterrows():
        weights = {k[len("weight_"):]: int(v) for k, v in row.items()
                   if k.startswith("weight_")}
        optimum = brute_force_optimum(problem, weights)
        teams = row["teams"]
        assert check(problem, teams) == []
        assert row["objective"] == objective(problem, teams, weights)
        assert {k: row[k] for k in score(problem, teams, weights)} == score(problem, teams,
                                                                             weights)
        assert row["best_bound"] >= optimum  # every bound, own or shared, is a bound
        assert row["status"] == "OPTIMAL" and row["objective"] == optimum
        assert json.loads(row["config"])["weights"] == weights  # the point's own weights
    # no row scores below another row's teams under its own weights
    for _, row in df.iterrows():
        weights = {k[len("weight_"):]: int(v) for k, v in row.items()
                   if k.startswith("weight_")}
        assert all(row["objective"] >= objective(problem, other, weights)
                   for other in df["teams"])


def test_a_multiple_of_a_solved_point_is_proven_without_a_search() -> None:
    # V(2w) = 2 V(w): once the ends are solved, the middle point is proven by their bounds
    problem = small_problem()
    df = sweep(problem, {"preference": [1, 2, 3]}, workers=1, jobs=1, point_time_limit=20)
    assert list(df["solve_order"]) == [0, 2, 1]
    middle = df.iloc[1]
    assert middle["solve_status"] == "NOT_RUN" and middle["status"] == "OPTIMAL"
    assert middle["bound_from"] == "shared" and middle["teams_from"] in (0, 2)
    assert middle["objective"] == brute_force_optimum(problem, {"preference": 2})


def test_without_sharing_each_point_stands_alone() -> None:
    problem = small_problem()
    df = sweep(problem, {"preference": [1, 2, 3]}, workers=1, jobs=1, point_time_limit=20,
               share=False)
    assert list(df["solve_order"]) == [0, 1, 2]
    assert list(df["teams_from"]) == [0, 1, 2] and df["hint_from"].isna().all()
    assert (df["solve_status"] == "OPTIMAL").all() and (df["bound_from"] == "own").all()


def test_library_raises_the_validation_error_of_solve() -> None:
    with pytest.raises(ProblemValidationError, match="nope"):
        sweep(small_problem(), {"nope": [1, 2]}, jobs=1)
    with pytest.raises(ProblemValidationError, match="unknown attribute"):
        sweep(small_problem(), {"blau.shoe_size": [1]}, jobs=1)
    with pytest.raises(InputError, match="too short"):
        sweep(small_problem(), {"preference": [1, 2, 3]}, jobs=1, time_limit=0.2)


@pytest.mark.slow
def test_rerun_gives_identical_rows_and_teams(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    base = ["sweep", students, projects, "--grid", "preference=1,3", "--grid",
            "discipline=0,5", "--workers", "1", "--seed", "7", "-t", "60", "-q"]
    outputs = {}
    for name, jobs in (("a", "1"), ("b", "1"), ("c", "2"), ("d", "2")):
        out = tmp_path / f"{name}.csv"
        res = runner.invoke(app, [*base, "-o", str(out), "--jobs", jobs,
                                  "--teams-dir", str(tmp_path / name)])
        assert res.exit_code == 0, res.output
        outputs[name] = read_rows(out)
    assert outputs["a"] == outputs["b"] and outputs["c"] == outputs["d"]
    for name in "ac":
        for row in outputs[name]:
            teams = read_teams(tmp_path / name / row["teams_file"])
            assert row["teams_file"] == f"point_{row['point']}.csv"
            assert int(row["discipline"]) == score_of(tmp_path, teams)["discipline"]
    rows = outputs["a"]
    assert [(r["weight_preference"], r["weight_discipline"]) for r in rows] == [
        ("1", "0"), ("1", "5"), ("3", "0"), ("3", "5")]
    for r in rows:
        assert json.loads(r["config"])["weights"]["discipline"] == int(r["weight_discipline"])
    row = rows[0]
    for column in ("weight_institution", "status", "gap", "teams_from", "bound_from",
                   "solve_status", "preference", "discipline", "institution",
                   "share_first_choice", "share_top3", "mean_rank", "mean_disciplines",
                   "mean_institutions", "mean_blau", "seed", "workers", "time_limit_s",
                   "matcher_version", "ortools_version", "python_version", "config",
                   "problem_sha256"):
        assert column in row
    assert all(r["status"] == "OPTIMAL" and r["seed"] == "7" and r["workers"] == "1"
               for r in rows)
    # more weight on disciplines never lowers the distinct disciplines found
    assert int(rows[1]["discipline"]) >= int(rows[0]["discipline"])


def score_of(directory: Path, teams: dict[str, str | None]) -> dict[str, int]:
    from matcher import read_problem

    problem = read_problem(str(directory / "students.csv"), str(directory / "projects.csv"))
    return score(problem, teams)


def test_point_time_limit_lets_short_points_fit(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    out = tmp_path / "s.csv"
    args = ["sweep", students, projects, "--grid", "preference=1,2,3", "-o", str(out),
            "--jobs", "1", "-q"]
    res = runner.invoke(app, [*args, "-t", "5", "--point-time-limit", "0.1"])
    assert res.exit_code == 0, res.output
    rows = read_rows(out)
    assert len(rows) == 3 and all(r["time_limit_s"] in ("0.1", "") or
                                  float(r["time_limit_s"]) <= 0.1 for r in rows)
    assert all(r["objective"] for r in rows)  # every point has teams
    # three points share 5 s without a pool to start: no longer refused
    res = runner.invoke(app, [*args, "-t", "5"])
    assert res.exit_code == 0, res.output


def test_sweep_row_and_summary_agree_on_the_figures(tmp_path: Path) -> None:
    # S9 ranked nothing: the share of first choices is over the 8 students who ranked
    students, projects = write_cohort(tmp_path)
    with open(students, "a", encoding="utf-8") as fh:
        fh.write("S9,Ivy,math,UT,F,\n")
    out, teams = tmp_path / "s.csv", tmp_path / "teams"
    res = runner.invoke(app, ["sweep", students, projects, "--grid", "preference=1",
                              "-o", str(out), "--teams-dir", str(teams), "-q", "--jobs", "1",
                              "-t", "30"])
    assert res.exit_code == 0, res.output
    row = read_rows(out)[0]
    summary = tmp_path / "summary.json"
    res = runner.invoke(app, ["check", students, projects, str(teams / row["teams_file"]),
                              "--summary", str(summary)])
    assert res.exit_code == 0, res.output
    figures = json.loads(summary.read_text(encoding="utf-8"))["figures"]
    assert figures["ranked"] == 8
    for name in ("share_first_choice", "share_top3", "mean_rank", "mean_disciplines",
                 "mean_institutions"):
        assert float(row[name]) == pytest.approx(figures[name], abs=1e-6), name


def test_command_reports_bad_grid(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    res = runner.invoke(app, ["sweep", students, projects, "--grid", "wat=1",
                              "-o", str(tmp_path / "s.csv")])
    assert res.exit_code == 2
    assert "unknown scoring term 'wat'" in res.output
    assert not (tmp_path / "s.csv").exists()


@pytest.mark.slow
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
