"""CLI: the wishes and avoid columns and a rotation (new_teammates) through solve, check,
explain and the report; a rotation that cannot hold is diagnosed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cli_support import cli

STUDENTS = """id,name,discipline,preferences,Souhaite être avec,Ne pas être avec,Équipe précédente
S1,Zoé Durand,bio,P1;P2,Léo Martin,,A
S2,Léo Martin,info,P2;P1,zoe durand,,B
S3,Inès Petit,math,P1;P2,,Ada Blanc,A
S4,Hugo Roux,bio,P2;P1,S3,,B
S5,Ada Blanc,info,P1;P2,,,C
S6,Eve Noir,math,P2;P1,S5,,C
"""
PROJECTS = "id,min_size,max_size\nP1,3,3\nP2,3,3\n"
RULES = '[rules]\nnew_teammates = { column = "previous_team", max_shared = 1 }\n'


def _files(tmp: Path, students: str = STUDENTS) -> tuple[str, str, str]:
    s, p, c = tmp / "students.csv", tmp / "projects.csv", tmp / "rules.toml"
    s.write_text(students, encoding="utf-8")
    p.write_text(PROJECTS, encoding="utf-8")
    c.write_text(RULES, encoding="utf-8")
    return str(s), str(p), str(c)


def _teams(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {r["student_id"]: r["project_id"] for r in csv.DictReader(fh)}


def test_solve_check_explain_and_report(tmp_path: Path) -> None:
    s, p, c = _files(tmp_path)
    out, summary, report = tmp_path / "teams.csv", tmp_path / "s.json", tmp_path / "r.html"
    r = cli("solve", s, p, "-o", out, "--config", c, "--summary", summary, "--report", report,
            "--workers", 1, "-t", 20)
    assert r.exit_code == 0, r.stderr
    teams = _teams(out)
    # former teammates apart, S3 away from S5 whom she avoids
    for a, b in (("S1", "S3"), ("S2", "S4"), ("S5", "S6"), ("S3", "S5")):
        assert teams[a] != teams[b]
    # the only formation that keeps the rules: {S1, S2, S5} and {S3, S4, S6}; Zoé and Léo
    # wish each other, Hugo wishes Inès: 3 of the 4 wishes granted
    assert teams["S1"] == teams["S2"] == teams["S5"]
    assert teams["S3"] == teams["S4"] == teams["S6"]
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["weights"]["wishes"] == 3
    f = data["figures"]
    assert (f["wishes_expressed"], f["students_with_wishes"]) == (4, 4)
    assert f["wishes_granted"] == data["terms"]["wishes"] == 3
    assert f["students_with_a_wish_granted"] == 3
    assert f"wishes granted      {f['wishes_granted']} of 4" in r.stdout
    html = report.read_text(encoding="utf-8")
    assert "wishes granted" in html and "students who wished to work with a classmate" in html

    r = cli("check", s, p, out, "--config", c)
    assert r.exit_code == 0, r.stdout
    assert "wishes granted" in r.stdout
    r = cli("explain", s, p, out, "--config", c, "--student", "S4", "--workers", 1, "-t", 10)
    assert r.exit_code == 0, r.stdout


def test_check_names_the_avoid_column_and_the_former_team(tmp_path: Path) -> None:
    s, p, c = _files(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,project_id\nS1,P1\nS3,P1\nS5,P1\nS2,P2\nS4,P2\nS6,P2\n",
                   encoding="utf-8")
    r = cli("check", s, p, bad, "--config", c)
    assert r.exit_code == 1
    text = r.stdout + r.stderr
    assert "S3 and S5 are together on P1, but S3 listed S5 in their avoid column" in text
    assert "S1, S3 were teammates in former team 'A' (previous_team)" in text


def test_a_rotation_that_cannot_hold_is_diagnosed(tmp_path: Path) -> None:
    rows = STUDENTS.splitlines()
    # S1, S3 and S5 all from team A: three former teammates for two new teams
    students = "\n".join([rows[0], *(r[: r.rfind(",")] + ",A" for r in rows[1:])]) + "\n"
    s, p, c = _files(tmp_path, students)
    r = cli("solve", s, p, "-o", tmp_path / "t.csv", "--config", c, "--workers", 1, "-t", 10)
    assert r.exit_code == 1
    assert "no two former teammates (previous_team) in one new team" in r.stdout + r.stderr
    assert not (tmp_path / "t.csv").exists()


def test_an_unknown_person_is_located(tmp_path: Path) -> None:
    s, p, c = _files(tmp_path, STUDENTS.replace("S1,Zoé Durand,bio,P1;P2,Léo Martin",
                                                "S1,Zoé Durand,bio,P1;P2,Léon Martin"))
    r = cli("solve", s, p, "-o", tmp_path / "t.csv", "--config", c)
    assert r.exit_code == 0, r.stderr  # a wish is free text: a warning, never fatal
    assert "warning: " in r.stderr
    assert "row 2, column 'Souhaite être avec', value 'Léon Martin'" in r.stderr
    assert "did you mean 'Léo Martin' (S2)?" in r.stderr
