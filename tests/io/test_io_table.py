"""Tests of :mod:`matcher.io.table`: reading CSV and XLSX into clean tables."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl
import pytest

from matcher.errors import InputError
from matcher.io import Table, choice_columns, column_letter, normalize_header, read_table

NAME = "Zoé Lefèvre"


def write(tmp_path: Path, text: str, *, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# --------------------------------------------------------------------------- normalize_header


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Institution ", "institution"),
        ("INSTITUTION", "institution"),
        ("  institution\t", "institution"),
        ("établissement", "etablissement"),
        ("ÉTABLISSEMENT", "etablissement"),
        ("min size", "min_size"),
        ("min_size", "min_size"),
        ("Min-Size", "min_size"),
        ("min   __ size", "min_size"),
        ("Quelle est votre discipline ?", "quelle_est_votre_discipline"),
        ("Choix 1", "choice_1"),
        ("choix_2", "choice_2"),
        ("choice 3", "choice_3"),
        ("Choice3", "choice_3"),
        ("Vœu 4", "choice_4"),
        ("voeu_05", "choice_5"),
        ("choice_10", "choice_10"),
        ("Cœur", "coeur"),
        ("\ufeffid", "id"),
        ("???", ""),
        ("", ""),
    ],
)
def test_normalize_header(raw: str, expected: str) -> None:
    assert normalize_header(raw) == expected


def test_column_letter() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_round_trip_accents(tmp_path: Path, encoding: str, delimiter: str) -> None:
    text = delimiter.join(["id", "Nom", "Établissement"]) + "\r\n"
    text += delimiter.join(["S1", NAME, "Université Paris Cité"]) + "\r\n"
    table = read_table(write(tmp_path, text, encoding=encoding))
    assert table.columns == ("id", "nom", "etablissement")
    assert table.records == ({"id": "S1", "nom": NAME, "etablissement": "Université Paris Cité"},)
    assert table.original_headers["etablissement"] == "Établissement"


def test_cp1252_specific_characters(tmp_path: Path) -> None:
    # € and œ exist in cp1252 but not in Latin-1; the curly apostrophe is a Word favourite.
    text = "id;note\nS1;Cœur d’artichaut 5 €\n"
    table = read_table(write(tmp_path, text, encoding="cp1252"))
    assert table.records[0]["note"] == "Cœur d’artichaut 5 €"


def test_latin1_bytes_undefined_in_cp1252(tmp_path: Path) -> None:
    data = "id;nom\nS1;Zoé\n".encode("latin-1") + b"S2;x\x81y\n"
    path = tmp_path / "l1.csv"
    path.write_bytes(data)
    table = read_table(path)
    assert table.records[0]["nom"] == "Zoé"
    assert table.records[1]["nom"] == "x\x81y"


def test_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes(f"id;nom\nS1;{NAME}\n".encode("utf-16-le"))
    assert read_table(path).records[0]["nom"] == NAME


def test_nfd_values_become_nfc(tmp_path: Path) -> None:
    import unicodedata

    text = "id;nom\nS1;" + unicodedata.normalize("NFD", NAME) + "\n"
    assert read_table(write(tmp_path, text)).records[0]["nom"] == NAME


# --------------------------------------------------------------------------- delimiters


def test_semicolon_with_decimal_commas(tmp_path: Path) -> None:
    text = "id;note;commentaire\nS1;12,5;bien, très bien\nS2;8;\n"
    table = read_table(write(tmp_path, text))
    assert table.columns == ("id", "note", "commentaire")
    assert table.records[0] == {"id": "S1", "note": "12,5", "commentaire": "bien, très bien"}
    assert table.records[1] == {"id": "S2", "note": "8", "commentaire": ""}


def test_comma_with_quoted_semicolons(tmp_path: Path) -> None:
    text = 'id,name,"notes; remarks; misc"\nS1,"Lefèvre, Zoé","a;b;c"\n'
    table = read_table(write(tmp_path, text))
    assert table.columns == ("id", "name", "notes_remarks_misc")
    assert table.records[0]["name"] == "Lefèvre, Zoé"
    assert table.records[0]["notes_remarks_misc"] == "a;b;c"


def test_header_with_comma_in_semicolon_file(tmp_path: Path) -> None:
    text = "id;Si oui, lequel ?;nom\nS1;x, y;A\nS2;;B\n"
    table = read_table(write(tmp_path, text))
    assert table.columns == ("id", "si_oui_lequel", "nom")
    assert table.records[0]["si_oui_lequel"] == "x, y"


def test_tie_broken_by_consistency(tmp_path: Path) -> None:
    # Header has one ',' and one ';' outside quotes: the data decide.
    text = "nom, prénom;email\nA, B;a@x\nC, D;c@x\nE;e@x\n"
    table = read_table(write(tmp_path, text))
    assert table.columns == ("nom_prenom", "email")
    assert table.records[2] == {"nom_prenom": "E", "email": "e@x"}


def test_excel_sep_line(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "sep=,\r\nid,nom;prénom\r\nS1,A;B\r\n\r\nS2,C\r\n"))
    assert table.columns == ("id", "nom_prenom")
    assert table.records[0] == {"id": "S1", "nom_prenom": "A;B"}
    assert table.rows == (2, 4)


def test_missing_column_reported_before_ragged_rows(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing required column 'id'"):
        read_table(write(tmp_path, "nom\nA,B\n"), required=["id"])


def test_tab_delimited(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "id\tnom\nS1\tA, B; C\n", name="x.tsv"))
    assert table.records == ({"id": "S1", "nom": "A, B; C"},)


def test_single_column(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "id\nS1\nS2\n"))
    assert table.columns == ("id",)
    assert [r["id"] for r in table.records] == ["S1", "S2"]


def test_values_trimmed_including_nbsp(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "id ; nom \n  S1 ;\u00a0Zoé\u00a0\t\n"))
    assert table.records == ({"id": "S1", "nom": "Zoé"},)


def test_quoted_multiline_cell(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, 'id,bio\nS1,"line one\nline two"\nS2,x\n'))
    assert table.records[0]["bio"] == "line one\nline two"
    # Spreadsheet rows: the multi-line cell is one row.
    assert table.rows == (2, 3)


# --------------------------------------------------------------------------- rows and blank lines


def test_blank_lines_keep_physical_row_numbers(tmp_path: Path) -> None:
    text = "id;nom\n\nS1;A\n\n;;\n   \nS2;B\n"
    table = read_table(write(tmp_path, text))
    assert [r["id"] for r in table.records] == ["S1", "S2"]
    assert table.rows == (3, 7)
    error = table.error(1, "nom", "bad name", hint="fix it")
    assert isinstance(error, InputError)
    assert error.row == 7
    assert error.column == "nom"
    assert error.value == "B"
    assert error.file == str(tmp_path / "data.csv")
    assert "row 7" in str(error) and "fix it" in str(error)


def test_blank_lines_before_header(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "\n\r\nid;nom\nS1;A\n"))
    assert table.rows == (4,)


def test_crlf_and_blank_lines(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "id,nom\r\n\r\nS1,A\r\nS2,B\r\n"))
    assert table.rows == (3, 4)


def test_error_names_header_as_written(tmp_path: Path) -> None:
    table = read_table(
        write(tmp_path, "Identifiant;Filière\nS1;Chimie\n"),
        aliases={"id": ["student_id", "identifiant"], "discipline": ["filière"]},
    )
    assert table.columns == ("id", "discipline")
    error = table.error(0, "discipline", "unknown discipline")
    assert error.column == "Filière"
    assert error.value == "Chimie"
    assert table.error(0, None, "whole row").column is None


def test_short_rows_padded_and_trailing_empty_cells_ignored(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "a;b;c\n1\n1;2;3;;\n"))
    assert table.records == ({"a": "1", "b": "", "c": ""}, {"a": "1", "b": "2", "c": "3"})


def test_row_with_too_many_cells(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path, "a,b\n1,2\n\n1,2,3\n"))
    assert info.value.row == 4
    assert info.value.column == "C"
    assert info.value.value == "3"
    assert "3 cells" in info.value.message


def test_unnamed_empty_column_ignored(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "a;;b;\n1;;2;\n"))
    assert table.columns == ("a", "b")


def test_unnamed_column_with_data(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path, "a;;b\n1;x;2\n"))
    assert info.value.column == "B"
    assert info.value.row == 2
    assert "no header" in info.value.message


# --------------------------------------------------------------------------- header mapping


def test_header_variants_and_aliases(tmp_path: Path) -> None:
    text = "Student_ID ;NOM;établissement; Min Size;Choix 2;choice 1;Vœu 10\nS1;A;U;3;P2;P1;P10\n"
    table = read_table(
        write(tmp_path, text),
        aliases={"id": ["student_id", "identifiant"], "institution": ["établissement"]},
        required=["id", "institution", "min_size"],
    )
    assert table.columns == (
        "id",
        "nom",
        "institution",
        "min_size",
        "choice_2",
        "choice_1",
        "choice_10",
    )
    assert table.original_headers["id"] == "Student_ID"
    assert table.original_headers["institution"] == "établissement"
    assert choice_columns(table) == ["choice_1", "choice_2", "choice_10"]


def test_columns_mapping_google_forms(tmp_path: Path) -> None:
    text = (
        '"Horodateur","Adresse e-mail","Quelle est votre discipline ?","Vos choix [Choix 1]",'
        '"Vos choix [Choix 2]"\n"2024/09/02 10:00:00","z@x.fr","Chimie","P1","P2"\n'
    )
    table = read_table(
        write(tmp_path, text),
        columns={
            "Quelle est votre discipline?": "discipline",
            "Adresse e-mail": "email",
            "vos choix [choix 1]": "choice_1",
            "Vos choix [Choix 2]": "choice_2",
        },
        required=["discipline", "email"],
    )
    assert table.records[0]["discipline"] == "Chimie"
    assert table.records[0]["email"] == "z@x.fr"
    assert choice_columns(table) == ["choice_1", "choice_2"]
    assert table.original_headers["discipline"] == "Quelle est votre discipline ?"


def test_columns_mapping_beats_aliases(tmp_path: Path) -> None:
    table = read_table(
        write(tmp_path, "filière;discipline principale\nA;B\n"),
        columns={"Filiere": "track", "discipline principale": "discipline"},
        aliases={"discipline": ["filière"]},
    )
    assert table.columns == ("track", "discipline")
    assert table.records == ({"track": "A", "discipline": "B"},)


def test_duplicate_canonical_header(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(
            write(tmp_path, "id;Institution;établissement\nS1;A;B\n"),
            aliases={"institution": ["établissement"]},
        )
    message = str(info.value)
    assert "'Institution'" in message and "'établissement'" in message
    assert "(B)" in message and "(C)" in message
    assert info.value.row == 1


def test_duplicate_raw_header(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"'Nom' \(A\) and 'nom' \(B\)"):
        read_table(write(tmp_path, "Nom;nom \nA;B\n"))


def test_missing_required_suggests_nearest(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(
            write(tmp_path, "identifant;nom;disciplne\nS1;A;B\n"),
            aliases={"id": ["student_id", "identifiant"]},
            required=["id", "discipline", "institution"],
        )
    error = info.value
    assert "'id'" in error.message and "'discipline'" in error.message
    assert "'institution'" in error.message
    assert "columns found: 'identifant', 'nom', 'disciplne'" in error.message
    assert "did you mean 'identifant'?" in error.hint
    assert "did you mean 'disciplne'?" in error.hint


def test_missing_required_without_near_match(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path, "a;b\n1;2\n"), required=["institution"])
    assert "[columns]" in info.value.hint


def test_header_only_is_fine(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "id;nom\n\n"), required=["id"])
    assert table.columns == ("id", "nom")
    assert table.records == () and table.rows == ()
    assert len(table) == 0


@pytest.mark.parametrize("text", ["", "\n\n", "  \r\n", ";;;\n;;\n", "\ufeff"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError, match="the file is empty"):
        read_table(write(tmp_path, text))


def test_table_is_frozen(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "a\n1\n"))
    assert isinstance(table, Table)
    with pytest.raises(AttributeError):
        table.path = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------- files


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(InputError, match="file not found") as info:
        read_table(path)
    assert info.value.file == str(path)


def test_directory(tmp_path: Path) -> None:
    path = tmp_path / "dir.csv"
    path.mkdir()
    with pytest.raises(InputError, match="directory"):
        read_table(path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX, non-root")
def test_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path, "a\n1\n")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot read") as info:
            read_table(path)
        assert info.value.file == str(path)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("ext", [".json", ".numbers", ".pdf", ""])
def test_unsupported_extension(tmp_path: Path, ext: str) -> None:
    path = write(tmp_path, "a\n1\n", name="data" + ext)
    with pytest.raises(InputError, match=r"supported: .*\.csv.*\.xlsx"):
        read_table(path)


def test_xlsx_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["a"])
    workbook.save(path)
    renamed = tmp_path / "book.csv"
    path.rename(renamed)
    with pytest.raises(InputError, match="Excel workbook") as info:
        read_table(renamed)
    assert ".xlsx" in info.value.hint


def test_csv_named_xlsx(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not an Excel"):
        read_table(write(tmp_path, "a,b\n1,2\n", name="data.xlsx"))


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(InputError, match="cannot read the workbook"):
        read_table(path)


def test_binary_csv(tmp_path: Path) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(b"a,b\n\x00\x01\x02\xff\n")
    with pytest.raises(InputError, match="NUL"):
        read_table(path)


# --------------------------------------------------------------------------- XLSX


def make_workbook(
    tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "b.xlsx"
) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_xlsx_read(tmp_path: Path) -> None:
    path = make_workbook(
        tmp_path,
        {
            "Étudiants": [
                ["ID ", "Nom", "Min size", "Note", "Inscrit le", "Actif", "Choix 1"],
                ["S1", f"  {NAME} ", 3.0, 12.5, dt.datetime(2024, 9, 2), True, "P1"],
                [None, None, None, None, None, None, None],
                ["S2", "B", 4, -1.0, dt.datetime(2024, 9, 2, 10, 30), False, None],
            ],
            "Autre": [["x"], [1]],
        },
    )
    table = read_table(path, required=["id"])
    assert table.columns == ("id", "nom", "min_size", "note", "inscrit_le", "actif", "choice_1")
    assert table.records[0] == {
        "id": "S1",
        "nom": NAME,
        "min_size": "3",
        "note": "12.5",
        "inscrit_le": "2024-09-02",
        "actif": "TRUE",
        "choice_1": "P1",
    }
    assert table.records[1]["min_size"] == "4"
    assert table.records[1]["note"] == "-1"
    assert table.records[1]["inscrit_le"] == "2024-09-02T10:30:00"
    assert table.records[1]["choice_1"] == ""
    assert table.rows == (2, 4)
    assert table.original_headers["id"] == "ID"


def test_xlsx_sheet_choice(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"A": [["x"], [1]], "Projets": [["id"], ["P1"]]})
    assert read_table(path, sheet="Projets").records == ({"id": "P1"},)
    assert read_table(path, sheet="projets").records == ({"id": "P1"},)
    with pytest.raises(InputError) as info:
        read_table(path, sheet="Projet")
    assert "'A', 'Projets'" in info.value.message
    assert "did you mean 'Projets'?" in info.value.hint


def test_xlsx_sheet_ignored_for_csv(tmp_path: Path) -> None:
    assert read_table(write(tmp_path, "a\n1\n"), sheet="whatever").records == ({"a": "1"},)


def test_xlsx_offset_header_and_row_numbers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"], sheet["C3"] = "id", "nom"
    sheet["B6"], sheet["C6"] = "S1", "A"
    path = tmp_path / "offset.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.columns == ("id", "nom")
    assert table.rows == (6,)
    assert table.error(0, "id", "x").row == 6


def test_xlsx_too_many_cells(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"S": [["a", "b"], [1, 2], [1, 2, 3]]})
    with pytest.raises(InputError) as info:
        read_table(path)
    assert info.value.row == 3 and info.value.column == "C"


def test_xlsx_empty(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"S": []})
    with pytest.raises(InputError, match="the file is empty"):
        read_table(path)


def test_xlsm_extension(tmp_path: Path) -> None:
    path = make_workbook(tmp_path, {"S": [["a"], ["x"]]}, name="b.xlsm")
    assert read_table(path).records == ({"a": "x"},)
