"""Tests of :mod:`matcher.io.people`: the ``wishes`` and ``avoid`` cells of the students' file,
read through :func:`matcher.read_problem`."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from matcher import InputError, InputWarning, read_problem
from matcher.io.people import fold_name

PROJECTS = "id,max_size\nP1,4\nP2,4\n"


def _read(tmp_path: Path, students: str, config: dict | None = None):
    s, p = tmp_path / "students.csv", tmp_path / "projects.csv"
    s.write_text(students, encoding="utf-8")
    p.write_text(PROJECTS, encoding="utf-8")
    return read_problem(s, p, config)


def _errors(tmp_path: Path, students: str) -> list[InputError | InputWarning]:
    """The errors and the warnings of reading ``students``, by row (a wish that names nobody
    is a warning: free text is soft; a person wished and avoided is an error)."""
    found: list[InputError | InputWarning] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            _read(tmp_path, students)
        except InputError as e:
            found += list(getattr(e, "errors", [e]))
    found += [w.message for w in caught if isinstance(w.message, InputWarning)]
    return sorted(found, key=lambda e: e.row or 0)


def _links(problem) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {s.id: (s.wishes, s.avoid) for s in problem.students if s.wishes or s.avoid}


def test_fold_name():
    assert fold_name("  Zoé-Anne  DURAND ") == "zoe anne durand"
    assert fold_name("Œdipe") == "oedipe"


def test_people_by_id_email_and_name_in_any_spelling(tmp_path: Path):
    p = _read(tmp_path, (
        "id,name,E-mail,Souhaite être avec,Ne pas être avec\n"
        "S1,Zoé Durand,zoe@ex.fr,s2 ; LEO@EX.FR,\n"        # folded id; e-mail (twice: once)
        "S2,Léo Martin,leo@ex.fr,zoe  durand,Inès Petit\n"  # folded name
        "S3,Inès Petit,ines@ex.fr,\"Durand Zoé, S2\",\n"    # words in another order
        "S4,Hugo Roux,,,S3|S2\n"))
    assert _links(p) == {"S1": (("S2",), ()), "S2": (("S1",), ("S3",)),
                         "S3": (("S1", "S2"), ()), "S4": ((), ("S3", "S2"))}
    assert p.students[0].attributes["e_mail"] == "zoe@ex.fr"  # kept, e.g. for the exports


def test_ids_that_are_email_addresses(tmp_path: Path):
    p = _read(tmp_path, "id,with\nzoe@ex.fr,Leo@Ex.fr\nleo@ex.fr,\n")
    assert p.students[0].wishes == ("leo@ex.fr",)


@pytest.mark.parametrize("header", ["with", "wishes", "Avec", "Souhaite être avec", "friends"])
def test_wish_headers(tmp_path: Path, header: str):
    p = _read(tmp_path, f"id,{header}\nS1,S2\nS2,\n")
    assert p.students[0].wishes == ("S2",)
    assert p.students[0].attributes == {}


@pytest.mark.parametrize("header", ["avoid", "apart", "Éviter", "Ne pas être avec"])
def test_avoid_headers(tmp_path: Path, header: str):
    p = _read(tmp_path, f"id,{header}\nS1,S2\nS2,\n")
    assert p.students[0].avoid == ("S2",)


@pytest.mark.parametrize("header", ["previous_team", "Previous team", "Équipe précédente"])
def test_previous_team_headers(tmp_path: Path, header: str):
    p = _read(tmp_path, f"id,{header}\nS1,T4\nS2,\n",
              {"rules": {"new_teammates": {"column": "previous_team"}}})
    assert p.students[0].attributes == {"previous_team": "T4"}
    assert p.students[1].attributes == {}


def test_a_form_header_mapped_in_the_config(tmp_path: Path):
    p = _read(tmp_path, "id,Avec qui voulez-vous travailler ?\nS1,S2\nS2,\n",
              {"columns": {"students": {"Avec qui voulez-vous travailler ?": "wishes"}}})
    assert p.students[0].wishes == ("S2",)


def test_a_homonym_of_the_writer_names_the_other(tmp_path: Path):
    p = _read(tmp_path, "id,name,with\nS1,Tom Martin,Tom Martin\nS2,Tom Martin,\n")
    assert p.students[0].wishes == ("S2",)


def test_every_error_located_in_one_pass(tmp_path: Path):
    errors = _errors(tmp_path, (
        "id,name,with,avoid\n"
        "S1,Zoé Durand,Tom,\n"                      # row 2: a first name two bear
        "S2,Léo Martin,S2,\n"                       # row 3: themself
        "S3,Tom Martin,,Zoe Duran\n"                # row 4: misspelt
        "S4,Tom Martin,,\n"
        "S5,Ada Roux,Tom Martin,Tom Martin\n"       # row 6: homonyms, twice
        "S6,Eve Roux,S1,zoé durand\n"))             # row 7: wished and avoided
    got = [(e.row, e.column, e.value) for e in errors]
    assert got == [(2, "with", "Tom"), (3, "with", "S2"), (4, "avoid", "Zoe Duran"),
                   (6, "with", "Tom Martin"), (6, "avoid", "Tom Martin"),
                   (7, "avoid", "zoé durand")]
    assert all(e.file.endswith("students.csv") for e in errors)
    text = [str(e) for e in errors]
    assert "several students bear this name: 'Tom Martin' (S3), 'Tom Martin' (S4)" in text[0]
    assert "cannot name themself" in text[1]
    assert "did you mean 'Zoé Durand' (S1)?" in text[2]
    assert "'Tom Martin' (S3), 'Tom Martin' (S4)" in text[3]
    assert "write the student's id or e-mail instead" in text[3]
    assert "S1 is both wished (with) and avoided (avoid)" in text[5]


def test_errors_of_other_columns_come_in_the_same_pass(tmp_path: Path):
    errors = _errors(tmp_path, "id,preferences,with\nS1,P9,Nobodyx\nS2,P1,\n")
    assert {(e.row, e.column) for e in errors} == {(2, "preferences"), (2, "with")}


def test_unknown_people_and_placeholders_are_warnings_not_errors(tmp_path: Path):
    found = _errors(tmp_path, (
        "id,name,with\nS1,Zoé Durand,Je ne sais pas encore\nS2,Léo Martin,-\n"
        "S3,Ana Roy,Zoé et Léo Martin\nS4,Bob Lee,\"Ana Roy, Inconnu X\"\nS5,Eve Roux,aucun\n"))
    assert all(isinstance(e, InputWarning) for e in found)
    assert [(e.row, e.value) for e in found] == [(2, "Je ne sais pas encore"),
                                                 (5, "Inconnu X")]
    assert "3 answer(s) name nobody (rows 2, 3, 6)" in str(found[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = _read(tmp_path, "id,name,with\nS1,Zoé Durand,Léo\nS2,Léo Martin,S1 et S3\n"
                            "S3,Ana Roy,\"Zoé\nLéo\"\n")
    assert _links(p) == {"S1": (("S2",), ()), "S2": (("S1", "S3"), ()),
                         "S3": (("S1", "S2"), ())}


def test_no_link_columns_no_links(tmp_path: Path):
    p = _read(tmp_path, "id,name\nS1,Zoé\nS2,Léo\n")
    assert _links(p) == {}


def test_a_microsoft_forms_export_names_people_by_e_mail(tmp_path: Path):
    # the form numbers answers in ID: the e-mail becomes the id, and wishes name it
    p = _read(tmp_path, (
        "ID,Heure de début,Heure de fin,Adresse de messagerie,Nom,Avec\n"
        "1,2026-09-01 10:00,2026-09-01 10:05,zoe@ex.fr,Zoé Durand,LEO@ex.fr\n"
        "2,2026-09-01 11:00,2026-09-01 11:05,leo@ex.fr,Léo Martin,Zoé Durand\n"))
    assert _links(p) == {"zoe@ex.fr": (("leo@ex.fr",), ()), "leo@ex.fr": (("zoe@ex.fr",), ())}
