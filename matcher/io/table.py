"""Read a CSV or XLSX file into a :class:`Table` of clean, trimmed text records.

This layer knows nothing of students or projects: it turns whatever an organiser exported
from a form or a spreadsheet into rows of strings keyed by *canonical* column names, and
raises :class:`~matcher.errors.InputError` (with file, row and column) for anything it cannot
read. Domain checks (ids, preferences) belong to the caller.

Row numbers are spreadsheet row numbers: the header is the row it sits on (row 1 unless blank
rows precede it) and blank rows are skipped but still counted, so an error on the record after
a blank line names the row a spreadsheet program shows. For a CSV file without line breaks
inside quoted cells this is the physical line number; a quoted cell spanning several lines
counts as one row, as in a spreadsheet.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from matcher.errors import InputError

__all__ = [
    "CSV_EXTENSIONS",
    "XLSX_EXTENSIONS",
    "Table",
    "choice_columns",
    "column_letter",
    "normalize_header",
    "read_table",
]

#: Extensions read as delimited text.
CSV_EXTENSIONS: tuple[str, ...] = (".csv", ".tsv", ".txt")
#: Extensions read as Excel workbooks (through openpyxl).
XLSX_EXTENSIONS: tuple[str, ...] = (".xlsx", ".xlsm")

_DELIMITERS = (";", "\t", ",")  # order = preference on a perfect tie
_SNIFF_BYTES = 16_384
_CONSISTENCY_RECORDS = 100
_CHOICE_RE = re.compile(r"^(?:choice|choix|voeu|voe|wish)_?0*(\d+)$")
_SEP_LINE_RE = re.compile(r"sep=([,;\t|])[ \t]*(?:\r\n|\r|\n)", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d"})
_SUPPORTED = ", ".join(CSV_EXTENSIONS + XLSX_EXTENSIONS)


# --------------------------------------------------------------------------- names


def normalize_header(name: str) -> str:
    """Normalise a column header so that spelling variants compare equal.

    Parameters
    ----------
    name:
        A header as written in a file or in a config (``"Établissement "``, ``"min-size"``).

    Returns
    -------
    str
        The normal form: case folded, accents removed (``é`` -> ``e``, ``œ`` -> ``oe``), every
        run of characters other than ``a-z0-9`` (spaces, ``_``, ``-``, punctuation such as a
        trailing ``?``) replaced by one ``_``, leading and trailing ``_`` removed. Numbered
        choice columns are canonicalised: ``"Choix 1"``, ``"choice1"``, ``"Vœu 02"``,
        ``"voeu_2"`` become ``choice_1``, ``choice_2``.

    Examples
    --------
    >>> normalize_header("  Min Size ")
    'min_size'
    >>> normalize_header("Établissement")
    'etablissement'
    >>> normalize_header("Quelle est votre discipline ?")
    'quelle_est_votre_discipline'
    >>> normalize_header("Vœu 3")
    'choice_3'
    """
    text = unicodedata.normalize("NFKD", str(name).casefold().translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SEPARATORS_RE.sub("_", text.translate(_LIGATURES)).strip("_")
    match = _CHOICE_RE.match(text)
    if match:
        return f"choice_{int(match.group(1))}"
    return text


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (``0`` -> ``"A"``, ``27`` -> ``"AB"``)."""
    letters = ""
    index += 1
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --------------------------------------------------------------------------- table


@dataclass(frozen=True)
class Table:
    """Clean records read from one file.

    Attributes
    ----------
    path:
        The file read, as given.
    columns:
        Canonical column names in file order: the target of ``columns`` or ``aliases`` when a
        header matched one, else :func:`normalize_header` of the header.
    records:
        One dict per non-blank row, mapping every column to its trimmed, NFC-normalised text
        (``""`` for an empty cell).
    rows:
        Spreadsheet row number of each record (header row = 1 when it is the first row).
    original_headers:
        Canonical name -> header as written in the file, for messages.
    """

    path: str
    columns: tuple[str, ...]
    records: tuple[dict[str, str], ...]
    rows: tuple[int, ...]
    original_headers: dict[str, str]

    def __len__(self) -> int:
        return len(self.records)

    def error(
        self, i: int, column: str | None, message: str, hint: str | None = None
    ) -> InputError:
        """Build (not raise) an :class:`InputError` located at record ``i``, column ``column``.

        Parameters
        ----------
        i:
            Index of the record in :attr:`records`.
        column:
            Canonical column name, or ``None`` for an error about the whole row. The error
            names the header as written in the file, and carries the cell's value.
        message, hint:
            As for :class:`InputError`.
        """
        record = self.records[i]
        return InputError(
            message,
            file=self.path,
            row=self.rows[i],
            column=self.original_headers.get(column, column) if column else None,
            value=record.get(column) if column else None,
            hint=hint,
        )


