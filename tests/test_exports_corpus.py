"""The corpus of tests/data/exports/: each export runs as exported (issue 20, item 6)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from matcher import read_problem
from matcher.errors import InputWarning

EXPORTS = Path(__file__).parent / "data" / "exports"
ORDER = {"ines.fournier@etu.fr": ("P1", "P3", "P2"), "nathan.garcia@etu.fr": ("P1", "P2", "P3"),
         "zoe.durand@etu.fr": ("P2", "P3", "P1")}


def read(name: str):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        problem = read_problem(EXPORTS / name, EXPORTS / "projets.csv")
    return problem, [str(w.message) for w in caught if isinstance(w.message, InputWarning)]


@pytest.mark.parametrize("name", ["microsoft_forms.xlsx", "limesurvey.csv", "excel_fr.csv"])
def test_each_export_runs_as_exported(name: str) -> None:
    problem, _ = read(name)
    assert len(problem.students) == 6
    got = {s.id: s.preferences for s in problem.students if s.id in ORDER}
    if name == "excel_fr.csv":  # its third choices differ
        assert got["zoe.durand@etu.fr"] == ORDER["zoe.durand@etu.fr"]
    else:
        assert got == ORDER
    assert {s.name for s in problem.students} >= {"Inès Fournier", "Zoé Durand"}
    # the projects file: French headers, sizes read, the proposer named by name
    assert [(p.min_size, p.max_size) for p in problem.projects] == [(2, 4)] * 3
    assert problem.projects[0].proposers == ("nathan.garcia@etu.fr",)


def test_google_forms_grid_answered_twice_with_free_text_wishes() -> None:
    problem, notes = read("google_forms_fr_grille.csv")
    ids = [s.id for s in problem.students]
    assert len(ids) == 6 and "Ines.Fournier@etu.fr" in ids  # one person, latest answer kept
    wishes = {s.id: s.wishes for s in problem.students}
    assert wishes["ana.roy@etu.fr"] == ("zoe.durand@etu.fr", "leo.martin@etu.fr")
    assert wishes["Ines.Fournier@etu.fr"] == ("nathan.garcia@etu.fr",)
    assert wishes["nathan.garcia@etu.fr"] == ("Ines.Fournier@etu.fr",)
    assert any("answered 2 times" in n for n in notes)
    assert any("3 answer(s) name nobody" in n for n in notes)


def test_excel_fr_decimal_comma_and_near_titles() -> None:
    problem, notes = read("excel_fr.csv")
    assert problem.students[0].attributes["moyenne"] == 14.5
    assert sum("is read as project" in n for n in notes) == 2
