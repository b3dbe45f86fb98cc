"""Tests of :mod:`matcher.project_names`: a project named by its id or by its title."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matcher.project_names import ProjectNames, fold_title

NAMES = ProjectNames([
    ("P05", "Rénovation énergétique participative, Purpan"),
    ("P02", "Vélo-école"),
    ("P03", "Jardin"),
    ("P04", "Jardin"),          # two ideas with one title
    ("Jardin partagé", "Compost"),  # an id may hold accents and spaces
    ("P06", "P02"),             # a title that is another project's id: the id wins
    ("P07", ""),
])


def test_fold_title() -> None:
    assert fold_title("  Rénovation  énergétique\u00a0participative, PURPAN. ") == \
        "renovation energetique participative, purpan"
    assert fold_title("« Œuvre collective »") == "oeuvre collective"
    assert fold_title("Vélo–école") == fold_title("velo-ecole")


def test_ids_then_titles() -> None:
    assert NAMES.resolve("P05") == "P05"
    assert NAMES.lookup("rénovation énergétique participative,  purpan").id == "P05"
    assert NAMES.lookup("Rénovation énergétique participative, Purpan").by_title
    assert NAMES.resolve("VELO-ECOLE") == "P02"
    assert NAMES.resolve("P02") == "P02"  # the id, not the title of P06
    assert NAMES.resolve("Jardin partagé") == "Jardin partagé"
    assert NAMES.resolve("p05") is None  # an id is exact: case counts


def test_ambiguous_title() -> None:
    found = NAMES.lookup("jardin")
    assert found.id is None and found.candidates == ("P03", "P04")
    assert NAMES.hint("jardin") == "'P03', 'P04' share this title: name the project by its id"


def test_hints() -> None:
    assert NAMES.hint("p05") == "did you mean 'P05'?"
    assert NAMES.hint("Renovation energetique, Purpan") == \
        "did you mean 'P05' (Rénovation énergétique participative, Purpan)?"
    assert NAMES.hint("Velo ecoles") == "did you mean 'P02' (Vélo-école)?"
    assert NAMES.hint("zzzz") is None


titles = st.text(alphabet="abcdeéèàçœ ÉA-,'", min_size=1, max_size=20).filter(
    lambda t: fold_title(t) != "")


@given(title=titles, noise=st.sampled_from(["", " ", "  ", ".", " !"]))
def test_a_title_is_found_however_it_is_written(title: str, noise: str) -> None:
    names = ProjectNames([("X1", title)])
    for variant in (title.upper(), f"{noise}{title}{noise}", title.replace(" ", "   ")):
        if variant != "X1":
            assert names.resolve(variant) == "X1", variant
