"""The broken-input corpus (``tests/data/broken/cases.toml``) read in French by the library.

Each case that ``read_problem`` refuses must, under ``with language("fr")``, still name the
file, the row (``ligne``), the column (``colonne``) and the value (``valeur``), differ from the
English message, and contain no English sentence of the message catalog.
"""

from __future__ import annotations

import re
import tomllib
import warnings
from pathlib import Path

import pytest
from i18n_support import english_sentences

from matcher.errors import InputError
from matcher.i18n import language
from matcher.io.table import read_table
from matcher.io.write import write_xlsx
from matcher.read import read_problem

BROKEN = Path(__file__).parent.parent / "data" / "broken"
CASES = tomllib.loads((BROKEN / "cases.toml").read_text(encoding="utf-8"))["case"]
#: Cases that are not about reading files: ``--weight`` is a command-line option, a header
#: without rows is refused by the command line, and infeasible problems are read fine.
READ_CASES = [c for c in CASES if c["code"] == 2 and "--weight" not in c.get("args", [])
              and c["id"] != "header_only"]
#: French words for the English location words of the corpus's expectations.
PLACE = {"row": "ligne", "column": "colonne", "value": "valeur"}


def _read(case: dict) -> str:
    """The message ``read_problem`` raises for ``case``, in the current language."""
    args = list(case.get("args", []))
    options = {name.lstrip("-"): args[args.index(name) + 1]
               for name in ("--sheet", "--duplicates") if name in args}
    config = BROKEN / case["config"] if "config" in case else None
    with warnings.catch_warnings(), pytest.raises(InputError) as caught:
        warnings.simplefilter("ignore")
        read_problem(BROKEN / case.get("students", "students.csv"),
                     BROKEN / case.get("projects", "projects.csv"), config, **options)
    return str(caught.value)


def test_the_sentence_list_is_not_empty() -> None:
    sentences = english_sentences()
    assert "missing required column" in sentences
    assert "cells but the header has" in sentences


@pytest.mark.parametrize("case", READ_CASES, ids=[c["id"] for c in READ_CASES])
def test_broken_case_in_french(case: dict) -> None:
    english = _read(case)
    with language("fr"):
        french = _read(case)
    assert french != english
    for text in case["expect"]:
        place = re.fullmatch(r"(row) (\d+)|(column|value) ('.*'|-?\d+)", text)
        if place:  # "row 3" -> "ligne 3", "column 'id'" -> "colonne 'id'"
            word, where = (place.group(1), place.group(2)) if place.group(1) else (
                place.group(3), place.group(4))
            assert f"{PLACE[word]} {where}" in french, (text, french)
            assert text in english, (text, english)
        elif re.fullmatch(r"[\w.-]+\.(csv|xlsx|ods|numbers|toml)", text):
            # the library names a config file for its syntax, not for the problem it builds
            # (the command line adds it: tests/cli/test_cli_broken_fr.py)
            assert text in french or text not in english, (text, french)
            assert text in french or text.endswith(".toml"), (text, french)
    assert not re.search(r"\b(row \d|column '|value ')", french), french
    leftover = sorted(s for s in english_sentences() if s in french)
    assert not leftover, (leftover, french)


def test_duplicate_project_in_french_names_the_spreadsheet_row() -> None:
    """``(also record 2)`` becomes the row a spreadsheet shows, in French too."""
    case = next(c for c in CASES if c["id"] == "duplicate_project_id")
    with language("fr"):
        french = _read(case)
    assert "(aussi ligne 3)" in french, french
    assert "enregistrement" not in french


@pytest.mark.parametrize(("found", "english", "french"), [
    ("?,!!\n", "missing required columns 'id', 'max_size'; columns found: none",
     "colonnes obligatoires manquantes : 'id', 'max_size' ; aucune colonne trouvée"),
    ("title\nx\n", "missing required columns 'id', 'max_size'; columns found: 'title'",
     "colonnes obligatoires manquantes : 'id', 'max_size' ; colonnes trouvées : 'title'"),
])
def test_missing_columns_in_both_languages(found: str, english: str, french: str) -> None:
    def message() -> str:
        with pytest.raises(InputError) as caught:
            read_problem(BROKEN / "students.csv", found.encode(), None)
        return str(caught.value)

    assert english in message()
    with language("fr"):
        assert french in message()


#: Files the corpus does not hold, each refused by the table reader (name, content, English).
TABLE_CASES = [
    ("zip.csv", b"PK\x03\x04rest", "this is a zip archive or an Excel workbook, not CSV text"),
    ("nul.csv", b"id,max_size\nP1\x00,3\n", "does not look like a text file"),
    ("bom16.csv", b"\xff\xfei\x00d\x00\n\x00\x00\xd8", "cannot decode the file as utf-16"),
    ("quote.csv", b'id,max_size\n"P1,3\n' + b"x" * 200_000, "malformed CSV"),
    ("nohead.csv", b"id,max_size,\nP1,3,x\n", "column C has data but no header"),
    ("symbol.csv", b"id,max_size,?\nP1,3,x\n", "header '?' in column C has no letter or digit"),
    ("twice.csv", b"id,max_size,capacity\nP1,3,4\n",
     "columns 'max_size' (B) and 'capacity' (C) both mean 'max_size'"),
    ("blank.csv", b"\n\n", "the file is empty"),
]


@pytest.mark.parametrize(("name", "data", "english"), TABLE_CASES,
                         ids=[c[0] for c in TABLE_CASES])
def test_table_errors_in_french(tmp_path: Path, name: str, data: bytes, english: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)

    def message() -> str:
        with pytest.raises(InputError) as caught:
            read_table(path, required=["id", "max_size"],
                       aliases={"max_size": ["capacity"]})
        return str(caught.value)

    in_english = message()
    assert english in in_english
    with language("fr"):
        french = message()
    assert french != in_english and str(path) in french
    assert not re.search(r"\b(row \d|column '|value ')", french), french
    assert not sorted(s for s in english_sentences() if s in french), french


def test_directory_and_missing_sheet_in_french(tmp_path: Path) -> None:
    with language("fr"), pytest.raises(InputError, match="c'est un dossier, pas un fichier"):
        (tmp_path / "dir.csv").mkdir()
        read_table(tmp_path / "dir.csv")
    book = tmp_path / "book.xlsx"
    write_xlsx(book, {"Inscriptions": [{"id": "S1"}]})
    with language("fr"), pytest.raises(InputError) as caught:
        read_table(book, sheet="Inscription")
    assert str(caught.value) == (f"{book}: aucune feuille nommée 'Inscription' ; feuilles : "
                                 "'Inscriptions' (vouliez-vous dire 'Inscriptions' ?)")
