"""Tests of :mod:`matcher.io.write`: atomic, formula-safe outputs."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import matcher.io.table as table_module
import matcher.io.write as write_module
from matcher.errors import InputError
from matcher.io import (
    atomic_write_bytes,
    atomic_write_text,
    neutralize,
    read_table,
    refuse_overwrite_input,
    write_csv,
    write_xlsx,
)

NAME = "Zoé Lefèvre"


# --------------------------------------------------------------------------- neutralize


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+A1", "'+A1"),
        ("-A1", "'-A1"),
        ("-3+A1", "'-3+A1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("--", "'--"),
        ("-3", "-3"),
        ("+33612345678", "+33612345678"),
        ("-2.5e3", "-2.5e3"),
        ("-12,5", "-12,5"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
        (NAME, NAME),
        (-3, -3),
        (-2.5, -2.5),
        (True, True),
        (None, None),
    ],
)
def test_neutralize(value: object, expected: object) -> None:
    assert neutralize(value) == expected
    assert type(neutralize(value)) is type(expected)


def test_neutralize_numpy_number_unchanged() -> None:
    assert neutralize(np.int64(-3)) == -3


# --------------------------------------------------------------------------- atomic writes


def test_atomic_write_text_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    atomic_write_text(path, f"{NAME}\n")
    assert path.read_bytes() == f"{NAME}\n".encode()
    atomic_write_bytes(str(path), b"new")
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_write_keeps_mode_of_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")
    path.chmod(0o640)
    atomic_write_text(path, "new")
    assert path.stat().st_mode & 0o777 == 0o640


def test_atomic_write_new_file_mode_follows_umask(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "n.txt", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "n.txt").stat().st_mode & 0o777 == 0o644


def test_atomic_write_failure_in_replace_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "teams.csv"
    path.write_text("old content")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(write_module.os, "replace", boom)
    with pytest.raises(OSError, match="disk on fire"):
        atomic_write_text(path, "new content")
    assert path.read_text() == "old content"
    assert os.listdir(tmp_path) == ["teams.csv"]


def test_atomic_write_failure_in_fsync_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "teams.csv"
    path.write_text("old content")

    def boom(fd: int) -> None:
        raise OSError("no space left")

    monkeypatch.setattr(write_module.os, "fsync", boom)
    with pytest.raises(OSError, match="no space left"):
        write_csv(path, [{"a": 1}])
    assert path.read_text() == "old content"
    assert os.listdir(tmp_path) == ["teams.csv"]


def test_atomic_write_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "teams.csv"

    def interrupt(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(write_module.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(path, "x")
    assert os.listdir(tmp_path) == []


def test_atomic_write_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory does not exist"):
        atomic_write_text(tmp_path / "nope" / "x.csv", "x")


def test_atomic_write_onto_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        atomic_write_text(tmp_path, "x")


def test_atomic_write_through_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


# --------------------------------------------------------------------------- CSV


def test_write_csv_frame(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "student_id": ["S1", "S2", "S3"],
            "name": [NAME, "=cmd|' /C calc'!A0", "Dupont, Jean"],
            "rank": [1, -2, None],
            "score": [1.5, float("nan"), -3.0],
        }
    )
    path = tmp_path / "teams.csv"
    write_csv(path, frame)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["student_id", "name", "rank", "score"]
    assert rows[1] == ["S1", NAME, "1", "1.5"]
    assert rows[2] == ["S2", "'=cmd|' /C calc'!A0", "-2", ""]
    assert rows[3] == ["S3", "Dupont, Jean", "", "-3"]
    assert text.endswith("-3\r\n")
    # Our own reader takes it back.
    table = read_table(path)
    assert table.records[0]["name"] == NAME


def test_write_csv_records_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    records = [{"b": "+SUM(1)", "a": 1}, {"a": 2, "c": dt.date(2024, 9, 2)}]
    write_csv(path, records)
    assert path.read_text().splitlines() == ["b,a,c", "'+SUM(1),1,", ",2,2024-09-02"]
    write_csv(path, records, columns=["c", "a"])
    assert path.read_text().splitlines() == ["c,a", ",1", "2024-09-02,2"]


def test_write_csv_frame_columns_subset(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    write_csv(path, pd.DataFrame({"a": [1], "b": [np.int64(2)], "c": ["x"]}), columns=["c", "b"])
    assert path.read_text().splitlines() == ["c,b", "x,2"]


def test_write_csv_neutralises_headers(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    write_csv(path, [{"=evil": "x"}])
    assert path.read_text().splitlines()[0] == "'=evil"


def test_write_csv_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    write_csv(path, [{"nom": NAME}], bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_table(path).records == ({"nom": NAME},)


def test_write_csv_quotes_minimal(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    write_csv(path, [{"a": 'say "hi"', "b": "line\nbreak", "c": "plain"}])
    assert path.read_bytes() == b'a,b,c\r\n"say ""hi""","line\nbreak",plain\r\n'


def test_write_csv_carriage_return_in_cell_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "cr.csv"
    write_csv(path, [{"a": "x\ry", "b": "z"}])
    assert read_table(path).records == ({"a": "x\ry", "b": "z"},)


# --------------------------------------------------------------------------- XLSX


