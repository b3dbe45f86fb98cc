"""Tests of :mod:`matcher.duplicates`: one answer kept per student."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.duplicates import keep_one_answer
from matcher.errors import InputError
from matcher.forms import FormLayout, recognise
from matcher.io import read_table
from matcher.project_names import ProjectNames

ANSWERS = """Horodateur,id,name,choice_1
14/09/2025 18:02:40,zoe,Zoé Lefèvre,P2
12/09/2025 09:14:03,leo,Léo Martin,P1
12/09/2025 09:14:03,zoe,Zoe Lefevre,P1
13/09/2025 10:00:00,zoe,Zoé,P3
"""


def read(tmp_path: Path, text: str):
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8")
    errors: list[InputError] = []
    table, layout = recognise(read_table(path), ProjectNames([("P1", "")]), errors)
    assert not errors
    return table, layout


def keep(table, layout, policy):
    errors: list[InputError] = []
    kept, warnings = keep_one_answer(table, layout, policy, errors)
    return kept, warnings, errors


@pytest.mark.parametrize(("policy", "row", "choice", "which"), [
    ("latest", 2, "P2", "the latest answer"),
    ("earliest", 4, "P1", "the earliest answer"),
])
def test_the_time_column_decides(tmp_path, policy, row, choice, which) -> None:
    table, layout = read(tmp_path, ANSWERS)
    kept, warnings, errors = keep(table, layout, policy)
    assert not errors
    assert [r["id"] for r in kept.records] == (["zoe", "leo"] if policy == "latest"
                                              else ["leo", "zoe"])
    assert kept.rows == tuple(sorted(kept.rows)) and row in kept.rows
    zoe = next(r for r, n in zip(kept.records, kept.rows, strict=True) if r["id"] == "zoe")
    assert zoe["choice_1"] == choice
    [warning] = warnings
    assert (warning.file, warning.row, warning.column) == (table.path, row, "Horodateur")
    assert f"student 'zoe' answered 3 times (rows 2, 4, 5): row {row}, {which}, is kept" == \
        warning.message


def test_without_a_time_column_the_row_order_decides(tmp_path) -> None:
    text = "\n".join(line.partition(",")[2] for line in ANSWERS.splitlines()) + "\n"
    table, layout = read(tmp_path, text)
    assert layout.timestamp is None
    kept, warnings, _ = keep(table, layout, "latest")
    assert [r["choice_1"] for r in kept.records] == ["P1", "P3"]
    assert "row 5, the last row, is kept" in warnings[0].message
    kept, warnings, _ = keep(table, layout, "earliest")
    assert [r["choice_1"] for r in kept.records] == ["P2", "P1"]
    assert "row 2, the first row, is kept" in warnings[0].message


def test_equal_times_keep_the_later_row(tmp_path) -> None:
    table, layout = read(tmp_path, "Timestamp,id\n9/12/2025 9:00:00,a\n9/12/2025 9:00:00,a\n")
    assert not layout.dayfirst  # an English header: month first when nothing says
    kept, _, _ = keep(table, layout, "latest")
    assert kept.rows == (3,)
    kept, _, _ = keep(table, layout, "earliest")
    assert kept.rows == (2,)


def test_error_policy(tmp_path) -> None:
    table, layout = read(tmp_path, ANSWERS)
    kept, warnings, errors = keep(table, layout, "error")
    assert not warnings
    assert [(e.row, e.column, e.value) for e in errors] == [(4, "id", "zoe"), (5, "id", "zoe")]
    assert "duplicate student id 'zoe' (also row 2)" in errors[0].message
    assert "--duplicates latest" in errors[0].hint


def test_one_id_for_two_people_is_an_error_under_every_policy(tmp_path) -> None:
    table, layout = read(tmp_path, "id,name\nS2,Léo Martin\nS3,Inès\nS2,Hugo Petit\n")
    for policy in ("latest", "earliest"):
        _, warnings, errors = keep(table, layout, policy)
        assert not warnings
        assert [(e.row, e.column, e.value) for e in errors] == [(4, "id", "S2")]
        assert "under the name 'Léo Martin'" in errors[0].message


def test_an_unreadable_time_is_an_error_only_where_it_matters(tmp_path) -> None:
    table, layout = read(tmp_path, "Horodateur,id\nhier,a\n12/09/2025 10:00,b\n"
                                   "demain,b\n12/09/2025 11:00,b\n")
    kept, warnings, errors = keep(table, layout, "latest")
    assert [(e.row, e.column, e.value) for e in errors] == [(4, "Horodateur", "demain")]
    assert "cannot read this answer time" in errors[0].message


def test_a_column_mixing_date_orders_is_an_error(tmp_path) -> None:
    table, layout = read(tmp_path, "Horodateur,id\n13/01/2026,a\n01/13/2026,a\n")
    _, _, errors = keep(table, layout, "latest")
    assert errors and "mixes day-first and month-first" in errors[0].message


def test_unknown_policy() -> None:
    with pytest.raises(ValueError, match="latest, earliest, error"):
        keep_one_answer(read_table(b"id\nS1\n"), FormLayout(), "newest", [])


@given(ids=st.lists(st.sampled_from("abcd"), min_size=1, max_size=12),
       policy=st.sampled_from(["latest", "earliest"]))
def test_one_record_per_id_and_rows_kept(ids: list[str], policy: str) -> None:
    text = "id,n\n" + "".join(f"{i},{k}\n" for k, i in enumerate(ids))
    table = read_table(text.encode())
    kept, warnings, errors = keep(table, FormLayout(), policy)
    assert not errors
    assert sorted(r["id"] for r in kept.records) == sorted(set(ids))
    assert set(kept.rows) <= set(table.rows) and list(kept.rows) == sorted(kept.rows)
    assert len(warnings) == sum(ids.count(i) > 1 for i in set(ids))
    for record in kept.records:
        positions = [k for k, i in enumerate(ids) if i == record["id"]]
        assert int(record["n"]) == (positions[-1] if policy == "latest" else positions[0])
