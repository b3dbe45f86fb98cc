"""``matcher solve`` and ``matcher check`` end to end: outputs, figures, exit codes, safety."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from cli_support import FORMS, PROJECTS, STUDENTS, cli, run
from openpyxl import load_workbook

import matcher.cli.progress as cli_progress
from matcher.result import Result, Status

TEAM_COLUMNS = ["student_id", "name", "project_id", "project_title", "rank", "discipline",
                "institution"]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The sample solved once, with a summary."""
    d = tmp_path_factory.mktemp("solved")
    result = cli("solve", STUDENTS, PROJECTS, "-o", d / "teams.csv", "--summary",
                 d / "summary.json", "--time-limit", 60)
    return d, result


def test_sample_solves_to_the_known_optimum(solved: tuple[Path, object]) -> None:
    d, result = solved
    assert result.exit_code == 0, result.stderr
    rows = _rows(d / "teams.csv")
    assert len(rows) == 40
    assert list(rows[0])[: len(TEAM_COLUMNS)] == TEAM_COLUMNS
    assert {r["student_id"] for r in rows} == {f"S{i:03d}" for i in range(1, 41)}
    assert all(r["project_id"] for r in rows)
    summary = json.loads((d / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "OPTIMAL"
    # choices first (the default): nobody unranked, proven; the weighted sum under that is
    # 758 (the plain sum's optimum, 759, places a student on an idea they did not rank)
    assert summary["objective"] == summary["best_bound"] == 758
    assert summary["choices"]["unranked"] == summary["choices"]["unranked_minimum"] == 0
    assert summary["gap"] == 0
    for key in ("wall_time_s", "weights", "terms", "teams"):
        assert key in summary
    assert summary["weights"] == {"preference": 1, "discipline": 10, "institution": 5}
    assert sum(t["size"] for t in summary["teams"]) == 40
    team = summary["teams"][0]
    for key in ("project_id", "title", "members", "distinct_disciplines",
                "distinct_institutions", "mean_rank"):
        assert key in team
    # the printed headline figures and table agree with the files
    out = result.stdout
    for text in ("first choice", "top 3", "disciplines / team", "institutions / team",
                 "objective           758", "proven bound        758", "gap", "OPTIMAL",
                 "0 students on an idea they did not rank: the proven minimum",
                 "Teams", "Members (rank)"):
        assert text in out, text
    assert f"{summary['figures']['first_choice']} of {summary['figures']['ranked']}" in out
    assert "searching" not in out  # no live progress when stdout is not a terminal


def test_check_accepts_solve_output(solved: tuple[Path, object], tmp_path: Path) -> None:
    d, _ = solved
    result = cli("check", STUDENTS, PROJECTS, d / "teams.csv", "--summary",
                 tmp_path / "check.json")
    assert result.exit_code == 0, result.stderr
    assert "break none of the rules" in result.stdout
    assert "758" in result.stdout  # the same objective, computed without a solver
    report = json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))
    assert report["valid"] and report["violations"] == [] and report["objective"] == 758


def test_check_lists_every_broken_rule(solved: tuple[Path, object], tmp_path: Path) -> None:
    d, _ = solved
    rows = _rows(d / "teams.csv")
    # move one member of the first team to the second: its size and the sizes can break;
    # drop another student altogether: no team
    first, second = rows[0]["project_id"], next(r["project_id"] for r in rows
                                                if r["project_id"] != rows[0]["project_id"])
    dropped = rows[-1]["student_id"]
    bad = tmp_path / "equipes.csv"
    with open(bad, "w", encoding="utf-8", newline="") as fh:
        fh.write("Étudiant;Équipe\n")  # French aliases, ';' delimiter
        for r in rows:
            if r["student_id"] == dropped:
                continue
            pid = r["project_id"]
            if r["project_id"] == first:
                pid = second
            fh.write(f"{r['student_id']};{pid}\n")
    result = cli("check", STUDENTS, PROJECTS, bad, "--summary", tmp_path / "c.json")
    assert result.exit_code == 1
    assert f"[assignment] student {dropped} has no team" in result.stderr
    assert "[team_size]" in result.stderr
    report = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert report["status"] == "INVALID"
    assert {v["rule"] for v in report["violations"]} >= {"assignment", "team_size"}
    assert "Scores" in result.stdout