def test_write_xlsx(tmp_path: Path) -> None:
    teams = pd.DataFrame(
        {
            "student_id": ["S1", "S2"],
            "name": [NAME, "=1+1"],
            "rank": [np.int64(1), np.int64(-2)],
            "share": [0.5, float("nan")],
            "note": ["@SUM(A1)", "a long " * 20],
        }
    )
    summary = [{"status": "OPTIMAL", "gap": 0.0, "when": pd.Timestamp("2024-09-02 10:00")}]
    path = tmp_path / "out.xlsx"
    write_xlsx(path, {"Teams": teams, "Summary": summary})

    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Teams", "Summary"]
    sheet = workbook["Teams"]
    assert [c.value for c in sheet[1]] == ["student_id", "name", "rank", "share", "note"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]][:4] == ["S1", NAME, 1, 0.5]
    assert sheet["B3"].value == "'=1+1"
    assert sheet["B3"].data_type == "s"
    assert sheet["C3"].value == -2
    assert sheet["D3"].value is None
    assert sheet["E2"].value == "'@SUM(A1)"
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert 8 <= widths["A"] <= 12
    assert widths["E"] == 60
    assert widths["B"] >= len(NAME)
    summary_sheet = workbook["Summary"]
    assert summary_sheet["A2"].value == "OPTIMAL"
    assert summary_sheet["C2"].value == dt.datetime(2024, 9, 2, 10, 0)
    assert os.listdir(tmp_path) == ["out.xlsx"]


def test_write_xlsx_readable_by_read_table(tmp_path: Path) -> None:
    path = tmp_path / "rt.xlsx"
    write_xlsx(path, {"Students": pd.DataFrame({"id": ["S1"], "min": [3.0], "nom": [NAME]})})
    assert read_table(path).records == ({"id": "S1", "min": "3", "nom": NAME},)


def test_write_xlsx_strips_illegal_characters(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    write_xlsx(path, {"S": pd.DataFrame({"a": ["x\x00y\x07z"]})})
    assert openpyxl.load_workbook(path)["S"]["A2"].value == "xyz"


@pytest.mark.parametrize("title", ["", "a" * 32, "a/b", "x[1]"])
def test_write_xlsx_bad_title(tmp_path: Path, title: str) -> None:
    with pytest.raises(ValueError, match="sheet title"):
        write_xlsx(tmp_path / "x.xlsx", {title: pd.DataFrame({"a": [1]})})


def test_write_xlsx_no_sheet(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one sheet"):
        write_xlsx(tmp_path / "x.xlsx", {})


def test_write_xlsx_failure_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old workbook")

    def boom(src: str, dst: str) -> None:
        raise OSError("boom")

    monkeypatch.setattr(write_module.os, "replace", boom)
    with pytest.raises(OSError):
        write_xlsx(path, {"S": pd.DataFrame({"a": [1]})})
    assert path.read_bytes() == b"old workbook"
    assert os.listdir(tmp_path) == ["out.xlsx"]


def test_missing_values_everywhere(tmp_path: Path) -> None:
    frame = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "b": [pd.NaT, pd.Timestamp(0)]})
    write_csv(tmp_path / "m.csv", frame)
    assert (tmp_path / "m.csv").read_text().splitlines() == ["a,b", "1,", ",1970-01-01T00:00:00"]
    write_xlsx(tmp_path / "m.xlsx", {"S": frame})
    sheet = openpyxl.load_workbook(tmp_path / "m.xlsx")["S"]
    assert sheet["A3"].value is None and sheet["B2"].value is None
    assert not math.isnan(sheet["A2"].value)


# --------------------------------------------------------------------------- refuse_overwrite_input


def test_refuse_overwrite_input(tmp_path: Path) -> None:
    students = tmp_path / "students.csv"
    students.write_text("x")
    projects = tmp_path / "projects.csv"
    projects.write_text("y")
    refuse_overwrite_input(tmp_path / "teams.csv", [students, projects, None, "-"])
    with pytest.raises(InputError, match="refusing to write over") as info:
        refuse_overwrite_input(tmp_path / "sub" / ".." / "projects.csv", [students, projects])
    assert info.value.hint
    # Not existing yet but the same path.
    refuse_overwrite_input(tmp_path / "new.csv", [tmp_path / "other.csv"])
    with pytest.raises(InputError):
        refuse_overwrite_input(str(tmp_path / "new.csv"), [tmp_path / "." / "new.csv"])


def test_refuse_overwrite_input_symlink_and_hardlink(tmp_path: Path) -> None:
    students = tmp_path / "students.csv"
    students.write_text("x")
    link = tmp_path / "link.csv"
    link.symlink_to(students)
    hard = tmp_path / "hard.csv"
    os.link(students, hard)
    for output in (link, hard):
        with pytest.raises(InputError):
            refuse_overwrite_input(output, [students])


def test_refuse_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("in.csv").write_text("x")
    with pytest.raises(InputError):
        refuse_overwrite_input(tmp_path / "in.csv", ["in.csv"])


# --------------------------------------------------------------------------- reading: OSError path


def test_read_unreadable_file_by_monkeypatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(table_module, "open", denied, raising=False)
    with pytest.raises(InputError, match="Permission denied") as info:
        read_table(path)
    assert info.value.file == str(path)


def test_readable_json_one_key_and_one_list_item_per_line(tmp_path: Path) -> None:
    data = {"status": "OPTIMAL", "teams": [{"id": "P1", "members": ["Zoé", "Bo"]}, {"id": "P2"}],
            "empty": [], "figures": {"placed": 3}}
    text = write_module.readable_json(data)
    assert text.splitlines() == [
        "{",
        '  "status": "OPTIMAL",',
        '  "teams": [',
        '    {"id": "P1", "members": ["Zoé", "Bo"]},',
        '    {"id": "P2"}',
        "  ],",
        '  "empty": [],',
        '  "figures": {"placed": 3}',
        "}",
    ]
    assert write_module.readable_json([1, 2]) == "[1, 2]\n"
    path = tmp_path / "s.json"
    write_module.write_json(str(path), data)
    assert json.loads(path.read_text(encoding="utf-8")) == data
