"""The export formats (matcher/io/export.py), checked field by field against the platforms'
documentation:

* Moodle, Upload users (https://docs.moodle.org/en/Upload_users; ``admin/tool/uploaduser``):
  a header row of field names; ``username`` on every row, lower case, characters
  ``a-z 0-9 _ - . @``; ``firstname``, ``lastname``, ``email`` to create an account;
  ``courseN`` the course short name, ``groupN`` a group name (created if missing, a numeric
  name read as a group id). The upload form defaults to UTF-8 and ``,``.
* Canvas, group category import
  (https://canvas.instructure.com/doc/api/file.group_category_csv.html): a mandatory header;
  each row one user added to a group; ``canvas_user_id``, ``user_id`` or ``login_id``
  required, and ``group_name``, ``canvas_group_id`` or ``group_id`` required; RFC 4180;
  UTF-8.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import Problem, Project, Student, read_problem
from matcher.errors import InputError, InputErrors
from matcher.io.export import (
    EXPORTS,
    GROUP_NAME_LIMIT,
    StudentRows,
    build_export,
    check_export,
    export,
    group_name,
)
from matcher.io.table import read_table

STUDENTS = """id,name,email,discipline,preferences
S1,Zoé Lefèvre,zoe.lefevre@etu.fr,design,P1;P2
S2,DUPONT Jean,Jean.Dupont@etu.fr,droit,P1;P2
S3,Inès de la Tour,ines@etu.fr,info,P2;P1
S4,Hugo Martin,hugo@etu.fr,bio,P2;P1
S5,=SUM(1) Evil,evil@etu.fr,bio,P1
"""
PROJECTS = """id,title,min_size,max_size,optional
P1,"Jardin partagé, Bagatelle",1,3,no
P2,Vélo-école,1,3,yes
12,,1,3,yes
"""
ASSIGNMENT = {"S1": "P1", "S2": "P1", "S5": "P1", "S3": "P2", "S4": None}


@pytest.fixture()
def cohort(tmp_path: Path) -> tuple[Problem, StudentRows, Path]:
    s, p = tmp_path / "students.csv", tmp_path / "projects.csv"
    s.write_text(STUDENTS, encoding="utf-8")
    p.write_text(PROJECTS, encoding="utf-8")
    problem = read_problem(s, p)
    table = read_table(s)
    return problem, StudentRows(str(s), table.rows, table.original_headers), s


def _read(path: Path, *, encoding: str = "utf-8", delimiter: str = ",") -> list[list[str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.reader(fh, delimiter=delimiter))


# --------------------------------------------------------------------------- moodle


def test_moodle_upload_users_file(cohort, tmp_path: Path) -> None:
    problem, source, _ = cohort
    out = tmp_path / "moodle.csv"
    table = export(problem, ASSIGNMENT, "moodle", out, course="PROJ2025", source=source)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # the form's default encoding, UTF-8
    assert raw.decode("utf-8").endswith("\r\n") and raw.count(b"\r\n") == 5
    rows = _read(out)
    assert rows[0] == ["username", "firstname", "lastname", "email", "course1", "group1"]
    body = {r[3]: r for r in rows[1:]}
    assert body["zoe.lefevre@etu.fr"] == ["zoe.lefevre@etu.fr", "Zoé", "Lefèvre",
                                          "zoe.lefevre@etu.fr", "PROJ2025",
                                          "P1 - Jardin partagé, Bagatelle"]
    # usernames are lower case within Moodle's characters; the e-mail keeps its case
    assert body["Jean.Dupont@etu.fr"][:3] == ["jean.dupont@etu.fr", "Jean", "DUPONT"]
    assert body["ines@etu.fr"][1:3] == ["Inès", "de la Tour"]
    assert all(set(r[0]) <= set("abcdefghijklmnopqrstuvwxyz0123456789_-.@") for r in rows[1:])
    assert all(r[4] == "PROJ2025" and r[5] for r in rows[1:])
    # S4 has no team: left out, and said so
    assert "hugo@etu.fr" not in body and any("S4" in w for w in table.warnings)
    # a formula in a name is neutralised
    assert body["evil@etu.fr"][1:3] == ["Evil", "'=SUM(1)"]  # capitals: the last name


def test_moodle_needs_a_course(cohort, tmp_path: Path) -> None:
    problem, source, _ = cohort
    with pytest.raises(InputError) as e:
        export(problem, ASSIGNMENT, "moodle", tmp_path / "m.csv", source=source)
    assert e.value.column == "--course"
    assert not (tmp_path / "m.csv").exists()


def test_moodle_reports_every_student_at_once_and_writes_nothing(tmp_path: Path) -> None:
    s, p = tmp_path / "students.csv", tmp_path / "projects.csv"
    s.write_text("id,name,E-mail,preferences\n"
                 "S1,Zoé Lefèvre,zoe@etu.fr,P1\n"
                 "\n"                                   # a blank row still counts
                 "S2,Jean,jean@etu.fr,P1\n"             # one word: no last name
                 "S3,Inès Dubois,ines at etu,P1\n"      # not an address
                 "S4,Hugo Martin,,P1\n",                # no address at all
                 encoding="utf-8")
    p.write_text("id,max_size\nP1,4\n", encoding="utf-8")
    problem = read_problem(s, p)
    t = read_table(s)
    source = StudentRows(str(s), t.rows, t.original_headers)
    out = tmp_path / "m.csv"
    with pytest.raises(InputErrors) as e:
        export(problem, {x.id: "P1" for x in problem.students}, "moodle", out,
               course="C1", source=source)
    found = {(x.row, x.column, x.value) for x in e.value.errors}
    assert found == {(4, "name", "Jean"), (5, "E-mail", "ines at etu"), (6, "id", "S4")}
    assert all(x.file == str(s) for x in e.value.errors)
    assert {"S2", "S3", "S4"} == {m for x in e.value.errors for m in ("S2", "S3", "S4")
                                  if m in x.message}
    assert not out.exists()


def test_moodle_username_characters(tmp_path: Path) -> None:
    problem = Problem(students=[Student(id="Zoé L", name="Zoé Lefèvre",
                                       attributes={"email": "z@etu.fr"})],
                      projects=[Project(id="P1", max_size=2)])
    with pytest.raises(InputErrors) as e:
        build_export(problem, {"Zoé L": "P1"}, "moodle", course="C", identifier="id")
    (err,) = e.value.errors
    assert err.column == "id" and err.value == "Zoé L" and "é" in err.message
    ok = build_export(problem, {"Zoé L": "P1"}, "moodle", course="C")
    assert ok.rows[0]["username"] == "z@etu.fr"


def test_group_names() -> None:
    assert group_name(Project(id="P1", title="Vélo", max_size=2)) == "P1 - Vélo"
    assert group_name(Project(id="P1", max_size=2)) == "P1"
    assert group_name(Project(id="12", max_size=2)) == "Team 12"  # not a Moodle group id
    assert group_name(Project(id="P1", title="P1", max_size=2)) == "P1"
    long = group_name(Project(id="P1", title="x " * 200, max_size=2))
    assert len(long) <= GROUP_NAME_LIMIT and long.endswith("x…")


# --------------------------------------------------------------------------- canvas


@pytest.mark.parametrize(("identifier", "column", "value"), [
    ("email", "login_id", "zoe.lefevre@etu.fr"), ("id", "user_id", "S1")])
def test_canvas_group_category_file(cohort, tmp_path: Path, identifier: str, column: str,
                                    value: str) -> None:
    problem, source, _ = cohort
    out = tmp_path / "canvas.csv"
    table = export(problem, ASSIGNMENT, "canvas", out, identifier=identifier, source=source)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = _read(out)
    header = rows[0]
    assert header == ["name", "canvas_user_id", "user_id", "login_id", "group_name"]
    records = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert len(records) == 4  # S4 has no team
    for r in records:  # one user column and one group column on every row, as required
        assert sum(bool(r[c]) for c in ("canvas_user_id", "user_id", "login_id")) == 1
        assert r[column] and r["group_name"]
    zoe = next(r for r in records if r["name"] == "Zoé Lefèvre")
    assert zoe[column] == value and zoe["group_name"] == "P1 - Jardin partagé, Bagatelle"
    assert any("S4" in w for w in table.warnings)


# --------------------------------------------------------------------------- mail merge


def test_mailmerge_one_row_per_student(cohort, tmp_path: Path) -> None:
    problem, source, _ = cohort
    out = tmp_path / "mail.csv"
    export(problem, ASSIGNMENT, "mailmerge", out, source=source)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["email", "name", "student_id", "placed", "project_id",
                                   "project_title", "team_size", "teammates",
                                   "teammate_emails"]
    assert list(frame["student_id"]) == ["S1", "S2", "S3", "S4", "S5"]
    zoe = frame.iloc[0]
    assert (zoe["placed"], zoe["project_id"], zoe["team_size"]) == ("yes", "P1", "3")
    assert zoe["project_title"] == "Jardin partagé, Bagatelle"
    assert zoe["teammates"] == "DUPONT Jean; =SUM(1) Evil"  # inside the cell: harmless
    assert zoe["teammate_emails"] == "Jean.Dupont@etu.fr; evil@etu.fr"
    ines = frame.iloc[2]
    assert (ines["team_size"], ines["teammates"], ines["teammate_emails"]) == ("1", "", "")
    hugo = frame.iloc[3]
    assert (hugo["placed"], hugo["project_id"], hugo["team_size"]) == ("no", "", "0")
    assert frame.iloc[4]["name"].startswith("'=")


def test_mailmerge_without_an_email_is_a_warning(tmp_path: Path) -> None:
    problem = Problem(students=[Student(id="S1", name="A B"),
                                Student(id="S2", name="C D", attributes={"email": "c@d.fr"})],
                      projects=[Project(id="P1", max_size=2)])
    table = build_export(problem, {"S1": "P1", "S2": "P1"}, "mailmerge")
    assert [r["email"] for r in table.rows] == ["", "c@d.fr"]
    assert table.rows[1]["teammate_emails"] == ""  # S1 has none to give
    assert any("S1" in w for w in table.warnings)


# --------------------------------------------------------------------------- excel


def test_excel_is_bom_semicolon_crlf_and_reads_back(cohort, tmp_path: Path) -> None:
    problem, source, _ = cohort
    out = tmp_path / "teams-excel.csv"
    export(problem, ASSIGNMENT, "excel", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.count("\r\n") == len(problem.students) + 1 and "\n" not in text.replace(
        "\r\n", "")
    lines = text.split("\r\n")
    assert lines[0] == "student_id;name;project_id;project_title;rank;discipline;" \
                       "institution;points"
    assert "P1;Jardin partagé, Bagatelle;" in text  # a comma needs no quotes with ';'
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert dict(zip(frame["student_id"], frame["project_id"], strict=True)) == {
        k: v or "" for k, v in ASSIGNMENT.items()}
    back = read_table(out)  # our reader: BOM and ';' detected
    assert [r["student_id"] for r in back.records] == list(frame["student_id"])
    assert any(r["name"].startswith("'=") for r in back.records)


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
def test_never_over_an_input(cohort, fmt: str) -> None:
    problem, source, students = cohort
    before = students.read_bytes()
    with pytest.raises(InputError, match="refusing to write over the input"):
        export(problem, ASSIGNMENT, fmt, students, inputs=[students], course="C")
    assert students.read_bytes() == before


def test_unknown_format_and_identifier_at_once(cohort) -> None:
    problem, _, _ = cohort
    with pytest.raises(InputErrors) as e:
        build_export(problem, ASSIGNMENT, "blackboard", identifier="phone")
    assert {x.column for x in e.value.errors} == {"--to", "--identifier"}


def test_check_export_looks_at_every_student(cohort) -> None:
    problem, source, _ = cohort
    check_export(problem, "moodle", course="C", source=source)  # all have e-mails
    with pytest.raises(InputErrors) as e:
        check_export(problem, "canvas", identifier="username", source=source)
    assert len(e.value.errors) == len(problem.students)


# --------------------------------------------------------------------------- properties

_IDS = [f"S{i}" for i in range(6)]
_PROBLEM = Problem(
    students=[Student(id=s, name=f"Prénom{i} Nom{i}", attributes={"email": f"{s}@x.fr"})
              for i, s in enumerate(_IDS)],
    projects=[Project(id=p, title=f"Idée {p}", max_size=6) for p in ("A", "B", "C")])


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({s: st.sampled_from(["A", "B", "C", None]) for s in _IDS}))
def test_every_format_places_each_student_in_their_team(assignment: dict) -> None:
    placed = {s: p for s, p in assignment.items() if p}
    moodle = build_export(_PROBLEM, assignment, "moodle", course="C")
    assert {r["email"].split("@")[0]: r["group1"] for r in moodle.rows} == {
        s: f"{p} - Idée {p}" for s, p in placed.items()}
    canvas = build_export(_PROBLEM, assignment, "canvas", identifier="id")
    assert {r["user_id"]: r["group_name"][0] for r in canvas.rows} == placed
    mail = {r["student_id"]: r for r in build_export(_PROBLEM, assignment, "mailmerge").rows}
    for s, r in mail.items():
        team = [t for t, p in placed.items() if p == assignment[s]] if s in placed else []
        assert r["team_size"] == len(team) and r["placed"] == ("yes" if team else "no")
        mates = r["teammate_emails"].split("; ") if r["teammate_emails"] else []
        assert sorted(mates) == sorted(f"{t}@x.fr" for t in team if t != s)
    excel = build_export(_PROBLEM, assignment, "excel")
    assert {r["student_id"]: r["project_id"] or None for r in excel.rows} == assignment