def test_check_bad_teams_file(tmp_path: Path) -> None:
    teams = tmp_path / "teams.csv"
    teams.write_text("student_id,project_id\nS001,P01\ns002,P02\nS003,p3\nS001,P04\n",
                     encoding="utf-8")
    result = cli("check", STUDENTS, PROJECTS, teams)
    assert result.exit_code == 2
    err = result.stderr
    assert "teams.csv, row 3, column 'student_id', value 's002'" in err
    assert "did you mean 'S002'?" in err
    assert "row 4, column 'project_id', value 'p3'" in err
    assert "row 5, column 'student_id', value 'S001'" in err and "listed twice" in err
    missing = cli("check", STUDENTS, PROJECTS, tmp_path / "none.csv")
    assert missing.exit_code == 2 and "file not found" in missing.stderr
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("student_id,name\nS001,x\n", encoding="utf-8")
    result = cli("check", STUDENTS, PROJECTS, nocol)
    assert result.exit_code == 2 and "missing required column 'project_id'" in result.stderr


def test_xlsx_output_has_the_sheets_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "teams.xlsx"
    result = cli("solve", STUDENTS, PROJECTS, "-o", out, "-q", "--weight", "discipline=20")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # --quiet
    book = load_workbook(out)
    assert book.sheetnames[:3] == ["Teams", "Students", "Summary"]
    teams = list(book["Teams"].values)
    assert list(teams[0][: len(TEAM_COLUMNS)]) == TEAM_COLUMNS and len(teams) == 41
    assert len(list(book["Students"].values)) == 41
    summary = {row[0]: row[1] for row in list(book["Summary"].values)[1:]}
    assert summary["status"] in ("OPTIMAL", "FEASIBLE") and summary["weight.discipline"] == 20
    checked = cli("check", STUDENTS, PROJECTS, out, "--weight", "discipline=20")
    assert checked.exit_code == 0, checked.stderr


def test_formulas_are_neutralised(tmp_path: Path) -> None:
    students = tmp_path / "students.csv"
    students.write_text(
        "id,name,discipline,institution,preferences\n"
        '=S1,"=HYPERLINK(""http://evil"",""x"")",design,@SUM(A1),P1;P2\n'
        "S2,+cmd|' /C calc'!A0,droit,UT1,P2;P1\n"
        "S3,Inès,-2+3,INSA,P1\n"
        "S4,Hugo,biologie,UT3,P2\n",
        encoding="utf-8")
    projects = tmp_path / "projects.csv"
    projects.write_text("id,title,min_size,max_size\nP1,=1+1,1,2\nP2,Vélo,1,2\n",
                        encoding="utf-8")
    out_csv, out_xlsx = tmp_path / "teams.csv", tmp_path / "teams.xlsx"
    assert cli("solve", students, projects, "-o", out_csv, "-q").exit_code == 0
    assert cli("solve", students, projects, "-o", out_xlsx, "-q").exit_code == 0
    text = out_csv.read_text(encoding="utf-8")
    for dangerous in ("=S1", "=HYPERLINK", "@SUM", "+cmd", "-2+3", "=1+1"):
        assert f"'{dangerous}" in text
        for line in text.splitlines():
            for cell in next(csv.reader([line])):
                assert not cell.startswith(dangerous)
    cells = [c for row in load_workbook(out_xlsx)["Teams"].values for c in row
             if isinstance(c, str)]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells
    # check reads its own neutralised ids back
    checked = cli("check", students, projects, out_csv)
    assert checked.exit_code == 0, checked.stderr


def test_infeasible_exit_1_touches_nothing(tmp_path: Path) -> None:
    projects = tmp_path / "projects.csv"
    projects.write_text("id,max_size\nP01,3\nP02,3\n", encoding="utf-8")
    students = tmp_path / "students.csv"
    students.write_text("id\n" + "".join(f"S{i}\n" for i in range(10)), encoding="utf-8")
    out = tmp_path / "teams.csv"
    out.write_text("old content\n", encoding="utf-8")
    before = os.stat(out).st_mtime_ns
    result = cli("solve", students, projects, "-o", out, "--summary", tmp_path / "s.json")
    assert result.exit_code == 1
    assert "No formation satisfies the rules" in result.stderr
    assert "hold at most 6 students" in result.stderr
    assert out.read_text(encoding="utf-8") == "old content\n"
    assert os.stat(out).st_mtime_ns == before
    assert not (tmp_path / "s.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["projects.csv", "students.csv",
                                                           "teams.csv"]


