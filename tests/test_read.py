"""Tests of :mod:`matcher.read`: ``read_problem`` on the canonical CSV columns, and errors that
name the file, row, column and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.errors import InputError, InputErrors, InputWarning
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


# --------------------------------------------------------------------------- form exports

FORMS = Path(__file__).resolve().parent / "data" / "forms"
FORMS_CONFIG = FORMS / "forms.toml"


def _read_forms(students: object, **kwargs: object):
    import warnings

    from matcher.errors import InputWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        problem = read_problem(students, FORMS / "projets.csv", FORMS_CONFIG, **kwargs)
    return problem, [w.message for w in caught if issubclass(w.category, InputWarning)]


def test_google_forms_titles_and_a_double_answer():
    """The issue's export: "Choix 1..3" hold titles (one with a comma, some typed in other
    cases and without accents), and Zoé answered twice; the sheet was sorted by name."""
    problem, warned = _read_forms(FORMS / "google_titres.csv")
    by_id = {s.id: s for s in problem.students}
    assert len(problem.students) == 10
    assert by_id["ambre.faure@etu.fr"].preferences == ("P05", "P01", "P03")
    assert by_id["hugo.petit@etu.fr"].preferences == ("P02", "P04", "P05")  # "velo-ecole"
    assert by_id["lea.bonnet@etu.fr"].preferences == ("P03", "P01", "P02")
    assert by_id["zoe.lefevre@etu.fr"].preferences == ("P05", "P02", "P03")  # the 14/09 one
    assert all("horodateur" not in s.attributes for s in problem.students)
    [warning] = warned
    assert (Path(warning.file).name, warning.row, warning.column, warning.value) == \
        ("google_titres.csv", 11, "Horodateur", "14/09/2025 18:02:40")
    assert "'zoe.lefevre@etu.fr' answered 2 times (rows 11, 12): row 11" in str(warning)
    earliest, _ = _read_forms(FORMS / "google_titres.csv", duplicates="earliest")
    zoe = next(s for s in earliest.students if s.id == "zoe.lefevre@etu.fr")
    assert zoe.preferences == ("P01", "P02")
    with pytest.raises(InputErrors) as info:
        _read_forms(FORMS / "google_titres.csv", duplicates="error")
    assert [(e.row, e.column, e.value) for e in info.value.errors] == \
        [(12, "Adresse e-mail", "zoe.lefevre@etu.fr")]


def test_google_forms_ranking_grid():
    problem, warned = _read_forms(FORMS / "google_grille.csv")
    assert not warned
    assert [s.preferences for s in problem.students[:2]] == \
        [("P01", "P03", "P02"), ("P02", "P04", "P03")]
    assert all(not s.attributes for s in problem.students)


def test_microsoft_forms_workbook():
    problem, warned = _read_forms(FORMS / "microsoft_forms.xlsx")
    by_id = {s.id: s for s in problem.students}
    assert sorted(by_id) == ["ambre.faure@etu.fr", "chloe.roux@etu.fr", "hugo.petit@etu.fr",
                             "ines.dubois@etu.fr", "jules.andre@etu.fr", "lea.bonnet@etu.fr"]
    assert by_id["ambre.faure@etu.fr"].preferences == ("P02", "P01", "P03", "P04", "P05")
    assert by_id["chloe.roux@etu.fr"].preferences == ("P01", "P02", "P03", "P04", "P05")
    assert by_id["ambre.faure@etu.fr"].name == "Ambre Fauré"
    assert not by_id["ambre.faure@etu.fr"].attributes  # ID and the times are bookkeeping
    [warning] = warned
    assert (warning.row, warning.column) == (8, "Heure de fin")


@pytest.mark.parametrize("name", ["etudiants.ods", "etudiants.xls"])
def test_ods_and_xls_students(name):
    problem, _ = _read_forms(FORMS / name)
    assert [s.preferences for s in problem.students] == \
        [("P01", "P02"), ("P02", "P01"), ("P03", "P04"), ("P04", "P03")]
    assert problem.students[0].attributes == {"year": 3, "inscrit_le": "2025-09-01"}


def test_titles_with_a_comma_in_a_preferences_cell(tmp_path):
    projects = 'id,title,max_size\nP1,"Rénovation énergétique, Purpan",3\nP2,Jardin,3\n'
    students = 'id,preferences,refused\nS1,"rénovation energetique,purpan, P2",\n' \
               'S2,"Jardin;Rénovation énergétique, Purpan;","JARDIN"\n'
    with pytest.raises(InputError, match="refuses") as info:  # S2 ranks and refuses P2
        read_problem(*_write(tmp_path, students, projects))
    assert info.value.row == 3
    problem = read_problem(*_write(tmp_path, students.replace('"JARDIN"', ""), projects))
    assert [s.preferences for s in problem.students] == [("P1", "P2"), ("P2", "P1")]


def test_ids_win_over_titles(tmp_path):
    projects = "id,title,max_size\nP1,P2,3\nP2,Jardin,3\nP3,Fablab,3\n"
    problem = read_problem(*_write(tmp_path, "id,choice_1,choice_2\nS1,P2,Fablab\n", projects))
    assert problem.students[0].preferences == ("P2", "P3")


def test_unknown_and_ambiguous_titles_are_reported_in_one_pass(tmp_path):
    projects = ('id,title,max_size\nP08,"Rénovation énergétique participative, Purpan",3\n'
                "P1,Jardin,3\nP2,Jardin,3\nP3,Fablab,3\n")
    students = ("id,Choix 1,Choix 2,refused\n"
                'S1,"Renovation energetique participative, Purpn",Fablab,\n'
                "S2,jardin,P3,Fablabs\n")
    with pytest.raises(InputErrors) as info:
        read_problem(*_write(tmp_path, students, projects))
    found = [(Path(e.file).name, e.row, e.column, e.value) for e in info.value.errors]
    assert found == [
        ("students.csv", 2, "Choix 1", "Renovation energetique participative, Purpn"),
        ("students.csv", 3, "Choix 1", "jardin"),
        ("students.csv", 3, "refused", "Fablabs"),
    ]
    first, second, third = info.value.errors
    assert "student 'S1' ranks unknown project" in first.message
    assert first.hint == "did you mean 'P08' (Rénovation énergétique participative, Purpan)?"
    assert "'jardin' is the title of several projects" in second.message
    assert second.hint == "'P1', 'P2' share this title: name the project by its id"
    assert "refuses unknown project 'Fablabs'" in third.message
    assert third.hint == "did you mean 'P3' (Fablab)?"


def test_duplicates_policy_from_the_config(tmp_path):
    students = "id,name,preferences\nS1,Zoé,P1\nS2,Léo,P2\nS1,Zoé,P3\n"
    s, p = _write(tmp_path, students, "id,max_size\nP1,3\nP2,3\nP3,3\n")
    with pytest.warns(InputWarning, match="row 4, the last row, is kept"):
        assert read_problem(s, p).students[1].preferences == ("P3",)
    with pytest.warns(InputWarning, match="row 2, the first row, is kept"):
        problem = read_problem(s, p, {"input": {"duplicates": "earliest"}})
    assert problem.students[0].preferences == ("P1", )
    with pytest.raises(InputError, match="duplicate student id 'S1' \\(also row 2\\)"):
        read_problem(s, p, {"input": {"duplicates": "error"}})
    with pytest.warns(InputWarning):  # the argument wins over the config
        read_problem(s, p, {"input": {"duplicates": "error"}}, duplicates="latest")
    with pytest.raises(InputError, match="unknown duplicates policy 'newest'"):
        read_problem(s, p, duplicates="newest")
    with pytest.raises(InputError, match="input.duplicates"):
        read_problem(s, p, {"input": {"duplicates": "newest"}})


def test_errors_in_a_dropped_answer_are_not_reported(tmp_path):
    students = "id,preferences\nS1,P9\nS1,P1\n"
    with pytest.warns(InputWarning):
        problem = read_problem(*_write(tmp_path, students, "id,max_size\nP1,3\n"))
    assert problem.students[0].preferences == ("P1",)


# --------------------------------------------------------------------------- sources


def test_sources_bytes_file_objects_and_dataframes(tmp_path):
    import io

    import pandas as pd

    from_paths = read_problem(*_write(tmp_path, STUDENTS))
    as_bytes = read_problem(STUDENTS.encode("cp1252"), PROJECTS.encode())
    as_files = read_problem(io.BytesIO(STUDENTS.encode()), io.StringIO(PROJECTS))
    frames = read_problem(pd.read_csv(io.StringIO(STUDENTS), dtype=str),
                          pd.read_csv(io.StringIO(PROJECTS), dtype=str, keep_default_na=False))
    assert as_bytes.students == from_paths.students == as_files.students == frames.students
    assert as_bytes.projects == from_paths.projects == as_files.projects == frames.projects
    with open(FORMS / "etudiants.ods", "rb") as fh:
        upload = read_problem(fh, (FORMS / "projets.csv").read_bytes(), FORMS_CONFIG)
    assert [s.id for s in upload.students] == ["S1", "S2", "S3", "S4"]


def test_errors_name_unnamed_sources():
    import io

    with pytest.raises(InputErrors) as info:
        read_problem(b"id,preferences\nS1,P9\n", io.BytesIO(b"id,max_size\nP1,deux\n"))
    assert [(e.file, e.row, e.column) for e in info.value.errors] == \
        [("<students>", 2, "preferences"), ("<projects>", 2, "max_size")]


def test_the_duplicate_warning_in_french(tmp_path):
    from matcher.i18n import language

    s, p = _write(tmp_path, "id,preferences\nS1,P1\nS1,P1\n", "id,max_size\nP1,3\n")
    with language("fr"), pytest.warns(InputWarning) as caught:
        read_problem(s, p)
    assert "l'étudiant 'S1' a répondu 2 fois (lignes 2, 3) : la ligne 3, la dernière ligne, " \
           "est gardée" in str(caught[0].message)