def choice_columns(table: Table) -> list[str]:
    """The ``choice_N`` columns of ``table``, sorted by ``N`` (``choice_2`` before ``choice_10``).

    Headers such as ``"Choix 1"``, ``"choice 2"``, ``"vœu_3"`` are already ``choice_N`` after
    :func:`normalize_header`; other names can be mapped through ``read_table(columns=...)``.
    """
    found = []
    for name in table.columns:
        match = re.fullmatch(r"choice_(\d+)", name)
        if match:
            found.append((int(match.group(1)), name))
    return [name for _, name in sorted(found)]


# --------------------------------------------------------------------------- entry point


def read_table(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
    aliases: Mapping[str, Iterable[str]] | None = None,
    required: Iterable[str] = (),
) -> Table:
    """Read a CSV or XLSX file into a :class:`Table`.

    Parameters
    ----------
    path:
        ``.csv``/``.tsv``/``.txt`` (delimiter ``,``, ``;`` or tab, detected; encoding UTF-8 with
        or without BOM, UTF-16 with BOM, else cp1252, else Latin-1) or ``.xlsx``/``.xlsm``.
    sheet:
        Worksheet to read in a workbook (default: the first). Ignored for CSV.
    columns:
        Raw header -> canonical name, as in a config ``[columns]`` section
        (``{"Quelle est votre discipline ?": "discipline"}``). Keys are matched after
        :func:`normalize_header`. Takes precedence over ``aliases``.
    aliases:
        Canonical name -> accepted alternative headers (``{"id": ["student_id"]}``).
    required:
        Canonical names that must be present.

    Returns
    -------
    Table

    Raises
    ------
    InputError
        Missing, unreadable, empty or unsupported file; two headers mapping to the same
        column; a missing required column (with the nearest header as a hint); a row with more
        non-empty cells than the header; a header cell left empty above data.

    Notes
    -----
    Blank rows are skipped. Trailing *empty* cells beyond the header (``a;b;;``) and columns
    with neither header nor data are ignored. Values are trimmed of surrounding whitespace
    (including non-breaking spaces) and NFC-normalised. An Excel ``sep=;`` first line sets the
    delimiter and, as in Excel, is not counted as a row.
    """
    name = os.fspath(path)
    ext = os.path.splitext(name)[1].lower()
    if ext not in CSV_EXTENSIONS + XLSX_EXTENSIONS:
        hint = "save or export it as .xlsx or as CSV"
        raise InputError(
            f"unsupported file format {ext or '(no extension)'!r}; supported: {_SUPPORTED}",
            file=name,
            hint=hint,
        )
    data = _read_bytes(name)
    if ext in XLSX_EXTENSIONS:
        header_row, raw = _xlsx_rows(name, data, sheet)
    else:
        header_row, raw = _csv_rows(name, data)
    return _build_table(name, header_row, raw, columns or {}, aliases or {}, required)


# --------------------------------------------------------------------------- bytes


def _read_bytes(name: str) -> bytes:
    if not os.path.exists(name):
        raise InputError("file not found", file=name, hint="check the path and its spelling")
    if os.path.isdir(name):
        raise InputError("is a directory, not a file", file=name)
    try:
        with open(name, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=name) from exc