def test_time_limit_without_formation_exit_3(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI maps an UNKNOWN result (no formation within the limit) to exit 3."""
    def no_formation(problem, **kwargs):  # noqa: ANN001, ANN003, ANN202
        return Result(status=Status.UNKNOWN, time_limit_s=kwargs["time_limit"])

    monkeypatch.setattr(cli_progress, "solve", no_formation)
    out = tmp_path / "teams.csv"
    result = cli("solve", STUDENTS, PROJECTS, "-o", out, "--time-limit", 5)
    assert result.exit_code == 3
    assert "time limit (5 s) ended before any formation was found" in result.stderr
    assert not out.exists()


def test_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    students = tmp_path / "students.csv"
    students.write_bytes(STUDENTS.read_bytes())
    before = students.read_bytes()
    for args in (["-o", students], ["-o", tmp_path / "t.csv", "--summary", students]):
        result = cli("solve", students, PROJECTS, *args)
        assert result.exit_code == 2
        assert "refusing to write over the input file" in result.stderr
    assert students.read_bytes() == before
    result = cli("solve", STUDENTS, PROJECTS, "-o", tmp_path / "missing" / "teams.csv")
    assert result.exit_code == 2 and "directory does not exist" in result.stderr
    same = cli("solve", STUDENTS, PROJECTS, "-o", tmp_path / "a.csv", "--summary",
               tmp_path / "a.csv")
    assert same.exit_code == 2 and "same path" in same.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["students.csv"]


@pytest.mark.slow
def test_config_solver_settings_and_flags_override(tmp_path: Path) -> None:
    config = tmp_path / "rules.toml"
    config.write_text("[weights]\ndiscipline = 4\n[solver]\ntime_limit = 42\nworkers = 1\n"
                      "seed = 3\n", encoding="utf-8")
    out, summary = tmp_path / "teams.csv", tmp_path / "s.json"
    result = cli("solve", STUDENTS, PROJECTS, "-o", out, "--summary", summary, "-q",
                 "--config", config)
    assert result.exit_code == 0, result.stderr
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert (s["time_limit_s"], s["workers"], s["seed"]) == (42, 1, 3)
    assert s["weights"]["discipline"] == 4
    result = cli("solve", STUDENTS, PROJECTS, "-o", out, "--summary", summary, "-q",
                 "--config", config, "--time-limit", 30, "--seed", 5, "-w", "discipline=7",
                 "-w", "blau.gender=1")
    assert result.exit_code == 0, result.stderr
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert (s["time_limit_s"], s["workers"], s["seed"]) == (30, 1, 5)
    assert s["weights"]["discipline"] == 7 and s["weights"]["blau.gender"] == 1
    assert "blau.gender" in s["terms"]


def test_google_forms_export_with_columns_mapping(tmp_path: Path) -> None:
    """A French Google Forms export (cp1252, ';', "Horodateur", "Choix 1".."Choix 5") and a
    projects sheet with French headers solve through a [columns] mapping."""
    raw = (FORMS / "reponses_formulaire.csv").read_bytes()
    assert b";" in raw and "Zoé".encode("cp1252") in raw  # the fixture really is cp1252
    out = tmp_path / "equipes.csv"
    result = cli("solve", FORMS / "reponses_formulaire.csv", FORMS / "idees.csv",
                 "--config", FORMS / "forms.toml", "-o", out, "--summary", tmp_path / "s.json")
    assert result.exit_code == 0, result.stderr
    rows = _rows(out)
    assert len(rows) == 12
    by_id = {r["student_id"]: r for r in rows}
    assert by_id["zoe.lefevre@etu.fr"]["name"] == "Zoé Lefèvre"
    assert by_id["ines.garcia@etu.fr"]["discipline"] == "Économie"
    assert by_id["leo.martin@etu.fr"]["project_id"] == "P02"  # the proposer stays on it
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["time_limit_s"] == 20
    checked = cli("check", FORMS / "reponses_formulaire.csv", FORMS / "idees.csv", out,
                  "--config", FORMS / "forms.toml")
    assert checked.exit_code == 0, checked.stderr
    # without the mapping, the e-mail column is the identity (issue 20): it runs as exported
    bare = cli("solve", FORMS / "reponses_formulaire.csv", FORMS / "idees.csv", "-o", out,
               "-q", "--time-limit", 5, "--workers", 1)
    assert bare.exit_code == 0, bare.stderr
    assert {r["student_id"] for r in _rows(out)} == set(by_id)


@pytest.mark.slow
def test_solve_then_check_in_real_processes(tmp_path: Path) -> None:
    out = tmp_path / "teams.csv"
    proc = run("solve", STUDENTS, PROJECTS, "-o", out, "--time-limit", 60)
    assert proc.returncode == 0, proc.stderr
    assert "first choice" in proc.stdout and "searching" not in proc.stdout
    assert len(_rows(out)) == 40
    proc = run("check", STUDENTS, PROJECTS, out)
    assert proc.returncode == 0, proc.stderr
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("matcher ")
