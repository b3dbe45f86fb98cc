"""Tests of :func:`matcher.io.read_table` on every spreadsheet format (one reader, calamine) and
on every kind of source (path, bytes, file object, DataFrame)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from matcher.errors import InputError
from matcher.io import normalize_header, read_table

FORMS = Path(__file__).resolve().parents[1] / "data" / "forms"
RECORD_1 = {"id": "S1", "name": "Zoé Lefèvre", "discipline": "design", "institution": "INSA",
            "preferences": "P01;Vélo-école", "year": "3", "inscrit_le": "2025-09-01"}


@pytest.mark.parametrize("name", ["etudiants.ods", "etudiants.xls"])
def test_ods_and_xls_read_like_a_workbook(name: str) -> None:
    table = read_table(FORMS / name, required=["id"])
    assert table.columns == ("id", "name", "discipline", "institution", "preferences", "year",
                             "inscrit_le")
    assert table.records[0] == RECORD_1
    # the blank row 4 is skipped but counted: spreadsheet row numbers
    assert table.rows == (2, 3, 5, 6)
    assert table.error(2, "id", "x").row == 5


def test_ods_sheet_option() -> None:
    path = FORMS / "etudiants.ods"
    assert read_table(path, sheet="Brouillon").records == ({"notes": "x"},)
    assert read_table(path, sheet="reponses").records[0]["id"] == "S1"  # loose match
    with pytest.raises(InputError) as info:
        read_table(path, sheet="Réponse")
    assert "'Réponses', 'Brouillon'" in info.value.message
    assert info.value.hint == "did you mean 'Réponses'?"


def test_microsoft_forms_workbook_dates_become_iso() -> None:
    table = read_table(FORMS / "microsoft_forms.xlsx")
    assert table.original_headers["heure_de_fin"] == "Heure de fin"
    assert table.records[0]["heure_de_fin"] == "2025-09-12T12:04:00"
    assert table.records[0]["id"] == "1"


@pytest.mark.parametrize(("ext", "data", "message"), [
    (".ods", b"id;name\nS1;A\n", "this is not a .ods spreadsheet"),
    (".xls", b"id;name\nS1;A\n", "this is not a .xls spreadsheet"),
    (".ods", b"PK\x03\x04garbage", "cannot read the workbook"),
    (".xls", b"<html><table><tr><td>id</td></tr></table></html>",
     r"a web page \(HTML or XML\) saved under the extension \.xls"),
    (".xls", b"\xd0\xcf\x11\xe0garbage", "cannot read the workbook"),
])
def test_broken_spreadsheets_are_named(tmp_path: Path, ext: str, data: bytes,
                                       message: str) -> None:
    path = tmp_path / f"broken{ext}"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_table(path)
    assert info.value.file == str(path)


def test_xls_renamed_csv_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes((FORMS / "etudiants.xls").read_bytes())
    with pytest.raises(InputError, match=r"old Excel \(\.xls\)") as info:
        read_table(path)
    assert ".xls" in info.value.hint


def test_chart_sheets_are_not_the_first_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["id"])
    workbook.active.append(["S1"])
    chart = workbook.create_chartsheet("Graphique", 0)
    assert workbook.sheetnames[0] == chart.title
    path = tmp_path / "charted.xlsx"
    workbook.save(path)
    assert read_table(path).records == ({"id": "S1"},)


# --------------------------------------------------------------------------- sources


def test_bytes_are_recognised_by_their_first_bytes() -> None:
    for name in ("etudiants.ods", "etudiants.xls", "microsoft_forms.xlsx"):
        table = read_table((FORMS / name).read_bytes())
        assert table.path == "<table>"
        assert table.records[0]["id"] in ("S1", "1")
    csv_table = read_table("id;nom\nS1;Zoé\n".encode("cp1252"), name="<students>")
    assert csv_table.records == ({"id": "S1", "nom": "Zoé"},)
    assert csv_table.path == "<students>"


def test_file_objects_binary_and_text(tmp_path: Path) -> None:
    with open(FORMS / "etudiants.ods", "rb") as fh:
        table = read_table(fh)
    assert table.path.endswith("etudiants.ods") and table.records[0] == RECORD_1
    text = read_table(io.StringIO("id,nom\nS1,Zoé\n\nS2,Léo\n"))
    assert text.records[1] == {"id": "S2", "nom": "Léo"} and text.rows == (2, 4)
    upload = io.BytesIO("id,nom\nS1,Zoé\n".encode("utf-16"))
    assert read_table(upload, name="upload.csv").records == ({"id": "S1", "nom": "Zoé"},)


def test_the_name_tells_the_format_of_bytes() -> None:
    data = (FORMS / "etudiants.xls").read_bytes()
    with pytest.raises(InputError, match=r"old Excel \(\.xls\)") as info:
        read_table(data, name="upload.csv")
    assert info.value.file == "upload.csv"
    assert read_table(data, name="upload.xls").records[0]["id"] == "S1"


def test_dataframe_source() -> None:
    frame = pd.DataFrame({
        "ID ": ["S1", "S2", None],
        "Choix 1": ["P1", None, None],
        "year": [3, 4.0, float("nan")],
        "when": [pd.Timestamp("2025-09-12 10:00"), pd.NaT, pd.NaT],
        "ok": pd.array([True, pd.NA, None], dtype="boolean"),
    }, index=[10, 11, 12])
    table = read_table(frame, name="<students>", required=["id"])
    assert table.columns == ("id", "choice_1", "year", "when", "ok")
    assert table.records == (
        {"id": "S1", "choice_1": "P1", "year": "3", "when": "2025-09-12T10:00:00",
         "ok": "TRUE"},
        {"id": "S2", "choice_1": "", "year": "4", "when": "", "ok": ""},
    )
    assert table.rows == (2, 3)  # the header is row 1; the index is ignored
    with pytest.raises(InputError, match="missing required column 'max_size'") as info:
        read_table(frame, name="<projects>", required=["max_size"])
    assert info.value.file == "<projects>"


def test_unreadable_source_kind() -> None:
    with pytest.raises(InputError, match="cannot read a int"):
        read_table(42, name="<students>")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- form headers


@pytest.mark.parametrize(("header", "expected"), [
    ("1er choix", "choice_1"), ("2e choix", "choice_2"), ("3ème choix", "choice_3"),
    ("Second choice", "choice_2"), ("First choice", "choice_1"), ("Premier vœu", "choice_1"),
    ("Préférence n°3", "choice_3"), ("Rang 4", "choice_4"), ("Vos choix [Choix 1]", "choice_1"),
    ("Classez vos vœux [2e choix]", "choice_2"), ("Classez les projets [3]", "choice_3"),
    ("Classez les projets [Jardin partagé]", "classez_les_projets_jardin_partage"),
    ("Disponibilités [3]", "disponibilites_3"), ("Choix 0", "choix_0"),
])
def test_choice_headers_of_forms(header: str, expected: str) -> None:
    assert normalize_header(header) == expected
