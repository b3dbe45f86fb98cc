"""``pareto``: the epsilon-constraint front equals the brute-force non-dominated set."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest
from cohort_files import write_cohort
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from matcher import Problem, Project, Student, check
from matcher.cli import app
from matcher.dissimilarity import Dissimilarity
from matcher.issues import ProblemValidationError
from matcher.pareto import pareto_front, trace_front
from matcher.registry import make_term
from matcher.rules import Rules

runner = CliRunner()


def brute_force_front(problem: Problem, x: str, y: str) -> list[tuple[int, int]]:
    """The non-dominated (x, y) values over every assignment that breaks no rule."""
    tx, ty = make_term(x), make_term(y)
    choices: list[str | None] = [p.id for p in problem.projects]
    if problem.rules.allow_unassigned:
        choices.append(None)
    values = set()
    for combo in itertools.product(choices, repeat=len(problem.students)):
        a = dict(zip((s.id for s in problem.students), combo, strict=True))
        if not check(problem, a):
            values.add((tx.value(problem, a), ty.value(problem, a)))
    front = [v for v in values
             if not any(w != v and w[0] >= v[0] and w[1] >= v[1] for w in values)]
    return sorted(front)


@st.composite
def tiny_problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(2, 5))
    pids = [f"P{j}" for j in range(draw(st.integers(1, 3)))]
    students = [Student(id=f"S{i}", discipline=draw(st.sampled_from(["bio", "info", "math"])),
                        attributes={"gender": draw(st.sampled_from(["F", "M"]))},
                        preferences=tuple(draw(st.permutations(pids))[:draw(
                            st.integers(0, len(pids)))]))
                for i in range(n)]
    projects = [Project(id=p, min_size=draw(st.integers(1, 2)), max_size=draw(st.integers(2, 3)),
                        optional=draw(st.booleans())) for p in pids]
    return Problem(students=students, projects=projects,
                   rules=Rules(allow_unassigned=draw(st.booleans())),
                   pairwise=Dissimilarity(attributes={"gender": 1, "discipline": 2}))


PAIRS = [("preference", "discipline"), ("preference", "pairwise"),
         ("blau.gender", "preference"), ("unassigned", "min_points")]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(), st.sampled_from(PAIRS))
def test_front_equals_brute_force(problem: Problem, pair: tuple[str, str]) -> None:
    x, y = pair
    front = trace_front(problem, x, y, workers=1)
    assert front.complete and all(p.exact for p in front.points)
    assert [(p.x, p.y) for p in front.points] == brute_force_front(problem, x, y)
    for p in front.points:  # the teams of each point reach its values and break no rule
        assert check(problem, p.assignment) == []
        assert make_term(x).value(problem, p.assignment) == p.x
        assert make_term(y).value(problem, p.assignment) == p.y
    assert front.infeasible == (front.points == [])


def test_same_term_twice_is_refused() -> None:
    p = Problem(students=[Student(id="a")], projects=[Project(id="P", max_size=1)])
    with pytest.raises(ProblemValidationError, match="same term"):
        pareto_front(p, "discipline", "coverage.discipline")
    with pytest.raises(ProblemValidationError, match="unknown scoring term 'happiness'"):
        pareto_front(p, "discipline", "happiness")  # as solve: not a KeyError


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems(), st.sampled_from(PAIRS), st.integers(2, 4))
def test_a_step_keeps_every_point_on_the_front(problem: Problem, pair: tuple[str, str],
                                               step: int) -> None:
    x, y = pair
    exact = brute_force_front(problem, x, y)
    front = trace_front(problem, x, y, workers=1, step=step)
    values = [(p.x, p.y) for p in front.points]
    assert set(values) <= set(exact) and values[:1] == exact[:1]
    assert all(b[0] - a[0] >= step for a, b in itertools.pairwise(values))
    assert not front.exact or step == 1


def test_library_table_has_provenance_and_teams() -> None:
    p = Problem(students=[Student(id="a", discipline="bio", preferences=("P", "Q")),
                          Student(id="b", discipline="bio", preferences=("P", "Q")),
                          Student(id="c", discipline="info", preferences=("Q", "P"))],
                projects=[Project(id="P", max_size=2), Project(id="Q", max_size=2)])
    df = pareto_front(p, "preference", "discipline", workers=1, seed=3, time_limit=30)
    assert df.attrs["exact"] and df.attrs["complete"]
    assert list(zip(df["preference"], df["discipline"], strict=True)) == [(5, 3), (6, 2)]
    assert list(df["y_bound"]) == [3, 2] and list(df["x_bound"]) == [5, 6]
    assert (df["gap"] == 0).all() and df["dominated_by"].isna().all()
    assert (df["seed"] == 3).all() and (df["step"] == 1).all()
    for column in ("wall_time_s", "matcher_version", "ortools_version", "python_version",
                   "problem_sha256", "solve_time_limit_s", "share_first_choice"):
        assert column in df
    for _, row in df.iterrows():
        assert make_term("preference").value(p, row["teams"]) == row["preference"]


@pytest.mark.slow
def test_command_writes_front_teams_and_plot(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    out, teams = tmp_path / "front.csv", tmp_path / "fronts"
    args = ["pareto", students, projects, "--x", "preference", "--y", "discipline",
            "-o", str(out), "--teams-dir", str(teams), "--workers", "1", "-t", "30"]
    plot = tmp_path / "front.png"
    has_plot = True
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        has_plot = False
    if has_plot:
        args += ["--plot", str(plot)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and list(rows[0])[:8] == ["point", "preference", "discipline", "exact",
                                          "y_status", "x_status", "y_bound", "x_bound"]
    xs = [int(r["preference"]) for r in rows]
    ys = [int(r["discipline"]) for r in rows]
    assert xs == sorted(xs) and ys == sorted(ys, reverse=True)
    assert all(r["exact"] == "True" for r in rows)
    for r in rows:
        with open(teams / r["teams_file"], newline="", encoding="utf-8") as fh:
            assert len(list(csv.DictReader(fh))) == 8
    if has_plot:
        assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_command_rejects_unknown_term(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    res = runner.invoke(app, ["pareto", students, projects, "--x", "preference", "--y",
                              "happiness", "-o", str(tmp_path / "f.csv")])
    assert res.exit_code == 2
    assert "unknown scoring term 'happiness'" in res.output


@pytest.mark.slow
def test_resume_continues_the_front(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    whole, part = tmp_path / "whole.csv", tmp_path / "part.csv"
    base = ["pareto", students, projects, "--x", "preference", "--y", "blau.gender",
            "--workers", "1", "-t", "60", "-q"]
    res = runner.invoke(app, [*base, "-o", str(whole)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, [*base, "-o", str(part), "--max-points", "1",
                              "--teams-dir", str(tmp_path / "teams")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, [*base, "-o", str(part), "--resume",
                              "--teams-dir", str(tmp_path / "teams")])
    assert res.exit_code == 0, res.output

    def values(path: Path) -> list[tuple[str, str, str]]:
        with open(path, newline="", encoding="utf-8") as fh:
            return [(r["point"], r["preference"], r["blau.gender"])
                    for r in csv.DictReader(fh)]

    assert len(values(whole)) > 1 and values(part) == values(whole)
    # a front traced on other terms is refused
    res = runner.invoke(app, [*base[:3], "--x", "institution", "--y", "blau.gender",
                              "-o", str(part), "--resume", "-q"])
    assert res.exit_code == 2 and "other terms" in res.output


def test_step_skips_points(tmp_path: Path) -> None:
    students, projects = write_cohort(tmp_path)
    out = tmp_path / "front.csv"
    res = runner.invoke(app, ["pareto", students, projects, "--x", "blau.gender", "--y",
                              "preference", "-o", str(out), "--step", "3", "--workers", "1",
                              "-t", "30", "-q"])
    assert res.exit_code == 0, res.output
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    xs = [int(r["blau.gender"]) for r in rows]
    assert all(b - a >= 3 for a, b in itertools.pairwise(xs))
    assert [r["eps"] for r in rows] == ["", *(str(x + 3) for x in xs[:-1])]
    assert all(r["step"] == "3" for r in rows)
