"""Every column accounted for (issue 20, items 2 and 3): synonyms of both files, look-alike
columns refused with the closest known column, names composed, attributes announced once."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from matcher.errors import InputErrors, InputWarning
from matcher.read import read_problem

STUDENTS = "id,name,Choix 1\nS1,Ana Roy,P1\nS2,Bob Lee,P1\nS3,Zoé Durand,P2\n"


def read(tmp_path: Path, students: str, projects: str, config=None):
    (tmp_path / "s.csv").write_text(students, encoding="utf-8")
    (tmp_path / "p.csv").write_text(projects, encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        problem = read_problem(tmp_path / "s.csv", tmp_path / "p.csv", config)
    return problem, [str(w.message) for w in caught if isinstance(w.message, InputWarning)]


@pytest.mark.parametrize(("header_min", "header_max", "header_id"), [
    ("Effectif min", "Nombre max d'étudiants", "N°"),
    ("Effectif minimum", "Taille", "Code"),
    ("Nb min", "Effectif max", "Numéro"),
    ("Minimum size", "Max students", "Ref"),
])
def test_size_and_id_synonyms_are_read(tmp_path, header_min, header_max, header_id) -> None:
    projects = f"{header_id};Titre;{header_min};{header_max}\nP1;Jardin;2;5\nP2;Robot;1;3\n"
    problem, _ = read(tmp_path, STUDENTS, projects)
    assert [(p.id, p.min_size, p.max_size) for p in problem.projects] == [
        ("P1", 2, 5), ("P2", 1, 3)]


def test_a_size_column_not_recognised_is_an_error_not_a_minimum_of_1(tmp_path) -> None:
    projects = "id,title,Effectif souhaité minimal,max_size\nP1,Jardin,2,5\nP2,Robot,1,3\n"
    with pytest.raises(InputErrors) as caught:
        read(tmp_path, STUDENTS, projects)
    (error,) = caught.value.errors
    assert (error.file.endswith("p.csv"), error.row, error.column) == (
        True, 1, "Effectif souhaité minimal")
    assert "'min_size'" in str(error)


def test_a_wish_question_not_recognised_is_an_error(tmp_path) -> None:
    students = "id,name,Choix 1,Avec qui voulez-vous travailler en équipe ?\nS1,Ana,P1,Bob\n"
    with pytest.raises(InputErrors) as caught:
        read(tmp_path, students, "id,max_size\nP1,3\n")
    assert "'wishes'" in str(caught.value.errors[0])
    assert caught.value.errors[0].column == "Avec qui voulez-vous travailler en équipe ?"


def test_a_column_beside_the_known_one_stays_an_attribute(tmp_path) -> None:
    projects = "id,title,min_size,max_size,Taille de la salle\nP1,Jardin,1,3,40\n"
    problem, notes = read(tmp_path, STUDENTS.replace("P2", "P1"), projects)
    assert problem.projects[0].attributes == {"taille_de_la_salle": 40}
    (note,) = notes
    assert "'Taille de la salle'" in note and "p.csv" in note


def test_unknown_columns_are_announced_once_per_file(tmp_path) -> None:
    students = "id,name,Choix 1,Genre,Groupe TD\nS1,Ana,P1,F,A\nS2,Bob,P1,M,B\n"
    _, notes = read(tmp_path, students, "id,max_size\nP1,3\n")
    (note,) = notes
    assert "'Genre', 'Groupe TD'" in note


def test_attributes_the_rules_name_are_not_announced(tmp_path) -> None:
    students = "id,name,Choix 1,gender\nS1,Ana,P1,F\nS2,Bob,P1,M\n"
    config = {"rules": {"max_per_value": {"gender": 2}}}
    _, notes = read(tmp_path, students, "id,max_size\nP1,3\n", config)
    assert notes == []


@pytest.mark.parametrize(("first", "last"), [
    ("Prénom", "Nom"), ("first_name", "last_name"), ("First name", "Surname")])
def test_first_and_last_names_are_composed(tmp_path, first, last) -> None:
    students = f"id,{last},{first},Choix 1\nS1,Fournier,Inès,P1\nS2,Garcia,Nathan,P1\n"
    problem, _ = read(tmp_path, students, "id,max_size\nP1,3\n")
    assert [s.name for s in problem.students] == ["Inès Fournier", "Nathan Garcia"]


def test_wishes_match_composed_full_names(tmp_path) -> None:
    students = ("Adresse e-mail,Nom,Prénom,Choix 1,wishes\n"
                "ines@u.fr,Fournier,Inès,P1,garcia nathan\nn@u.fr,Garcia,Nathan,P1,Ines Fournier\n")
    problem, _ = read(tmp_path, students, "id,max_size,Porteur\nP1,3,Nathan Garcia\n")
    assert [s.wishes for s in problem.students] == [("n@u.fr",), ("ines@u.fr",)]
    assert problem.projects[0].proposers == ("n@u.fr",)


def test_a_first_name_alone_matches_when_unique(tmp_path) -> None:
    students = ("id,Nom,Prénom,Choix 1,wishes\nS1,Fournier,Inès,P1,Nathan\n"
                "S2,Garcia,Nathan,P1,ines\nS3,Roy,Nathan,P1,\n")
    problem, notes = read(tmp_path, students, "id,max_size\nP1,3\n")  # two Nathans
    (note,) = notes
    assert "several students" in note and "(S2)" in note and "(S3)" in note
    assert problem.students[0].wishes == ()
    problem, _ = read(tmp_path, students.replace(",Nathan\n", ",Nathan Garcia\n"),
                      "id,max_size\nP1,3\n")
    assert [s.wishes for s in problem.students] == [("S2",), ("S1",), ()]


PROJECTS_ET = "id,title,max_size\nP1,Eau et énergie : le retour,4\nP2,Robot - mobile,4\n"


def test_near_miss_titles_resolve_with_one_warning_per_name(tmp_path) -> None:
    students = ("id,Choix 1,Choix 2\nS1,Eau & énergie - le retour,Robot : mobile\n"
                "S2,Eau & énergie - le retour,Robot mobile\n")
    problem, notes = read(tmp_path, students, PROJECTS_ET)
    assert [s.preferences for s in problem.students] == [("P1", "P2"), ("P1", "P2")]
    assert len(notes) == 3  # one per distinct name written otherwise
    assert "2 time(s) (rows 2, 3)" in notes[0] and "[aliases]" in notes[0]


def test_aliases_in_the_config(tmp_path) -> None:
    students = "id,Choix 1\nS1,Le projet eau\nS2,robotique\n"
    config = {"aliases": {"Le projet eau": "P1", "Robotique": "Robot - mobile"}}
    problem, notes = read(tmp_path, students, PROJECTS_ET, config)
    assert [s.preferences for s in problem.students] == [("P1",), ("P2",)]
    assert notes == []
    with pytest.raises(InputErrors) as caught:
        read(tmp_path, students, PROJECTS_ET, {"aliases": {"Le projet eau": "P9"}})
    assert any(e.column == "aliases.Le projet eau" and e.value == "P9"
               for e in caught.value.errors)
