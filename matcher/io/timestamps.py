"""Read the submission times that form exports write, to order two answers of one person.

Google Forms writes ``Horodateur`` / ``Timestamp`` (``30/11/2026 14:03:12`` from a French
sheet, ``11/30/2026 2:03:12 PM`` from an American one, ``2026/11/30 2:03:12 PM UTC+1`` in
the CSV downloaded from the form); Microsoft Forms writes ``Heure de fin`` / ``Completion time``
(a date cell in its workbook, ``11/30/26 14:03:12`` as text). A spreadsheet cell comes through
:mod:`matcher.io.table` as ISO 8601.

Whether ``03/04/2026`` is the 3rd of April or the 4th of March is decided once per column:
a first number above 12 anywhere means day first, a second number above 12 means month first;
when no value settles it, French headers mean day first and English ones month first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

__all__ = ["day_first", "parse_timestamp"]

_ISO_RE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(.*))?$")
_NUMERIC_RE = re.compile(
    r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[T ,]+(.*))?$")
_TIME_RE = re.compile(
    r"^(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*"
    r"(?:(?:utc|gmt|z)?\s*([+-])(\d{1,2})(?::?(\d{2}))?|utc|gmt|z)?$",
    re.IGNORECASE)


def day_first(values: Sequence[str], *, default: bool = True) -> bool | None:
    """Whether the ``d/m/y`` or ``m/d/y`` dates among ``values`` put the day first.

    Returns ``True`` or ``False`` when some value settles it (or none needs it), ``default``
    when every such date is ambiguous, and ``None`` when the values contradict each other
    (``13/01/2026`` and ``01/13/2026`` in one column).
    """
    day, month = False, False
    for text in values:
        match = _NUMERIC_RE.match(text.strip())
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            day = day or first > 12
            month = month or second > 12
    if day and month:
        return None
    if day or month:
        return day
    return default


def parse_timestamp(text: str, *, dayfirst: bool = True) -> dt.datetime | None:
    """The moment ``text`` names, or ``None`` if it is not a date with an optional time.

    A time zone offset (``UTC+1``, ``GMT-05:00``, ``+01:00``) is applied, giving UTC; a time
    without one is taken as it is written (every answer of one form shares its zone).
    A two-digit year is in 2000-2099.
    """
    text = text.strip()
    if not text:
        return None
    match = _ISO_RE.match(text)
    if match:
        year, month, day, rest = int(match[1]), int(match[2]), int(match[3]), match[4]
    else:
        match = _NUMERIC_RE.match(text)
        if not match:
            return None
        first, second, year, rest = int(match[1]), int(match[2]), int(match[3]), match[4]
        year += 2000 if year < 100 else 0
        day, month = (first, second) if dayfirst else (second, first)
    try:
        date = dt.datetime(year, month, day)
    except ValueError:
        return None
    if not rest or not rest.strip():
        return date
    time = _TIME_RE.match(rest.strip())
    if not time:
        return None
    hour, minute = int(time[1]), int(time[2])
    second = int(time[3] or 0)
    micro = int((time[4] or "0").ljust(6, "0"))
    meridiem = (time[5] or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        moment = date.replace(hour=hour, minute=minute, second=second, microsecond=micro)
    except ValueError:
        return None
    if time[6]:
        offset = dt.timedelta(hours=int(time[7]), minutes=int(time[8] or 0))
        moment -= offset if time[6] == "+" else -offset
    return moment
