"""Hostile files: tiny spreadsheets and CSV files that ask for far more than they are worth are
refused by :mod:`matcher.io.limits` as a located :class:`InputError` before the reader builds
anything large; a reader that still dies does so in a child process (:mod:`matcher.io.isolated`).

Before these limits, ``xlsx_far_cell()`` (1.6 KB) made the reader ask for 512 GiB and the
process abort (exit 134); ``ods_repeated_rows()`` (0.8 KB) cost 800 MiB.
"""

from __future__ import annotations

import base64
import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import hostile_files as h
import pytest

from matcher.errors import InputError
from matcher.io import read_table
from matcher.io.limits import ReadLimits

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ROOT / "data" / "samples" / "projects.csv"

HOSTILE = {
    "far_cell.xlsx": (h.xlsx_far_cell, r"row 1,048,576 \(declared A1:XFD1048576\)"),
    "row_million.xlsx": (lambda: h.xlsx_far_cell("A1000000"), r"row 1,000,000"),
    "far_cell_undeclared.xlsx": (
        lambda: h.xlsx([(1, h.xlsx_cell("A1", "id")), (9, h.xlsx_cell("XFD9", "x"))]),
        r"column XFD \(16,384\) \(cell XFD9\)"),
    "formatted_far_cell.xlsx": (
        lambda: h.xlsx([(1, h.xlsx_cell("A1", "id")), (1048576, '<c r="XFD1048576" s="1"/>')]),
        r"row 1,048,576"),
    "unplaced_cells.xlsx": (
        lambda: h.xlsx([(1, h.xlsx_cell("A1", "id")),
                        (2, '<c t="inlineStr"><is><t>x</t></is></c>' * 2500)]),
        r"column .* \(2,50\d\)"),
    "zip_bomb.xlsx": (lambda: h.xlsx([(1, h.xlsx_cell("A1", "id"))], padding=50 * 2**20),
                      r"inflates \d[\d,]* times"),
    "rows_repeated.ods": (h.ods_repeated_rows, r"row 1,000,001"),
    "columns_repeated.ods": (h.ods_repeated_columns, r"column BDWGN \(1,000,000\)"),
    "wide.csv": (lambda: h.csv_wide(5000), r"the row has 5,000 cells; the limit is 2,000"),
    "long.csv": (lambda: b"id\n" + b"x\n" * 200_001,
                 r"reaches row 200,001; the limit is 200,000 rows"),
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, (build, _) in HOSTILE.items():
        (folder / name).write_bytes(build())
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_library_refuses_a_hostile_file_with_a_located_error(hostile_dir: Path,
                                                             name: str) -> None:
    path = hostile_dir / name
    assert path.stat().st_size < 600_000  # tiny files (the long CSV is the largest)
    with pytest.raises(InputError, match=HOSTILE[name][1]) as info:
        read_table(path)
    assert info.value.file == str(path)
    assert "limit" in info.value.message


@pytest.mark.parametrize("name", ["far_cell.xlsx", "rows_repeated.ods", "zip_bomb.xlsx"])
def test_bytes_and_file_objects_are_checked_too(hostile_dir: Path, name: str) -> None:
    data = (hostile_dir / name).read_bytes()
    with pytest.raises(InputError, match=HOSTILE[name][1]):
        read_table(data, name=name)
    with pytest.raises(InputError, match=HOSTILE[name][1]):
        read_table(data)  # no name: recognised as a workbook by its first bytes
    with (hostile_dir / name).open("rb") as handle, pytest.raises(InputError):
        read_table(handle)


def test_limits_are_configurable() -> None:
    csv = b"id;name\nS1;A\nS2;B\nS3;C\n"
    assert len(read_table(csv, name="s.csv", limits=ReadLimits(max_rows=4))) == 3
    with pytest.raises(InputError, match="reaches row 4; the limit is 3 rows") as info:
        read_table(csv, name="s.csv", limits=ReadLimits(max_rows=3))
    assert info.value.row == 4
    with pytest.raises(InputError, match="the file is 23 bytes; the limit is 10 bytes"):
        read_table(csv, name="s.csv", limits=ReadLimits(max_file_bytes=10))
    with pytest.raises(InputError, match="may hold 9 cells; the limit is 8 cells"):
        read_table(csv, name="s.csv", limits=ReadLimits(max_cells=8))
    wide = h.xlsx([(1, h.xlsx_cell("A1", "id") + h.xlsx_cell("C1", "x"))])
    assert read_table(wide, name="w.xlsx").columns == ("id", "x")
    with pytest.raises(InputError, match=r"column C \(3\) \(cell C1\); the limit is 2 columns"):
        read_table(wide, name="w.xlsx", limits=ReadLimits(max_columns=2))
    unplaced = h.xlsx([(1, h.xlsx_cell("A1", "id"))]
                      + [(None, '<c t="inlineStr"><is><t>x</t></is></c>')] * 60)
    assert len(read_table(unplaced, name="u.xlsx", limits=ReadLimits(max_rows=61))) == 60
    with pytest.raises(InputError, match="reaches row 61; the limit is 50 rows"):
        read_table(unplaced, name="u.xlsx", limits=ReadLimits(max_rows=50))


def test_ordinary_workbooks_still_read(tmp_path: Path) -> None:
    rows = [(1, h.xlsx_cell("A1", "id") + h.xlsx_cell("B1", "name"))]
    rows += [(n, h.xlsx_cell(f"A{n}", f"S{n}") + h.xlsx_cell(f"B{n}", "Ann"))
             for n in range(2, 300)]
    rows.append((1048576, ""))  # an empty row far below: the reader skips it, so do the limits
    data = h.xlsx(rows, dimension="A1:B299")
    table = read_table(data, name="ok.xlsx")
    assert len(table) == 298 and table.records[-1] == {"id": "S299", "name": "Ann"}
    ods = h.ods(h.ods_row(h.ods_cell("id") + h.ods_cell("name"))
                + h.ods_row(h.ods_cell("S1") + h.ods_cell("Ann"))
                + h.ods_row("<table:table-cell table:number-columns-repeated=\"1024\"/>",
                            repeat=1_048_000))  # LibreOffice's trailing empty rows
    assert read_table(ods, name="ok.ods").records == ({"id": "S1", "name": "Ann"},)


def test_a_reader_that_aborts_takes_down_only_its_child() -> None:
    # Limits raised past the 17-billion-cell range: the scans let the file through, and the
    # spreadsheet reader's allocation fails in the child, under its memory limit.
    loose = ReadLimits(max_rows=2_000_000, max_columns=20_000, max_cells=10**12,
                       isolate="always", child_memory_bytes=1024 * 2**20)
    with pytest.raises(InputError, match=r"reader failed on this workbook \(SIG\w+\) within a "
                                         r"memory limit of 1,024 MiB") as info:
        read_table(h.xlsx_far_cell(), name="far.xlsx", limits=loose)
    assert info.value.file == "far.xlsx"
    table = read_table(h.xlsx([(1, h.xlsx_cell("A1", "id")), (2, h.xlsx_cell("A2", "S1"))]),
                       name="ok.xlsx", limits=ReadLimits(isolate="always"))
    assert table.records == ({"id": "S1"},)


_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(done.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(done.stderr + done.stdout)
"""


@pytest.mark.slow
@pytest.mark.parametrize("name", ["far_cell.xlsx", "row_million.xlsx", "rows_repeated.ods",
                                  "zip_bomb.xlsx", "wide.csv"])
def test_solve_command_exits_2_naming_the_file(hostile_dir: Path, tmp_path: Path,
                                               name: str) -> None:
    matcher = Path(sys.executable).with_name("matcher")
    path = hostile_dir / name
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(matcher), "solve", str(path), str(PROJECTS),
         "-o", str(tmp_path / "teams.csv"), "-t", "5"],
        capture_output=True, text=True, timeout=300, check=True).stdout
    code, peak_kib, message = out.split("\n", 2)
    assert int(code) == 2, message
    assert str(path) in message and "limit" in message
    # refused before the allocation: the command's own footprint, not the file's
    # (before the limits: an abort at 512 GiB, or 400 to 800 MiB)
    assert int(peak_kib) < 300 * 1024, peak_kib
    assert not (tmp_path / "teams.csv").exists()


def test_server_answers_422_to_a_hostile_upload(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from matcher.serve import ServeSettings, create_app

    with TestClient(create_app(ServeSettings(data_dir=tmp_path / "data")),
                    base_url="http://127.0.0.1:8000") as client:  # one of the server's names
        r = client.post("/api/v1/problems", files={
            "students": ("students.xlsx", h.xlsx_far_cell(), "application/octet-stream"),
            "projects": ("projects.csv", PROJECTS.read_bytes(), "text/csv")})
        assert r.status_code == 422, r.text
        detail = r.json()["error"]["details"][0]
        assert detail["file"] == "students.xlsx"
        assert "1,048,576" in json.dumps(r.json())
        r = client.post("/api/v1/problems", files={  # still serving
            "students": ("students.csv", PROJECTS.with_name("students.csv").read_bytes(),
                         "text/csv"),
            "projects": ("projects.csv", PROJECTS.read_bytes(), "text/csv")})
        assert r.status_code == 201, r.text


#: Found by atheris (tests/fuzz/fuzz_readers.py): a 4.9 KB mutated .xls (zlib, base64) on
#: which the spreadsheet reader grows past 2 GB and aborts.
FUZZED_XLS = (
    "eNrtmF1oE1kUx89MJm2abZO0pnWtIIPix/odW7QoNn6UqmhDRF38pE6S23IhnYmTiagv1o+CCIrLPumuiKAPPlTd"
    "h91VVFBU8EFR9MEPEFr1waL7sKLLIup47slktFJfC8rcMif3f+bc87uZe+ce0ju3q/uO/1HfD1+0ZvDBB7sCyj7z"
    "SXhVlEQE8L5ti27pM4CX7bVvqlUEcCHL/HCh6ma5WEOx3v0gw1nlClqAJ3hthBwkDJ2pw9gW0Rw0ScxhPloJfkdP"
    "CEbRrGrIpsmOIHuGIi+SXUCeA2TnY2yftB5uxxOTm5xdvFYeS/dCIPL+TWMekScGtXBD7OKdh6RirB8WmlzLfmM3"
    "xiiVcAJwQZcwnZlCh+EkBAFaWma0tc1Yh60PorjYJ+CNrQK8Lr3Vl1XPP7x+CdD//2B/+Vf8AVzEL/2/ygpAN9ib"
    "6SXpwU2Nm4Be5FZW4NnYOxgpjUZdjxducZ7BcF3rYrgZMjyf5rks19kPeEPPW9wqWNzQUeVM1sFMpqdZHuO3M80M"
    "Ukja5JaaZZhoVQzD1hsD6grW8XyryfDgyLA879Qxflli1UKcR3JmbN7PA1lj2kDaKI6ZhVlWDBhqm2ZaXMd5ZkyD"
    "Wz6ANatj5WLArHk4SEQ2YPZl+vO82lJIGTxfKegdhtmlWXxLgdUBtGqprJZSM0zdUhDZmIlDG8XQRoQsLXQaapLh"
    "N8KilOJG1ujkjDgNxGnE4IagqGd0/kUGnX9VdC5Uos1AmPrVdDpEcAHenfr3blsqGW8nTzfVvGJlHC8WAmzYJUbg"
    "4BCU8oF4E2EyjZhCdjdlHU39erJRXDX8nJCsdTqteyhmL92dgJwGavfiEz/rT8J+z4uV58b0PI3/hP3TS/p3RE/f"
    "jx+HsVipMzhe/O2BqdJU6chh0c7HS5+Sc4o+JkvnqlcOvaroVUWvOnlV0auKXlUsVcVBJ2pAjjhzt50fxWF4L84Q"
    "bNVki0o8HclVsvOsisqHyucqBZXiqmGF+VH5XVWGqsyhSkNQJaKWO/ESUQOuEtQKVwlq0FWCijsXLuHDlYgaonI1"
    "+5aMRMGTh+DJxKt0shQ3XJWrZCdLUQle2FWCF3F4MvFqiDfX5SlD8BTiVTtZFOLVuErwRpRUYtAXVAgYdYAKAesI"
    "2OwC/UMA/QSsdbL4CVjnKgEc6SrB+9FVgjfK4fmJFyTeIuI1yzXwl3h6WPM/tSB8P01KLvcpUfqX08HQvk26dq7q"
    "A6ppMtAabVhs6BbTrfbV23Msv2n6tq5s7y+3EldnRva2X3/15/6j5oLA+H92HRuXmxQ+++C3a/vtZ4Xlb/9r4v3d"
    "wY1NvS7m5eGHRgbmfAR+1nnz")


@pytest.mark.slow
def test_kept_example_an_xls_that_exhausts_memory_fails_in_its_child() -> None:
    data = zlib.decompress(base64.b64decode(FUZZED_XLS))
    with pytest.raises(InputError, match=r"reader failed on this workbook .* memory limit of "
                                         r"1,024 MiB") as info:
        read_table(data, name="fuzzed.xls", limits=ReadLimits(child_memory_bytes=2**30))
    assert info.value.file == "fuzzed.xls"


def test_config_input_section_sets_the_limits(tmp_path: Path) -> None:
    from matcher.read import read_problem

    students = tmp_path / "students.csv"
    students.write_text("id,preferences\nS1,P1\nS2,P1\nS3,P1\n", encoding="utf-8")
    projects = tmp_path / "projects.csv"
    projects.write_text("id,max_size\nP1,3\n", encoding="utf-8")
    config = tmp_path / "rules.toml"
    config.write_text("[input]\nmax_rows = 3\n", encoding="utf-8")
    with pytest.raises(InputError, match="reaches row 4; the limit is 3 rows") as info:
        read_problem(students, projects, config)
    assert info.value.file == str(students)
    assert len(read_problem(students, projects).students) == 3
    assert len(read_problem(students, projects, config,
                            limits=ReadLimits(max_rows=4)).students) == 3


#: Found by atheris: an .ods whose content.xml is a corrupt deflate stream; the scan let
#: ``zlib.error`` escape instead of leaving the file to the reader's own message.
FUZZED_ODS = (
    "eNoL8GZmEWGAAEWG1hzLLj0gC4Q5gDg3Mze1pLIgNbGgICczObEkMz9PvywvRS8/sTizWC+/IDUvJT+5NDc1r0Sv"
    "uKAoNTGlOCM1tSQAaiYHQx9fR+zWtQ0/twF5BYwMDKJA2tc1xFHX089NPzcxLzMttbhEryI3p3fCRa5DBjyu9alP"
    "alf/Ukm9ar7fwX7Blplit7asuXnj3z0tC3WlH9Mm3KnOuyS3/MFqwd9vlDRvmEmvmOCzpW8dl97z4L3tjxfyzopp"
    "n/l09Yqunk+XtCSqJgWmT1d92RC5aaKh4s2MtoYjn4rj7Ry9tz96n+D6es7xXSt+/9x7m/fedc/Pvo0RkSxb/K7b"
    "qIcsCP50LkNvWpLKbZti09cWvn62WbPzO3ge1S/qPMJfufMZ++zCpI8S4uEfv247LIvqUX3Lqsr/QF4AMwMDN5BO"
    "zs8rAYUM0Htrg6PzDisI7Ok6al8aszKotWfxvy9MmfxwRkPiZaWHrNJLA+sTJMvK0iu23D6csIr/g2P0kyU7b0/g"
    "Coha+rF38vXp6b88tsVmf6/WbdTUPs5oEJRpuGynVwrPmjdFRlUpYSyyEl2MTN2TItkr0jamms2OElXpuhfjO39S"
    "eI7FkdUnNbcX+GuJnXt/8s3m7a8s9Js+K4RUsHfERu/yTw59dKdvcuy9vBNajVW/d7KpSBiXi6WxSPXrbXT+8nKP"
    "sfXr4rlhubVcwR/WHshV3Xym2/V19ynhgm/WfLY/eFheHWzsWGBReWPC7ZK3s+q3/2r54b7cW2Vt3a4fVV9NXsXb"
    "uXxnDfBmZBJhxp3MYKCBkQEp0SF0YU9ICF0huJIVuhHoUYQwwpYRJcICvFnZQBLMQLgJSKcygXgANLErMg==")


def test_kept_example_a_corrupt_deflate_stream_is_an_input_error() -> None:
    data = zlib.decompress(base64.b64decode(FUZZED_ODS))
    with pytest.raises(InputError) as info:
        read_table(data, name="fuzzed.ods")
    assert info.value.file == "fuzzed.ods"


def _record(kind: int, body: bytes) -> bytes:
    """One .xlsb record: type and size as variable-length integers, then the body."""
    def varint(value: int) -> bytes:
        out = b""
        while True:
            byte, value = value & 0x7F, value >> 7
            out += bytes([byte | (0x80 if value else 0)])
            if not value:
                return out
    return varint(kind) + varint(len(body)) + body


def _xlsb(records: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.bin", b"")
        archive.writestr("xl/worksheets/sheet1.bin", records)
    return buffer.getvalue()


@pytest.mark.parametrize("records, message", [
    (_record(148, struct.pack("<IIII", 0, 1_048_575, 0, 3)), r"row 1,048,576 \(declared\)"),
    (_record(0, struct.pack("<I", 0)) + _record(7, struct.pack("<II", 0, 0))
     + _record(0, struct.pack("<I", 1_048_575)) + _record(7, struct.pack("<II", 16_383, 0)),
     r"row 1,048,576"),
    (_record(0, struct.pack("<I", 4)) + _record(5, struct.pack("<II", 5_000, 0)),
     r"column GJI \(5,001\)"),
])
def test_xlsb_records_past_the_limits_are_refused(records: bytes, message: str) -> None:
    from matcher.io.limits import check_before_open

    archive = zipfile.ZipFile(io.BytesIO(_xlsb(records)))
    with pytest.raises(InputError, match=message):
        check_before_open("b.xlsb", archive, ReadLimits())
    small = _record(148, struct.pack("<IIII", 0, 9, 0, 3)) + _record(0, struct.pack("<I", 9))
    check_before_open("b.xlsb", zipfile.ZipFile(io.BytesIO(_xlsb(small))), ReadLimits())


def test_a_config_that_raises_the_limits_reads_spreadsheets_in_a_child() -> None:
    from matcher.config import config_from_dict

    lifted = config_from_dict({"input": {"max_rows": 2_000_000, "max_columns": 20_000,
                                         "max_cells": 10**12}}).input.read_limits()
    assert lifted.isolate == "always" and lifted.max_rows == 2_000_000
    lowered = config_from_dict({"input": {"max_rows": 10}}).input.read_limits()
    assert lowered.isolate == "auto" and lowered.max_rows == 10
    # the far cell passes the lifted scans; the reader aborts in its child, not here
    with pytest.raises(InputError, match=r"reader failed on this workbook \(SIG\w+\)"):
        read_table(h.xlsx_far_cell(), name="far.xlsx", limits=lifted)


def test_the_child_reader_matches_sheet_names_as_the_reader_does() -> None:
    xls = ROOT / "tests" / "data" / "forms" / "etudiants.xls"  # one sheet, "Feuil1"
    assert len(read_table(xls, sheet="Feuil1")) == len(read_table(xls, sheet=" feuil1 ")) > 0
    with pytest.raises(InputError, match=r"no sheet named 'Feuil2'; sheets: 'Feuil1'") as info:
        read_table(xls, sheet="Feuil2")
    assert info.value.hint and "Feuil1" in info.value.hint
