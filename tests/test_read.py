"""Tests of :mod:`matcher.read`: ``read_problem`` on the canonical CSV columns, and errors that
name the file, row, column and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.errors import InputError, InputErrors
from matcher.read import read_problem

PROJECTS = """id,title,min_size,max_size,proposer,optional,theme
P1,Jardin,2,3,S1;S2,yes,environnement
P2,"Radio, locale",1,2,,no,culture
P3,Atelier,1,4,S3,,
"""

STUDENTS = """id,name,discipline,institution,preferences,gender,year
S1,Amélie Dupré,biologie,UT3,P1;P2,F,3
S2,Bruno Lévêque,informatique,INSA,P1,M,4
S3,Chloé N'Diaye,design,ENSAV,,F,2.5
S4,Damien Roy,informatique,UT3,P3;P1;P2,,
"""


def _write(tmp_path: Path, students: str, projects: str = PROJECTS) -> tuple[Path, Path]:
    s, p = tmp_path / "students.csv", tmp_path / "projects.csv"
    s.write_text(students, encoding="utf-8")
    p.write_text(projects, encoding="utf-8")
    return s, p


def test_canonical_columns_with_a_preferences_column(tmp_path):
    problem = read_problem(*_write(tmp_path, STUDENTS))
    s1, s2, s3, s4 = problem.students
    assert (s1.id, s1.name, s1.discipline, s1.institution) == \
        ("S1", "Amélie Dupré", "biologie", "UT3")
    assert s1.preferences == ("P1", "P2") and s3.preferences == () and \
        s4.preferences == ("P3", "P1", "P2")
    assert s1.attributes == {"gender": "F", "year": 3}
    assert s3.attributes == {"gender": "F", "year": 2.5}
    assert s4.attributes == {}  # empty cells are unknown values
    p1, p2, p3 = problem.projects
    assert (p1.title, p1.min_size, p1.max_size, p1.proposers, p1.optional, p1.theme) == \
        ("Jardin", 2, 3, ("S1", "S2"), True, "environnement")
    assert (p2.title, p2.proposers, p2.optional) == ("Radio, locale", (), False)
    assert (p3.proposers, p3.optional, p3.theme) == (("S3",), False, "")


def test_choice_columns_give_the_same_problem(tmp_path):
    choices = """id,name,discipline,institution,choice_1,choice_2,choice_3,gender,year
S1,Amélie Dupré,biologie,UT3,P1,P2,,F,3
S2,Bruno Lévêque,informatique,INSA,P1,,,M,4
S3,Chloé N'Diaye,design,ENSAV,,,,F,2.5
S4,Damien Roy,informatique,UT3,P3,P1,P2,,
"""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with_prefs = read_problem(*_write(tmp_path / "a", STUDENTS))
    with_choices = read_problem(*_write(tmp_path / "b", choices))
    assert with_choices.students == with_prefs.students
    assert with_choices.projects == with_prefs.projects


@pytest.mark.parametrize("word, optional", [
    ("yes", True), ("no", False), ("true", True), ("false", False), ("1", True), ("0", False),
    ("oui", True), ("non", False), ("Yes", True), ("OUI", True), ("Non", False), ("", False),
])
def test_optional_words(tmp_path, word, optional):
    projects = f"id,max_size,optional\nP1,4,{word}\n"
    problem = read_problem(*_write(tmp_path, "id\nS1\n", projects))
    assert problem.projects[0].optional is optional


def _error(tmp_path: Path, students: str, projects: str = PROJECTS) -> InputError:
    with pytest.raises(InputError) as excinfo:
        read_problem(*_write(tmp_path, students, projects))
    err = excinfo.value
    if isinstance(err, InputErrors):
        assert len(err.errors) == 1, str(err)
        err = err.errors[0]
    return err


def test_bad_number_names_file_row_column_and_value(tmp_path):
    projects = PROJECTS.replace("P2,\"Radio, locale\",1,2", "P2,\"Radio, locale\",1,deux")
    err = _error(tmp_path, STUDENTS, projects)
    assert (Path(err.file).name, err.row, err.column, err.value) == \
        ("projects.csv", 3, "max_size", "deux")
    assert "projects.csv, row 3, column 'max_size', value 'deux'" in str(err)


def test_bad_optional_word_names_file_row_column_and_value(tmp_path):
    err = _error(tmp_path, STUDENTS, PROJECTS.replace(",yes,", ",maybe,"))
    assert (Path(err.file).name, err.row, err.column, err.value) == \
        ("projects.csv", 2, "optional", "maybe")
    assert "oui/non" in str(err)


def test_unknown_preference_names_file_row_column_and_value(tmp_path):
    err = _error(tmp_path, STUDENTS.replace("P3;P1;P2", "P3;P9;P2"))
    assert (Path(err.file).name, err.row, err.column, err.value) == \
        ("students.csv", 5, "preferences", "P9")
    assert "unknown project 'P9'" in str(err)


def test_unknown_choice_names_its_choice_column(tmp_path):
    students = "id,choice_1,choice_2\nS1,P1,P2\nS2,P2,P7\n"
    err = _error(tmp_path, students, "id,max_size\nP1,2\nP2,2\n")
    assert (Path(err.file).name, err.row, err.column, err.value) == \
        ("students.csv", 3, "choice_2", "P7")


def test_unknown_proposer_names_file_row_column_and_value(tmp_path):
    err = _error(tmp_path, STUDENTS, PROJECTS.replace("S1;S2", "S1;S22"))
    assert (Path(err.file).name, err.row, err.column, err.value) == \
        ("projects.csv", 2, "proposer", "S22")
    assert "not a student" in str(err)


def test_duplicate_student_id_names_the_row(tmp_path):
    err = _error(tmp_path, STUDENTS.replace("S4,Damien", "S2,Damien"))
    assert (Path(err.file).name, err.row, err.column) == ("students.csv", 5, "id")
    assert "duplicate student id 'S2'" in str(err)


def test_min_size_above_max_size_names_the_row(tmp_path):
    err = _error(tmp_path, STUDENTS, PROJECTS.replace("P3,Atelier,1,4", "P3,Atelier,5,4"))
    assert (Path(err.file).name, err.row) == ("projects.csv", 4)
    assert err.column in ("min_size", "max_size")
    assert "min_size 5 is larger than max_size 4" in str(err)


def test_cell_errors_and_record_errors_are_reported_together(tmp_path):
    """One pass lists a bad cell (optional) and a record-level issue (duplicate id) at once."""
    import pytest

    from matcher import InputErrors, read_problem

    students = tmp_path / "students.csv"
    projects = tmp_path / "projects.csv"
    students.write_text("id,name,preferences\nS1,Zoé,P1\nS1,Léo,P1\n", encoding="utf-8")
    projects.write_text("id,min_size,max_size,optional\nP1,1,3,peut-être\n", encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        read_problem(students, projects)
    messages = [str(e) for e in info.value.errors]
    assert len(messages) == 2
    assert any("row 2, column 'optional'" in m and "peut-être" in m for m in messages)
    assert any("row 3, column 'id'" in m and "duplicate student id 'S1'" in m for m in messages)