def _decode(name: str, data: bytes) -> str:
    """Decode ``data``: BOM first, then strict UTF-8, then cp1252, then Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(b"PK\x03\x04"):
        raise InputError(
            "this is a zip archive or an Excel workbook, not CSV text",
            file=name,
            hint="give it the extension .xlsx, or export it as CSV",
        )
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "this is an old Excel (.xls) workbook, not CSV text",
            file=name,
            hint="save it as .xlsx or as CSV",
        )
    else:
        encoding = _guess_utf16(data)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot decode the file as {encoding}: {exc.reason}",
                file=name,
                hint="save it as CSV UTF-8",
            ) from exc
    if b"\x00" in data:
        raise InputError(
            "this does not look like a text file (it contains NUL bytes)",
            file=name,
            hint="export the data as CSV UTF-8 or as .xlsx",
        )
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


# --------------------------------------------------------------------------- CSV


def _csv_rows(name: str, data: bytes) -> tuple[int, list[tuple[int, list[str]]]]:
    text = _decode(name, data)
    if text.startswith("\ufeff"):  # a BOM that survived (e.g. UTF-16 decoding)
        text = text[1:]
    # Excel's "sep=;" first line names the delimiter; Excel hides it, so rows count after it.
    sep = _SEP_LINE_RE.match(text)
    if sep:
        text = text[sep.end() :]
        delimiter = sep.group(1)
    else:
        delimiter = _detect_delimiter(text)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    try:
        for cells in reader:
            number += 1
            rows.append((number, cells))
    except csv.Error as exc:
        raise InputError(
            f"malformed CSV: {exc}",
            file=name,
            row=number + 1,
            hint="check for an unclosed quote or a very long cell",
        ) from exc
    return _split_header(name, rows)


def _header_counts(text: str) -> dict[str, int]:
    """Count each candidate delimiter outside quotes on the first non-blank line."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    in_quotes = False
    seen_content = False
    for ch in text:
        if ch == '"':
            in_quotes = not in_quotes
            seen_content = True
        elif in_quotes:
            continue
        elif ch in "\r\n":
            if seen_content:
                break
        elif ch in counts:
            counts[ch] += 1
            seen_content = True
        elif not ch.isspace():
            seen_content = True
    return counts


def _consistency(text: str, delimiter: str) -> float:
    """Share of the first records whose cell count equals the header's under ``delimiter``."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    width = None
    total = agree = 0
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if width is None:
                width = len(cells)
                continue
            total += 1
            agree += len(cells) == width
            if total >= _CONSISTENCY_RECORDS:
                break
    except csv.Error:
        pass
    return agree / total if total else 1.0


def _detect_delimiter(text: str) -> str:
    """Choose ``;``, tab or ``,``.

    The candidates found outside quotes on the header line are ranked by how many of the
    first records they split into as many cells as the header, then by their count on the
    header line. When the header holds none (a single-column header), ``csv.Sniffer``
    restricted to the three candidates looks at the data; failing that, nothing is split.
    """
    sample = text[:_SNIFF_BYTES]
    if len(text) > _SNIFF_BYTES and sample.rfind("\n") > 0:
        sample = sample[: sample.rfind("\n")]
    counts = _header_counts(sample)
    candidates = [d for d in _DELIMITERS if counts[d] > 0]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        return max(
            candidates,
            key=lambda d: (_consistency(sample, d), counts[d], -_DELIMITERS.index(d)),
        )
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS))
    except csv.Error:
        return "\x1f"  # unit separator: a single column, never split
    return dialect.delimiter if dialect.delimiter in _DELIMITERS else "\x1f"


# --------------------------------------------------------------------------- XLSX


def _xlsx_rows(
    name: str, data: bytes, sheet: str | None
) -> tuple[int, list[tuple[int, list[str]]]]:
    import openpyxl  # local: only XLSX users pay for the import

    if not data.startswith(b"PK\x03\x04"):
        raise InputError(
            "this is not an Excel .xlsx workbook",
            file=name,
            hint="CSV text should have the extension .csv",
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a corrupt archive
            raise InputError(f"cannot read the workbook: {exc}", file=name) from exc
        try:
            worksheet = _pick_sheet(name, workbook, sheet)
            worksheet.reset_dimensions()
            rows = [
                (number, [_cell_text(value) for value in values])
                for number, values in enumerate(
                    worksheet.iter_rows(min_row=1, values_only=True), start=1
                )
            ]
        except InputError:
            raise
        except Exception as exc:  # corrupt sheet XML
            raise InputError(f"cannot read the workbook: {exc}", file=name) from exc
        finally:
            workbook.close()
    return _split_header(name, rows)


def _pick_sheet(name: str, workbook: Any, sheet: str | None) -> Any:
    sheets = workbook.worksheets
    titles = [ws.title for ws in sheets]
    if not sheets:
        raise InputError("the workbook has no worksheet", file=name)
    if sheet is None:
        return sheets[0]
    if sheet in titles:
        return sheets[titles.index(sheet)]
    loose = [
        i for i, title in enumerate(titles) if normalize_header(title) == normalize_header(sheet)
    ]
    if len(loose) == 1:
        return sheets[loose[0]]
    close = difflib.get_close_matches(sheet, titles, n=1)
    raise InputError(
        f"no sheet named {sheet!r}; sheets: {', '.join(map(repr, titles))}",
        file=name,
        hint=f"did you mean {close[0]!r}?" if close else None,
    )


def _cell_text(value: object) -> str:
    """Text of a cell value: whole floats without ``.0``, dates in ISO 8601, None as ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- shared


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


