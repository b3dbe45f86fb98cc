"""Tests of :mod:`matcher.io.timestamps`: the answer times that form exports write."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.io.timestamps import day_first, parse_timestamp

MOMENT = dt.datetime(2026, 11, 30, 14, 3, 12)


@pytest.mark.parametrize(("text", "dayfirst", "expected"), [
    ("30/11/2026 14:03:12", True, MOMENT),              # Google Sheets, French locale
    ("11/30/2026 2:03:12 PM", False, MOMENT),           # Google Sheets, American locale
    ("2026/11/30 2:03:12 PM UTC+1", True, MOMENT - dt.timedelta(hours=1)),  # Forms CSV
    ("2026/11/30 2:03:12 pm GMT-05:00", True, MOMENT + dt.timedelta(hours=5)),
    ("11/30/26 14:03:12", False, MOMENT),               # Microsoft Forms as text
    ("2026-11-30T14:03:12", True, MOMENT),              # a date cell read from a workbook
    ("2026-11-30 14:03:12.250", True, MOMENT.replace(microsecond=250_000)),
    ("2026-11-30T14:03:12+01:00", True, MOMENT - dt.timedelta(hours=1)),
    ("30.11.2026 14h03", True, MOMENT.replace(second=0)),
    ("30/11/2026", True, dt.datetime(2026, 11, 30)),
    ("2026-11-30", False, dt.datetime(2026, 11, 30)),
    ("12/01/2026 12:00 AM", False, dt.datetime(2026, 12, 1, 0, 0)),
])
def test_form_timestamps(text: str, dayfirst: bool, expected: dt.datetime) -> None:
    assert parse_timestamp(text, dayfirst=dayfirst) == expected


@pytest.mark.parametrize("text", [
    "", "hier", "31/02/2026", "30/11/2026 25:00", "30/11/2026 13:00 PM", "2026-13-01",
    "30/11/2026 à midi", "1/2",
])
def test_not_timestamps(text: str) -> None:
    assert parse_timestamp(text) is None


def test_day_first_is_decided_per_column() -> None:
    assert day_first(["01/02/2026", "30/11/2026"]) is True
    assert day_first(["01/02/2026", "11/30/2026"], default=True) is False
    assert day_first(["01/02/2026"], default=False) is False
    assert day_first(["01/02/2026"], default=True) is True
    assert day_first(["2026-11-30", ""], default=False) is False
    assert day_first(["13/01/2026", "01/13/2026"]) is None


moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31))


@given(moment=moments.map(lambda m: m.replace(microsecond=0)))
def test_every_written_form_reads_back(moment: dt.datetime) -> None:
    hour12 = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    written = {
        True: [moment.strftime("%d/%m/%Y %H:%M:%S"), moment.isoformat(sep=" ")],
        False: [f"{moment.month}/{moment.day}/{moment.year} {hour12}:{moment.minute:02d}:"
                f"{moment.second:02d} {meridiem}", moment.strftime("%m/%d/%y %H:%M:%S")],
    }
    for dayfirst, texts in written.items():
        for text in texts:
            assert parse_timestamp(text, dayfirst=dayfirst) == moment, text


@given(a=moments, b=moments)
def test_order_survives_writing(a: dt.datetime, b: dt.datetime) -> None:
    """Two answers written the French way compare as the moments they name."""
    pa = parse_timestamp(a.strftime("%d/%m/%Y %H:%M:%S"))
    pb = parse_timestamp(b.strftime("%d/%m/%Y %H:%M:%S"))
    assert pa is not None and pb is not None
    assert (pa < pb) == (a.replace(microsecond=0) < b.replace(microsecond=0))
