"""Hypothesis over the readers with hostile shapes: workbooks and ODS files of random
dimensions, cell positions and repeats, CSV of random widths, TOML configs and JSON requests.

The property: an :class:`~matcher.errors.InputError` (the project's validation error) or a
result, never anything else; and a table that is returned lies within the limits it was read
under (so the scans of :mod:`matcher.io.limits` missed nothing the reader then built). Positions
stay within a few thousand rows and a few hundred columns, so that a missed bound costs tens of
MB, never the test run.
"""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path
from typing import Any

import hostile_files as h
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from matcher.config import config_from_dict, load_config
from matcher.errors import InputError
from matcher.io import Table, column_letter, read_table
from matcher.io.limits import ReadLimits, check_before_open, check_sheet, check_zip

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SMALL = ReadLimits(max_rows=1_000, max_columns=60, max_cells=20_000, isolate="never")
TEXT = st.text(alphabet="abcXYZ019 &<>\"'é", max_size=6)


def _within(table: Table, limits: ReadLimits) -> None:
    assert isinstance(table, Table)
    assert max(table.rows, default=table.header_row) <= limits.max_rows
    assert len(table.columns) <= limits.max_columns


def _read(data: bytes, name: str, limits: ReadLimits = SMALL) -> Table | None:
    try:
        table = read_table(data, name=name, limits=limits)
    except InputError as error:
        assert error.file == name and str(error)
        return None
    _within(table, limits)
    return table


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    """A one-sheet workbook: cells at random positions (some without one), rows numbered,
    unnumbered or out of order, a declared dimension that may lie."""
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        number = draw(st.none() | st.integers(1, 3_000))
        cells = ""
        for _ in range(draw(st.integers(0, 5))):
            text = _escape(draw(TEXT))
            if draw(st.booleans()):
                column = draw(st.integers(0, 200))
                row = number or draw(st.integers(1, 3_000))
                ref = f"{column_letter(column)}{row}"
                cells += (f'<c r="{ref}" s="1"/>' if draw(st.booleans()) and not text
                          else h.xlsx_cell(ref, text))
            else:
                cells += f'<c t="inlineStr"><is><t>{text}</t></is></c>' * draw(
                    st.integers(1, 80))
        rows.append((number, cells))
    dimension = draw(st.none() | st.tuples(st.integers(0, 300), st.integers(1, 5_000)).map(
        lambda cr: f"A1:{column_letter(cr[0])}{cr[1]}"))
    return h.xlsx(rows, dimension=dimension, padding=draw(st.sampled_from([0, 0, 3_000_000])))


@pytest.mark.slow
@FUZZ
@given(data=workbooks())
def test_random_workbooks_are_read_within_limits_or_refused(data: bytes) -> None:
    _read(data, "fuzz.xlsx")


def _scans_bound_the_reader(data: bytes) -> None:
    """When the scans let a file through, the range the reader builds is within the limits
    (the reader's own extent, checked after it, is then never what refuses the file)."""
    import python_calamine

    try:
        archive = check_zip("f", data, SMALL)
        assert archive is not None
        check_before_open("f", archive, SMALL)
        check_sheet("f", archive, 0, SMALL)
    except InputError:
        return
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for index in range(len(workbook.sheet_names)):
        end = workbook.get_sheet_by_index(index).end
        if end is not None and (index == 0 or archive.namelist().count("content.xml")):
            rows, columns = end[0] + 1, end[1] + 1
            assert rows <= SMALL.max_rows and columns <= SMALL.max_columns, (rows, columns)
            assert rows * columns <= SMALL.max_cells


@pytest.mark.slow
@FUZZ
@given(data=workbooks())
def test_xlsx_scans_bound_what_the_reader_builds(data: bytes) -> None:
    _scans_bound_the_reader(data)


@st.composite
def ods_files(draw: st.DrawFn) -> bytes:
    """One or two tables of rows repeated down and cells repeated across, empty or not."""
    tables = []
    for _ in range(draw(st.integers(1, 2))):
        rows = ""
        for _ in range(draw(st.integers(0, 5))):
            cells = ""
            for _ in range(draw(st.integers(0, 4))):
                repeat = draw(st.integers(1, 120))
                if draw(st.booleans()):
                    cells += h.ods_cell(_escape(draw(TEXT)), repeat=repeat)
                else:
                    cells += f'<table:table-cell table:number-columns-repeated="{repeat}"/>'
            rows += h.ods_row(cells, repeat=draw(st.integers(1, 1_500)))
        tables.append(rows)
    data = h.ods(tables[0])
    if len(tables) > 1:  # a second table after the first
        data = h.ods(tables[0] + '</table:table><table:table table:name="Two">' + tables[1])
    return data


