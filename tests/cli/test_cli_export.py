"""``matcher export`` and ``matcher solve --export``: from a Google Forms export to Moodle
groups, bad input reported in one pass with nothing written, the BOM of teams.csv."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from cli_support import FORMS, cli, run

from matcher.io.table import read_table

FORM = FORMS / "reponses_formulaire.csv"
IDEAS = FORMS / "idees.csv"
CONFIG = FORMS / "forms.toml"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
def test_forms_export_to_moodle_groups_as_the_readme_says(tmp_path: Path) -> None:
    """The README's path, as a user runs it: solve, then export; or both at once."""
    teams, moodle = tmp_path / "teams.csv", tmp_path / "moodle.csv"
    r = run("solve", FORM, IDEAS, "-c", CONFIG, "-o", teams, "-q", "--workers", "1",
            "--time-limit", "20")
    assert r.returncode == 0, r.stderr
    r = run("export", FORM, IDEAS, teams, "-c", CONFIG, "--to", "moodle", "--course",
            "PROJ2025", "-o", moodle)
    assert r.returncode == 0, r.stderr
    rows = _rows(moodle)
    placed = {row["student_id"]: row["project_id"] for row in _rows(teams)}
    assert len(rows) == len(placed) == 12
    assert list(rows[0]) == ["username", "firstname", "lastname", "email", "course1", "group1"]
    for row in rows:
        assert row["username"] == row["email"].lower() and row["course1"] == "PROJ2025"
        assert row["group1"].split(" - ")[0] == placed[row["email"]]
    zoe = next(row for row in rows if row["email"] == "zoe.lefevre@etu.fr")
    assert (zoe["firstname"], zoe["lastname"]) == ("Zoé", "Lefèvre")  # cp1252 input, UTF-8 out
    # solve --export writes the same file directly after the teams
    direct = tmp_path / "direct"
    direct.mkdir()
    r = run("solve", FORM, IDEAS, "-c", CONFIG, "-o", direct / "teams.csv", "-q",
            "--workers", "1", "--time-limit", "20", "--export", f"moodle={direct / 'm.csv'}",
            "--export", f"mailmerge={direct / 'mail.csv'}", "--course", "PROJ2025")
    assert r.returncode == 0, r.stderr
    assert (direct / "teams.csv").read_bytes() == teams.read_bytes()
    assert (direct / "m.csv").read_bytes() == moodle.read_bytes()
    mail = _rows(direct / "mail.csv")
    assert len(mail) == 12 and all(m["placed"] == "yes" and m["email"] for m in mail)


def _no_emails(tmp_path: Path) -> Path:
    """The sample cohort's first students, without e-mails."""
    path = tmp_path / "students.csv"
    path.write_text("id,name,preferences\nS1,Zoé Lefèvre,P1\nS2,Léo,P1\nS3,Inès Dubois,P1\n",
                    encoding="utf-8")
    (tmp_path / "projects.csv").write_text("id,max_size\nP1,3\n", encoding="utf-8")
    (tmp_path / "teams.csv").write_text("student_id,project_id\nS1,P1\nS2,P1\nS3,P1\n",
                                        encoding="utf-8")
    return path


def test_missing_emails_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    students = _no_emails(tmp_path)
    out = tmp_path / "moodle.csv"
    r = cli("export", students, tmp_path / "projects.csv", tmp_path / "teams.csv", "--to",
            "moodle", "--course", "C1", "-o", out)
    assert r.exit_code == 2
    err = r.stderr
    assert "4 problems" in err  # S1, S2 and S3 lack an e-mail; S2 a last name
    for student, row in (("S1", 2), ("S2", 3), ("S3", 4)):
        assert f"students.csv, row {row}, column 'id', value '{student}'" in err.replace(
            str(tmp_path) + "/", "")
        assert f"student {student} has no e-mail address" in err
    assert "row 3, column 'name', value 'Léo'" in err
    assert not out.exists()
    # the mail merge writes them with empty e-mails and a warning each
    mail = tmp_path / "mail.csv"
    r = cli("export", students, tmp_path / "projects.csv", tmp_path / "teams.csv", "--to",
            "mailmerge", "-o", mail)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.count("has no e-mail address") == r.stderr.count("warning: ") == 3
    assert "students.csv, row 3, column 'id', value 'S2': student S2 has no e-mail" in r.stderr
    assert [m["email"] for m in _rows(mail)] == ["", "", ""]


def test_rows_stay_right_when_a_student_answered_twice(tmp_path: Path) -> None:
    """The answer kept is the row named, and the rows after a dropped answer stay right."""
    students = tmp_path / "students.csv"
    students.write_text("id,name,preferences\nS1,Zoé Lefèvre,P1\nS2,Léo,P1\n"
                        "S3,Inès Dubois,P1\nS2,Léo,P1\n", encoding="utf-8")
    (tmp_path / "projects.csv").write_text("id,max_size\nP1,3\n", encoding="utf-8")
    teams = tmp_path / "teams.csv"
    teams.write_text("student_id,project_id\nS1,P1\nS2,P1\nS3,P1\n", encoding="utf-8")
    r = cli("export", students, tmp_path / "projects.csv", teams, "--to", "canvas",
            "--identifier", "username", "-o", tmp_path / "c.csv")
    assert r.exit_code == 2
    for student, row in (("S1", 2), ("S3", 4), ("S2", 5)):  # S2's row 3 was dropped
        assert f"row {row}, column 'username': student {student} has no username" in r.stderr