def _split_header(
    name: str, rows: Sequence[tuple[int, list[str]]]
) -> tuple[int, list[tuple[int, list[str]]]]:
    """Clean every cell, drop blank rows, and return the header row number and all rows."""
    cleaned = []
    for number, cells in rows:
        values = [_clean(cell) for cell in cells]
        if any(values):
            cleaned.append((number, values))
    if not cleaned:
        raise InputError(
            "the file is empty", file=name, hint="it needs a header row, then one row per record"
        )
    return cleaned[0][0], cleaned


def _lookup(columns: Mapping[str, str], aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, names in aliases.items():
        if isinstance(names, str):
            names = [names]
        for alias in names:
            table[normalize_header(alias)] = canonical
    for canonical in aliases:
        table[normalize_header(canonical)] = canonical
    for raw, canonical in columns.items():
        table[normalize_header(raw)] = canonical
    return table


def _build_table(
    name: str,
    header_row: int,
    rows: list[tuple[int, list[str]]],
    columns: Mapping[str, str],
    aliases: Mapping[str, Iterable[str]],
    required: Iterable[str],
) -> Table:
    header = rows[0][1]
    data = rows[1:]
    lookup = _lookup(columns, aliases)

    # Which physical columns carry data: an unnamed column is fine only if it is empty.
    width = len(header)
    kept: list[tuple[int, str]] = []  # (index, canonical)
    original: dict[str, str] = {}
    position: dict[str, int] = {}
    for index, raw in enumerate(header):
        key = normalize_header(raw)
        if not key:
            for number, cells in data:
                if index < len(cells) and cells[index]:
                    raise InputError(
                        f"column {column_letter(index)} has data but no header"
                        if not raw
                        else f"header {raw!r} in column {column_letter(index)} has no letter "
                        "or digit",
                        file=name,
                        row=header_row if raw else number,
                        column=column_letter(index),
                        value=cells[index] if not raw else raw,
                        hint="give the column a name in the header row, or delete it",
                    )
            continue
        canonical = lookup.get(key, key)
        if canonical in original:
            first = position[canonical]
            raise InputError(
                f"columns {original[canonical]!r} ({column_letter(first)}) and {raw!r} "
                f"({column_letter(index)}) both mean {canonical!r}",
                file=name,
                row=header_row,
                column=raw,
                hint="rename or delete one of them",
            )
        original[canonical] = raw
        position[canonical] = index
        kept.append((index, canonical))

    _check_required(name, header_row, original, lookup, required)

    for number, cells in data:
        if len(cells) > width and any(cells[width:]):
            extra = next(i for i in range(width, len(cells)) if cells[i])
            raise InputError(
                f"row has {len(cells)} cells but the header has {width} columns",
                file=name,
                row=number,
                column=column_letter(extra),
                value=cells[extra],
                hint="a value may contain an unquoted delimiter, or the header lacks a column",
            )

    records = tuple(
        {canonical: (cells[index] if index < len(cells) else "") for index, canonical in kept}
        for _, cells in data
    )
    return Table(
        path=name,
        columns=tuple(canonical for _, canonical in kept),
        records=records,
        rows=tuple(number for number, _ in data),
        original_headers=original,
    )


def _check_required(
    name: str,
    header_row: int,
    original: Mapping[str, str],
    lookup: Mapping[str, str],
    required: Iterable[str],
) -> None:
    missing = [column for column in required if column not in original]
    if not missing:
        return
    found = list(original.values())
    found_keys = {normalize_header(raw): raw for raw in found}
    hints = []
    for column in missing:
        accepted = {normalize_header(column)} | {
            key for key, target in lookup.items() if target == column
        }
        best: tuple[float, str] | None = None
        for key, raw in found_keys.items():
            for wanted in accepted:
                ratio = difflib.SequenceMatcher(None, wanted, key).ratio()
                if ratio >= 0.6 and (best is None or ratio > best[0]):
                    best = (ratio, raw)
        if best is not None:
            hints.append(f"for {column!r}, did you mean {best[1]!r}?")
    names = ", ".join(map(repr, missing))
    plural = "s" if len(missing) > 1 else ""
    listed = ", ".join(map(repr, found)) or "none"
    raise InputError(
        f"missing required column{plural} {names}; columns found: {listed}",
        file=name,
        row=header_row,
        hint=" ".join(hints)
        or "rename the header, or map it in the [columns] section of the config",
    )