@FUZZ
@given(data=ods_files())
def test_random_ods_files_are_read_within_limits_or_refused(data: bytes) -> None:
    _read(data, "fuzz.ods")


@FUZZ
@given(data=ods_files())
def test_ods_scans_bound_what_the_reader_builds(data: bytes) -> None:
    _scans_bound_the_reader(data)


@FUZZ
@given(widths=st.lists(st.integers(0, 120), min_size=1, max_size=30),
       blank=st.integers(0, 1_200), delimiter=st.sampled_from([",", ";", "\t"]))
def test_random_csv_shapes_are_read_within_limits_or_refused(
        widths: list[int], blank: int, delimiter: str) -> None:
    lines = [delimiter.join(f"c{i}" for i in range(max(widths)))]
    lines += [delimiter.join("x" for _ in range(w)) for w in widths]
    _read(("\n".join(lines) + "\n" * blank).encode(), "fuzz.csv")


TOML_PIECES = st.sampled_from([
    "[weights]\n", "[rules]\n", "[columns]\n", "[solver]\n", "[input]\n", "[pairwise]\n",
    "preference = 1\n", "discipline = -3\n", "blau.gender = 2\n", "top_k = 5\n",
    "max_per_value = { discipline = 2 }\n", "keep_apart = [[\"S1\", \"S2\"]]\n",
    "time_limit = 1e400\n", "workers = 0\n", "duplicates = \"latest\"\n", "x = nan\n",
    "\"Quelle ?\" = \"discipline\"\n", "seed = 9999999999999999999999\n", "a = [1, \"b\"]\n",
    "[[rules]]\n", "= 1\n", "\x00", "unknown = {}\n"])


@FUZZ
@given(text=st.lists(TOML_PIECES, max_size=10).map("".join) | st.text(max_size=200))
def test_random_toml_configs_load_or_are_refused(tmp_path_factory: pytest.TempPathFactory,
                                                 text: str) -> None:
    path = tmp_path_factory.mktemp("toml") / "rules.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path)
    except InputError as error:
        assert str(error)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20)
FIELDS = st.fixed_dictionaries({}, optional={
    "students": st.lists(st.fixed_dictionaries({"id": TEXT}, optional={
        "preferences": st.lists(TEXT, max_size=3), "discipline": JSON}), max_size=4),
    "projects": st.lists(st.fixed_dictionaries({"id": TEXT}, optional={
        "max_size": JSON, "min_size": st.integers(-2, 5)}), max_size=4),
    "rules": JSON, "weights": JSON, "name": JSON})


@pytest.mark.slow
@FUZZ
@given(data=FIELDS | JSON)
def test_random_json_problems_validate_or_are_refused(data: Any) -> None:
    pytest.importorskip("fastapi")
    from matcher.serve.uploads import parse_json_body, problem_from_json

    try:
        body = parse_json_body(json.dumps(data).encode())
        problem_from_json(body)
    except (InputError, ValidationError) as error:
        assert str(error)


@pytest.mark.slow
@FUZZ
@given(data=st.dictionaries(st.sampled_from(["weights", "rules", "columns", "solver", "input",
                                             "pairwise", "other"]), JSON, max_size=4))
def test_random_config_dicts_load_or_are_refused(data: dict[str, Any]) -> None:
    try:
        config_from_dict(data)
    except InputError as error:
        assert str(error)


def test_toml_module_is_the_one_loaded() -> None:  # the TOML reader is the standard one
    assert load_config.__module__ == "matcher.config" and tomllib.loads("a = 1") == {"a": 1}


def test_deeply_nested_json_is_a_located_error() -> None:
    pytest.importorskip("fastapi")
    from matcher.serve.uploads import parse_json_body

    with pytest.raises(InputError):
        parse_json_body(b"[" * 100_000 + b"]" * 100_000)


@pytest.mark.parametrize("text", ["[[rules]]\n", "weights = 5\n", "solver = [1]\n"])
def test_kept_example_a_section_that_is_not_a_table(tmp_path: Path, text: str) -> None:
    """Found by the TOML fuzz: ``[[rules]]`` raised ``TypeError: unhashable type: 'dict'``."""
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"must be a table of keys, not a list|not a int"):
        load_config(path)


def test_kept_example_unplaced_cells_after_a_far_row(tmp_path: Path) -> None:
    """A cell without a position, on a row numbered far down, lands on that row."""
    data = h.xlsx([(1, h.xlsx_cell("A1", "id")),
                   (2_000, '<c t="inlineStr"><is><t>x</t></is></c>')])
    with pytest.raises(InputError, match="reaches row 2,000"):
        read_table(data, name="k.xlsx", limits=SMALL)
