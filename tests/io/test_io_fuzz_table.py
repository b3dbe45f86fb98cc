"""Hypothesis fuzzing of :func:`matcher.io.read_table`.

Whatever bytes, delimiters, encodings and headers it is fed, ``read_table`` returns a
:class:`~matcher.io.Table` or raises :class:`~matcher.errors.InputError`, never anything else;
and a well-formed CSV written by Python's ``csv`` module comes back intact.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.errors import InputError
from matcher.io import Table, normalize_header, read_table

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DELIMITERS = [",", ";", "\t"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]
# Characters that every encoding above can hold, and that cp1252 cannot turn into valid UTF-8.
SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-?.()éèêàçùÉÀôï"
NASTY = SAFE + ",;\t\"'\r\n=+@\x00\x1f\ufeff\u00a0œ€’Ã©\U0001f600"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _read(path: Path, **kwargs: object) -> Table | None:
    try:
        table = read_table(path, **kwargs)  # type: ignore[arg-type]
    except InputError as error:
        assert str(error)  # the message renders
        assert error.file == str(path)
        return None
    assert isinstance(table, Table)
    assert len(table.rows) == len(table.records)
    assert list(table.rows) == sorted(set(table.rows))
    for record in table.records:
        assert tuple(record) == table.columns
        assert all(isinstance(v, str) and v == v.strip() for v in record.values())
    assert set(table.original_headers) == set(table.columns)
    return table


@pytest.mark.slow
@FUZZ
@given(data=st.binary(max_size=2000),
       ext=st.sampled_from([".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods", ".xlsb"]))
def test_random_bytes(workdir: Path, data: bytes, ext: str) -> None:
    path = workdir / f"bytes{ext}"
    path.write_bytes(data)
    _read(path)


@pytest.mark.slow
@FUZZ
@given(data=st.binary(max_size=500))
def test_random_zip_like_bytes(workdir: Path, data: bytes) -> None:
    path = workdir / "zip.xlsx"
    path.write_bytes(b"PK\x03\x04" + data)
    _read(path)


@st.composite
def messy_files(draw: st.DrawFn) -> tuple[bytes, dict[str, object]]:
    """Text assembled line by line from awkward characters, in a random encoding."""
    delimiter = draw(st.sampled_from(DELIMITERS + [" ", "|"]))
    cell = st.text(alphabet=NASTY, max_size=12)
    width = draw(st.integers(0, 6))
    lines = draw(
        st.lists(
            st.lists(cell, min_size=0, max_size=width + 2).map(delimiter.join),
            min_size=0,
            max_size=8,
        )
    )
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, errors="replace")
    names = st.text(alphabet=NASTY, max_size=10)
    options: dict[str, object] = {
        "columns": draw(st.dictionaries(names, names, max_size=3)),
        "aliases": draw(st.dictionaries(names, st.lists(names, max_size=3), max_size=3)),
        "required": draw(st.lists(names, max_size=2)),
    }
    return data, options


@pytest.mark.slow
@FUZZ
@given(case=messy_files())
def test_messy_text(workdir: Path, case: tuple[bytes, dict[str, object]]) -> None:
    data, options = case
    path = workdir / "messy.csv"
    path.write_bytes(data)
    _read(path, **options)


@st.composite
def clean_tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    header_text = st.text(alphabet=SAFE.replace(",", ""), min_size=1, max_size=12)
    headers = draw(
        st.lists(header_text, min_size=2, max_size=6).filter(
            lambda hs: (
                all(normalize_header(h) for h in hs)
                and len({normalize_header(h) for h in hs}) == len(hs)
            )
        )
    )
    value = st.text(alphabet=SAFE + ",;\t\"'\n\r=+@", max_size=15)
    rows = draw(st.lists(st.lists(value, min_size=len(headers), max_size=len(headers)), max_size=8))
    return headers, rows


@pytest.mark.slow
@FUZZ
@given(
    table=clean_tables(),
    delimiter=st.sampled_from(DELIMITERS),
    encoding=st.sampled_from(ENCODINGS),
    terminator=st.sampled_from(["\n", "\r\n"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_clean_csv_round_trips(
    workdir: Path,
    table: tuple[list[str], list[list[str]]],
    delimiter: str,
    encoding: str,
    terminator: str,
    quoting: int,
) -> None:
    headers, rows = table
    if terminator == "\n":  # csv.writer would leave a lone "\r" unquoted: not a clean file
        rows = [[v.replace("\r", "") for v in row] for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerow(headers)
    writer.writerows(rows)
    path = workdir / "clean.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))

    result = read_table(path)

    def clean(v: str) -> str:
        return unicodedata.normalize("NFC", v.strip())

    kept = [(i, row) for i, row in enumerate(rows) if any(clean(v) for v in row)]
    columns = tuple(normalize_header(h) for h in headers)
    assert result.columns == columns
    assert result.records == tuple(
        {c: clean(v) for c, v in zip(columns, row, strict=True)} for _, row in kept
    )
    assert result.original_headers == {c: clean(h) for c, h in zip(columns, headers, strict=True)}
    # Spreadsheet row numbers: one per CSV record, header = 1, blank records counted.
    assert result.rows == tuple(i + 2 for i, _ in kept)