def test_teams_file_and_contacts_are_checked_in_one_pass(tmp_path: Path) -> None:
    students = _no_emails(tmp_path)
    teams = tmp_path / "teams.csv"
    teams.write_text("student_id,project_id\nS1,P1\nS9,P1\n", encoding="utf-8")
    r = cli("export", students, tmp_path / "projects.csv", teams, "--to", "canvas", "-o",
            tmp_path / "canvas.csv")
    assert r.exit_code == 2
    assert "teams.csv, row 3, column 'student_id', value 'S9': unknown student 'S9'" in r.stderr
    assert r.stderr.count("has no e-mail address") == 3
    assert not (tmp_path / "canvas.csv").exists()


def test_bad_options_are_reported_at_once(tmp_path: Path) -> None:
    students = _no_emails(tmp_path)
    teams = tmp_path / "teams.csv"
    r = cli("export", students, tmp_path / "projects.csv", teams, "--to", "moodle",
            "--identifier", "phone", "-o", teams)
    assert r.exit_code == 2
    for fragment in ("option --identifier, value 'phone': unknown identifier",
                     "option --course: the moodle export needs the course's short name",
                     "refusing to write over the input file"):
        assert fragment in r.stderr
    assert teams.read_text(encoding="utf-8").startswith("student_id,project_id")
    r = cli("export", students, tmp_path / "projects.csv", teams, "--to", "blackboard",
            "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2
    assert "value 'blackboard': unknown export format" in r.stderr
    assert "exports are CSV files" in r.stderr and not (tmp_path / "x.xlsx").exists()


def test_solve_checks_exports_before_the_search(tmp_path: Path) -> None:
    students = _no_emails(tmp_path)
    out = tmp_path / "new-teams.csv"
    r = cli("solve", students, tmp_path / "projects.csv", "-o", out, "-q",
            "--export", "moodle=m.csv", "--export", "nonsense", "--export", "word=x.csv")
    assert r.exit_code == 2
    assert "value 'nonsense': expected FORMAT=FILE" in r.stderr
    assert "value 'word=x.csv': unknown export format" in r.stderr
    r = cli("solve", students, tmp_path / "projects.csv", "-o", out, "-q",
            "--export", f"moodle={tmp_path / 'm.csv'}", "--course", "C1")
    assert r.exit_code == 2 and "has no e-mail address" in r.stderr
    r = cli("solve", students, tmp_path / "projects.csv", "-o", out, "-q",
            "--export", f"excel={out}")
    assert r.exit_code == 2 and "same path as another output" in r.stderr
    r = cli("solve", students, tmp_path / "projects.csv", "-o", out, "-q",
            "--export", f"excel={students}")
    assert r.exit_code == 2 and "refusing to write over the input file" in r.stderr
    assert not out.exists() and not (tmp_path / "m.csv").exists()
    assert students.read_text(encoding="utf-8").startswith("id,name")


def test_solve_writes_an_excel_export(tmp_path: Path) -> None:
    students = _no_emails(tmp_path)
    out, xl = tmp_path / "t.csv", tmp_path / "excel.csv"
    r = cli("solve", students, tmp_path / "projects.csv", "-o", out, "-q", "--workers", "1",
            "--export", f"excel={xl}")
    assert r.exit_code == 0, r.stderr
    raw = xl.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b"student_id;name;project_id;")
    assert "S1;Zoé Lefèvre;P1;" in raw.decode("utf-8-sig")


def test_teams_csv_has_a_bom_and_reads_back(tmp_path: Path) -> None:
    """The teams file opens right in a French Excel and every reader still reads it."""
    students = tmp_path / "students.csv"
    shutil.copy(FORM, students)
    teams = tmp_path / "teams.csv"
    r = cli("solve", students, IDEAS, "-c", CONFIG, "-o", teams, "-q", "--workers", "1")
    assert r.exit_code == 0, r.stderr
    raw = teams.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfstudent_id,name,project_id")
    frame = pd.read_csv(teams)  # pandas skips the BOM
    assert list(frame.columns)[:3] == ["student_id", "name", "project_id"]
    assert "Zoé Lefèvre" in set(frame["name"])
    table = read_table(teams)  # our reader too
    assert table.columns[0] == "student_id" and len(table) == 12
    assert cli("check", students, IDEAS, teams, "-c", CONFIG, "-q").exit_code == 0
    again = tmp_path / "teams-2.csv"
    r = cli("solve", students, IDEAS, "-c", CONFIG, "-o", again, "-q", "--workers", "1",
            "--previous", teams)
    assert r.exit_code == 0, r.stderr
