"""Tests of :mod:`matcher.forms`: where a form export keeps the preferences."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.errors import InputError
from matcher.forms import cells_of as _cells
from matcher.forms import parse_rank, recognise, split_names
from matcher.io import read_table
from matcher.project_names import ProjectNames

NAMES = ProjectNames([("P01", "Jardin partagé, Bagatelle"), ("P02", "Vélo-école"),
                      ("P03", "Fablab"), ("P04", "Café; réparation")])


def table(tmp_path: Path, text: str):
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8")
    return read_table(path)


def cells(t, layout, i: int = 0) -> list[tuple[str, str]]:
    errors: list[InputError] = []
    out = _cells(t, i, layout, NAMES, errors)
    assert not errors, errors
    return out


@pytest.mark.parametrize(("text", "rank"), [
    ("1", 1), ("01", 1), ("1er choix", 1), ("1ère", 1), ("Choix 2", 2), ("choice 3", 3),
    ("First choice", 1), ("second", 2), ("Deuxième choix", 2), ("2e", 2), ("2ème", 2),
    ("3rd", 3), ("N° 4", 4), ("Rang 5", 5), ("#6", 6), ("10th choice", 10),
    ("", None), ("0", None), ("oui", None), ("1 ou 2", None), ("Fablab", None),
])
def test_parse_rank(text: str, rank: int | None) -> None:
    assert parse_rank(text) == rank


@pytest.mark.parametrize(("text", "names"), [
    ("P01;P02", ["P01", "P02"]),
    ("Vélo-école;Jardin partagé, Bagatelle;", ["Vélo-école", "Jardin partagé, Bagatelle"]),
    ("Jardin partagé, Bagatelle, P03", ["Jardin partagé, Bagatelle", "P03"]),
    ("jardin partage,bagatelle,P02", ["jardin partage,bagatelle", "P02"]),
    ("P03, Vélo-école", ["P03", "Vélo-école"]),
    ("P02|P03", ["P02", "P03"]),
    ("Café; réparation; P03", ["Café; réparation", "P03"]),
    ("Jardin, Fablab", ["Jardin", "Fablab"]),  # no title "Jardin, Fablab": two names
    ("", []), (" ; ;", []),
])
def test_split_names_puts_titles_back_together(text: str, names: list[str]) -> None:
    assert split_names(text, NAMES) == names


def test_google_ranking_grid(tmp_path: Path) -> None:
    t = table(tmp_path, 'Adresse e-mail,"Classez les projets [Jardin partagé, Bagatelle]",'
                        "Classez les projets [Vélo-école],Classez les projets [P03],"
                        "Autre question [Oui]\n"
                        "z@x,2e choix,,1er choix,x\n")
    errors: list[InputError] = []
    t, layout = recognise(t, NAMES, errors)
    assert not errors and layout.preferences == "grid" and len(layout.columns) == 3
    assert [name for _, name in cells(t, layout)] == ["P03", "Jardin partagé, Bagatelle"]
    assert layout.metadata >= set(layout.columns)  # grid cells are not attributes


def test_grid_errors_name_the_cell(tmp_path: Path) -> None:
    t = table(tmp_path, "id,Classez [Vélo-école],Classez [Fablab],Classez [Piscine]\n"
                        "S1,1,1,\nS2,oui,2,\n")
    errors: list[InputError] = []
    t, layout = recognise(t, NAMES, errors)
    assert [(e.row, e.column, e.value) for e in errors] == [(1, "Classez [Piscine]", "Piscine")]
    assert t.header_row == 1
    errors.clear()
    _cells(t, 0, layout, NAMES, errors)
    _cells(t, 1, layout, NAMES, errors)
    assert [(e.row, e.column, e.value) for e in errors] == [
        (2, "Classez [Fablab]", "1"), (3, "Classez [Vélo-école]", "oui")]
    assert "rank 1 is given to two projects" in errors[0].message
    assert "not a rank" in errors[1].message


def test_a_grid_of_other_questions_is_not_a_ranking(tmp_path: Path) -> None:
    t = table(tmp_path, "id,Niveau [Python],Niveau [Dessin]\nS1,Expert,Débutant\n")
    errors: list[InputError] = []
    _, layout = recognise(t, NAMES, errors)
    assert layout.preferences == "none" and not errors


def test_microsoft_forms_ranking_question(tmp_path: Path) -> None:
    t = table(tmp_path,
              "ID,Heure de début,Heure de fin,Adresse de messagerie,Nom,"
              "Classez les projets par ordre de préférence,Vos centres d'intérêt\n"
              '7,9/12/25 9:00:00,9/12/25 9:04:00,z@x.fr,Zoé,"Fablab;Vélo-école;'
              'Jardin partagé, Bagatelle;",Vélo-école;\n')
    errors: list[InputError] = []
    t, layout = recognise(t, NAMES, errors)
    assert not errors and layout.preferences == "preferences"
    assert layout.columns == ("classez_les_projets_par_ordre_de_preference",)
    assert [n for _, n in cells(t, layout)] == ["Fablab", "Vélo-école",
                                                "Jardin partagé, Bagatelle"]
    # ID numbers the answers: the e-mail is the student's id
    assert t.records[0]["id"] == "z@x.fr" and t.original_headers["id"] == "Adresse de messagerie"
    assert layout.timestamp == "heure_de_fin" and layout.dayfirst
    assert {"response_number", "heure_de_debut", "heure_de_fin"} <= layout.metadata


def test_an_id_column_is_kept_when_mapped_or_without_the_form_columns(tmp_path: Path) -> None:
    text = "ID,Heure de début,Heure de fin,Email\n7,x,y,z@x.fr\n"
    t = table(tmp_path, text)
    assert recognise(t, NAMES, [], id_mapped=True)[0].records[0]["id"] == "7"
    plain = table(tmp_path, "ID,Email\nS1,z@x.fr\n")
    assert recognise(plain, NAMES, [])[0].records[0]["id"] == "S1"


def test_two_kinds_of_preferences_are_an_error(tmp_path: Path) -> None:
    t = table(tmp_path, "id,choix 1,Classez [Vélo-école],Classez [Fablab]\nS1,P01,1,2\n")
    errors: list[InputError] = []
    _, layout = recognise(t, NAMES, errors)
    assert layout.preferences == "choices"
    assert len(errors) == 1 and errors[0].column == "choix 1"
    assert "as choice_N columns and as a ranking grid" in errors[0].message
