"""Read a CSV file or a spreadsheet into a :class:`Table` of clean, trimmed text records.

This layer knows nothing of students or projects: it turns whatever an organiser exported
from a form or a spreadsheet into rows of strings keyed by *canonical* column names, and
raises :class:`~matcher.errors.InputError` (with file, row and column) for anything it cannot
read. Domain checks (ids, preferences) belong to the caller.

Sources: a path, ``bytes``, a binary or text file object, or a pandas ``DataFrame``.
Spreadsheets (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``) are read by one reader,
python-calamine; a source without a file name is recognised by its first bytes.

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
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, BinaryIO, TextIO

from matcher.errors import InputError
from matcher.i18n import tr
from matcher.io.limits import (
    DEFAULT_LIMITS,
    ReadLimits,
    check_before_open,
    check_csv_record,
    check_csv_text,
    check_extent,
    check_file_size,
    check_sheet,
    check_zip,
    column_letter,
)

__all__ = [
    "CSV_EXTENSIONS",
    "ReadLimits",
    "SPREADSHEET_EXTENSIONS",
    "XLSX_EXTENSIONS",
    "Source",
    "Table",
    "calamine_rows",
    "choice_columns",
    "column_letter",
    "normalize_header",
    "read_table",
    "require_columns",
    "source_label",
]

#: Extensions read as delimited text.
CSV_EXTENSIONS: tuple[str, ...] = (".csv", ".tsv", ".txt")
#: Extensions of Office Open XML workbooks.
XLSX_EXTENSIONS: tuple[str, ...] = (".xlsx", ".xlsm")
#: Extensions read as spreadsheets (through python-calamine).
SPREADSHEET_EXTENSIONS: tuple[str, ...] = (*XLSX_EXTENSIONS, ".xlsb", ".xls", ".ods")

#: What :func:`read_table` reads: a path, the bytes of a file, a binary or text file object,
#: or a pandas ``DataFrame``.
Source = str | os.PathLike[str] | bytes | bytearray | BinaryIO | TextIO | Any

_DELIMITERS = (";", "\t", ",")  # order = preference on a perfect tie
_SNIFF_BYTES = 16_384
_CONSISTENCY_RECORDS = 100
_CHOICE_WORDS = r"(?:choice|choix|voeu|voe|wish|preference|rank|rang)"
_CHOICE_RE = re.compile(rf"^{_CHOICE_WORDS}_?(?:n_?|no_?)?0*(\d+)$")
#: "1er choix", "2e choix", "3rd choice", "2nd_wish"
_ORDINAL_CHOICE_RE = re.compile(
    rf"^0*(\d+)_?(?:er|re|ere|e|eme|nd|st|rd|th|o)?_{_CHOICE_WORDS}$")
_ORDINAL_WORDS = {
    "premier": 1, "premiere": 1, "first": 1, "deuxieme": 2, "second": 2, "seconde": 2,
    "troisieme": 3, "third": 3, "quatrieme": 4, "fourth": 4, "cinquieme": 5, "fifth": 5,
    "sixieme": 6, "sixth": 6, "septieme": 7, "seventh": 7, "huitieme": 8, "eighth": 8,
    "neuvieme": 9, "ninth": 9, "dixieme": 10, "tenth": 10,
}
_WORD_CHOICE_RE = re.compile(rf"^([a-z]+)_{_CHOICE_WORDS}$")
#: a grid question's row: "Vos choix [Choix 1]" (Google Forms "question [row]")
_BRACKET_RE = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$")
_SEP_LINE_RE = re.compile(r"sep=([,;\t|])[ \t]*(?:\r\n|\r|\n)", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d"})
_SUPPORTED = ", ".join(CSV_EXTENSIONS + SPREADSHEET_EXTENSIONS)


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
        ``"voeu_2"``, ``"1er choix"``, ``"Second choice"``, ``"Préférence n°3"`` and the rows
        of a form grid named so (``"Vos choix [Choix 1]"``) become ``choice_1``, ``choice_2``...

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
    >>> normalize_header("Classez vos vœux [2e choix]")
    'choice_2'
    """
    bracket = _BRACKET_RE.match(str(name))
    if bracket:
        inner = _fold_name(bracket.group(2))
        number = _choice_number(inner)
        if number is None and inner.isdigit() and _CHOICE_HINT_RE.search(
                _fold_name(bracket.group(1))):
            number = int(inner)
        if number is not None:
            return f"choice_{number}"
    text = _fold_name(name)
    number = _choice_number(text)
    return f"choice_{number}" if number is not None else text


_CHOICE_HINT_RE = re.compile(r"choi|voeu|wish|rank|rang|class|prefer|order|ordre")


def _fold_name(name: object) -> str:
    text = unicodedata.normalize("NFKD", str(name).casefold().translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SEPARATORS_RE.sub("_", text.translate(_LIGATURES)).strip("_")


def _choice_number(text: str) -> int | None:
    """``3`` for a folded header naming the third choice (``choix_3``, ``3e_choix``...)."""
    match = _CHOICE_RE.match(text) or _ORDINAL_CHOICE_RE.match(text)
    if match:
        return int(match.group(1)) or None
    word = _WORD_CHOICE_RE.match(text)
    if word and word.group(1) in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word.group(1)]
    return None


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
    header_row:
        Spreadsheet row number of the header.
    """

    path: str
    columns: tuple[str, ...]
    records: tuple[dict[str, str], ...]
    rows: tuple[int, ...]
    original_headers: dict[str, str]
    header_row: int = 1

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
    source: Source,
    *,
    name: str | None = None,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
    aliases: Mapping[str, Iterable[str]] | None = None,
    required: Iterable[str] = (),
    limits: ReadLimits | None = None,
) -> Table:
    """Read a CSV file or a spreadsheet into a :class:`Table`.

    Parameters
    ----------
    source:
        A path to a ``.csv``/``.tsv``/``.txt`` file (delimiter ``,``, ``;`` or tab, detected;
        encoding UTF-8 with or without BOM, UTF-16 with BOM, else cp1252, else Latin-1) or to a
        spreadsheet (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``); or the ``bytes`` of
        such a file, a binary or text file object, or a pandas ``DataFrame`` (its column names
        are the header, row 1; its index is ignored).
    name:
        How errors name the source (default: the path, a file object's ``name``, else
        ``"<table>"``). Its extension, if any, tells the format of bytes and file objects;
        without one the format is recognised from the first bytes.
    sheet:
        Worksheet to read in a spreadsheet (default: the first). Ignored for CSV.
    columns:
        Raw header -> canonical name, as in a config ``[columns]`` section
        (``{"Quelle est votre discipline ?": "discipline"}``). Keys are matched after
        :func:`normalize_header`. Takes precedence over ``aliases``.
    aliases:
        Canonical name -> accepted alternative headers (``{"id": ["student_id"]}``).
    required:
        Canonical names that must be present.
    limits:
        How large a file may be (rows, columns, cells, bytes, zip expansion), checked before
        anything large is built; default :class:`~matcher.io.limits.ReadLimits` ``()``, sized
        for 100,000 students.

    Returns
    -------
    Table

    Raises
    ------
    InputError
        Missing, unreadable, empty or unsupported file; a file past ``limits`` (naming the
        limit and the declared or actual figure); two headers mapping to the same column; a
        missing required column (with the nearest header as a hint); a row with more
        non-empty cells than the header; a header cell left empty above data.

    Notes
    -----
    Blank rows are skipped. Trailing *empty* cells beyond the header (``a;b;;``) and columns
    with neither header nor data are ignored. Values are trimmed of surrounding whitespace
    (including non-breaking spaces) and NFC-normalised. An Excel ``sep=;`` first line sets the
    delimiter and, as in Excel, is not counted as a row.
    """
    label = source_label(source, name)
    limits = limits or DEFAULT_LIMITS
    if _is_frame(source):
        header_row, raw = _frame_rows(label, source)
        return _build_table(label, header_row, raw, columns or {}, aliases or {}, required)
    ext = os.path.splitext(label)[1].lower()
    known = ext in CSV_EXTENSIONS + SPREADSHEET_EXTENSIONS
    if isinstance(source, str | os.PathLike):
        if not known:
            raise InputError(
                tr("unsupported file format {ext!r}; supported: {supported}",
                   ext=ext or tr("(no extension)"), supported=_SUPPORTED),
                file=label,
                hint=tr("save or export it as .xlsx, .ods or CSV"),
            )
        data = _read_bytes(label, limits)
    else:
        data = _source_bytes(label, source, limits)
        if not known:  # no usable name: tell the format by the first bytes
            ext = ".xlsx" if data.startswith((_ZIP, _OLE2)) else ".csv"
    if ext in SPREADSHEET_EXTENSIONS:
        header_row, raw = _spreadsheet_rows(label, ext, data, sheet, limits)
    else:
        header_row, raw = _csv_rows(label, data, limits)
    return _build_table(label, header_row, raw, columns or {}, aliases or {}, required)


def source_label(source: Source, name: str | None = None, default: str = "<table>") -> str:
    """How messages name ``source``: ``name`` if given, else a path as given, else a file
    object's ``name`` attribute, else ``default``."""
    if name:
        return name
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    label = getattr(source, "name", None)
    return label if isinstance(label, str) and label else default


def _is_frame(source: object) -> bool:
    pandas = sys.modules.get("pandas")  # a DataFrame implies pandas is imported already
    return pandas is not None and isinstance(source, pandas.DataFrame)


# --------------------------------------------------------------------------- bytes

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0"


def _source_bytes(name: str, source: object, limits: ReadLimits) -> bytes:
    """The bytes of an in-memory source: ``bytes`` or a binary or text file object (read up
    to one byte past ``limits.max_file_bytes``)."""
    if isinstance(source, bytes | bytearray | memoryview):
        check_file_size(name, len(source), limits)
        return bytes(source)
    read = getattr(source, "read", None)
    if read is None:
        raise InputError(
            tr("cannot read a {kind}: give a path, bytes, a file object or a DataFrame",
               kind=type(source).__name__),
            file=name,
        )
    try:
        content = read(limits.max_file_bytes + 1)
    except TypeError:  # a read() without a size
        content = read()
    except (OSError, ValueError) as exc:
        raise InputError(tr("cannot read the file: {reason}", reason=exc), file=name) from exc
    if isinstance(content, str):
        content = content.encode("utf-8")
    if isinstance(content, bytes | bytearray):
        check_file_size(name, len(content), limits)
        return bytes(content)
    raise InputError(
        tr("cannot read a {kind}: give a path, bytes, a file object or a DataFrame",
           kind=type(source).__name__),
        file=name,
    )


def _read_bytes(name: str, limits: ReadLimits) -> bytes:
    if not os.path.exists(name):
        raise InputError(tr("file not found"), file=name,
                         hint=tr("check the path and its spelling"))
    if os.path.isdir(name):
        raise InputError(tr("is a directory, not a file"), file=name)
    try:
        check_file_size(name, os.path.getsize(name), limits)
        with open(name, "rb") as handle:
            return handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise InputError(tr("cannot read the file: {reason}", reason=exc.strerror or exc),
                         file=name) from exc


def _decode(name: str, data: bytes) -> str:
    """Decode ``data``: BOM first, then strict UTF-8, then cp1252, then Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(_ZIP):
        raise InputError(
            tr("this is a zip archive or an Excel workbook, not CSV text"),
            file=name,
            hint=tr("give it the extension .xlsx, or export it as CSV"),
        )
    elif data.startswith(_OLE2):
        raise InputError(
            tr("this is an old Excel (.xls) workbook, not CSV text"),
            file=name,
            hint=tr("give it the extension .xls, or export it as CSV"),
        )
    else:
        encoding = _guess_utf16(data)
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                tr("cannot decode the file as {encoding}: {reason}", encoding=encoding,
                   reason=exc.reason),
                file=name,
                hint=tr("save it as CSV UTF-8"),
            ) from exc
    if b"\x00" in data:
        raise InputError(
            tr("this does not look like a text file (it contains NUL bytes)"),
            file=name,
            hint=tr("export the data as CSV UTF-8 or as .xlsx"),
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


def _csv_rows(
    name: str, data: bytes, limits: ReadLimits
) -> tuple[int, list[tuple[int, list[str]]]]:
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
    check_csv_text(name, text, delimiter, limits)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    number = 0
    try:
        for cells in reader:
            number += 1
            check_csv_record(name, number, len(cells), limits)
            rows.append((number, cells))
    except csv.Error as exc:
        raise InputError(
            tr("malformed CSV: {error}", error=exc),
            file=name,
            row=number + 1,
            hint=tr("check for an unclosed quote or a very long cell"),
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


# --------------------------------------------------------------------------- spreadsheets

_SIGNATURES = {".xlsx": _ZIP, ".xlsm": _ZIP, ".xlsb": _ZIP, ".ods": _ZIP, ".xls": _OLE2}


def _spreadsheet_rows(
    name: str, ext: str, data: bytes, sheet: str | None, limits: ReadLimits
) -> tuple[int, list[tuple[int, list[str]]]]:
    """Every row of one sheet, numbered as the spreadsheet program shows them; a workbook no
    scan can bound (``.xls``) is read in a child process (:mod:`matcher.io.isolated`)."""
    if not data.startswith(_SIGNATURES.get(ext, _ZIP)) and not data.startswith((_ZIP, _OLE2)):
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:14].lower().startswith(
                (b"<!doctype html", b"<html", b"<table", b"<?xml")):
            raise InputError(
                tr("this is a web page (HTML or XML) saved under the extension {ext}", ext=ext),
                file=name,
                hint=tr("open it in a spreadsheet program and save it as .xlsx, or export "
                        "the data as CSV"))
        if ext in XLSX_EXTENSIONS:
            message = tr("this is not an Excel .xlsx workbook")
        else:
            message = tr("this is not a {ext} spreadsheet", ext=ext)
        raise InputError(message, file=name,
                         hint=tr("CSV text should have the extension .csv"))
    isolate = limits.isolate == "always" or (limits.isolate == "auto"
                                             and data.startswith(_OLE2))
    if isolate:
        from matcher.io.isolated import values_in_child

        archive = check_zip(name, data, limits) if data.startswith(_ZIP) else None
        if archive is not None:  # the scans first: a bomb is refused without a child
            check_before_open(name, archive, limits)
            check_sheet(name, archive, None, limits)

        def pick(titles: list[str], kinds: list[str]) -> int:
            return _pick_sheet(name, SimpleNamespace(
                sheet_names=titles, sheets_metadata=[SimpleNamespace(typ=k) for k in kinds]),
                sheet)

        values = [[_cell_text(v) for v in cells]
                  for cells in values_in_child(name, data, sheet, limits, pick)]
    else:
        values = calamine_rows(name, data, sheet, limits)
    # skip_empty_area=False: the first list is row 1, as the spreadsheet program shows it
    return _split_header(name, list(enumerate(values, start=1)))


def calamine_rows(name: str, data: bytes, sheet: str | None,
                  limits: ReadLimits = DEFAULT_LIMITS) -> list[list[str]]:
    """Every row of one sheet of the workbook ``data`` as text, from row 1, after the checks
    of :mod:`matcher.io.limits` (a zip's sizes and ratios, the sheet's declared and actual
    extent) and before the spreadsheet reader builds anything large.

    Raises
    ------
    InputError
        A file past ``limits``, or one the reader cannot read (corrupt, password-protected).
    """
    import python_calamine  # local: only spreadsheet users pay for the import

    archive = check_zip(name, data, limits) if data.startswith(_ZIP) else None
    if archive is not None:
        check_before_open(name, archive, limits)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        raise InputError(tr("the workbook is protected by a password"), file=name,
                         hint=tr("save a copy without a password")) from exc
    except InputError:
        raise
    except BaseException as exc:  # calamine raises several kinds on a corrupt file
        raise _unreadable(exc, name) from exc
    try:
        index = _pick_sheet(name, workbook, sheet)
        if archive is not None:
            check_sheet(name, archive, index, limits)
        found = workbook.get_sheet_by_index(index)
        end = found.end
        if end is not None:
            check_extent(name, end[0] + 1, end[1] + 1, limits)
        values = found.to_python(skip_empty_area=False)
    except InputError:
        raise
    except BaseException as exc:  # corrupt sheet XML
        raise _unreadable(exc, name) from exc
    finally:
        workbook.close()
    return [[_cell_text(v) for v in cells] for cells in values]


def _unreadable(exc: BaseException, name: str) -> InputError:
    """A reader's failure as a located error; interrupts and exits go on (a panic in the
    native reader is a ``BaseException`` too, and is a failure to read)."""
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc
    return unreadable_workbook(name, exc)


def unreadable_workbook(name: str, reason: object) -> InputError:
    """``cannot read the workbook: <reason>``, naming the file."""
    return InputError(tr("cannot read the workbook: {reason}", reason=reason), file=name)


def _pick_sheet(name: str, workbook: Any, sheet: str | None) -> int:
    """Index of the sheet to read: ``sheet`` (exact, else loosely matched), else the first
    worksheet (not a chart sheet)."""
    titles = list(workbook.sheet_names)
    if not titles:
        raise InputError(tr("the workbook has no worksheet"), file=name)
    if sheet is None:
        kinds = [str(meta.typ) for meta in workbook.sheets_metadata]
        return next((i for i, kind in enumerate(kinds) if kind.endswith("WorkSheet")), 0)
    if sheet in titles:
        return titles.index(sheet)
    loose = [
        i for i, title in enumerate(titles) if normalize_header(title) == normalize_header(sheet)
    ]
    if len(loose) == 1:
        return loose[0]
    close = difflib.get_close_matches(sheet, titles, n=1)
    raise InputError(
        tr("no sheet named {sheet!r}; sheets: {sheets}", sheet=sheet,
           sheets=", ".join(map(repr, titles))),
        file=name,
        hint=tr("did you mean {suggestion!r}?", suggestion=close[0]) if close else None,
    )


def _frame_rows(name: str, frame: Any) -> tuple[int, list[tuple[int, list[str]]]]:
    """A DataFrame as rows: its column names are row 1, its records rows 2, 3..."""
    rows = [(1, [_cell_text(c) for c in frame.columns])]
    for number, record in enumerate(frame.itertuples(index=False, name=None), start=2):
        rows.append((number, [_cell_text(v) for v in record]))
    return _split_header(name, rows)


def _cell_text(value: object) -> str:
    """Text of a cell value: whole floats without ``.0``, dates in ISO 8601, None, NaN and
    NaT as ``""``; numpy scalars as the Python values they hold."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN
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
    if isinstance(value, dt.timedelta):  # a duration cell
        return str(value)
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
            tr("the file is empty"), file=name,
            hint=tr("it needs a header row, then one row per record"),
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
                        tr("column {letter} has data but no header",
                           letter=column_letter(index))
                        if not raw
                        else tr("header {header!r} in column {letter} has no letter or digit",
                                header=raw, letter=column_letter(index)),
                        file=name,
                        row=header_row if raw else number,
                        column=column_letter(index),
                        value=cells[index] if not raw else raw,
                        hint=tr("give the column a name in the header row, or delete it"),
                    )
            continue
        canonical = lookup.get(key, key)
        if canonical in original:
            first = position[canonical]
            raise InputError(
                tr("columns {first!r} ({first_letter}) and {second!r} ({second_letter}) both "
                   "mean {canonical!r}", first=original[canonical],
                   first_letter=column_letter(first), second=raw,
                   second_letter=column_letter(index), canonical=canonical),
                file=name,
                row=header_row,
                column=raw,
                hint=tr("rename or delete one of them"),
            )
        original[canonical] = raw
        position[canonical] = index
        kept.append((index, canonical))

    _check_required(name, header_row, original, lookup, required)

    for number, cells in data:
        if len(cells) > width and any(cells[width:]):
            extra = next(i for i in range(width, len(cells)) if cells[i])
            raise InputError(
                tr("row has {cells} cells but the header has {width} columns",
                   cells=len(cells), width=width),
                file=name,
                row=number,
                column=column_letter(extra),
                value=cells[extra],
                hint=tr("a value may contain an unquoted delimiter, or the header lacks a "
                        "column"),
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
        header_row=header_row,
    )


def require_columns(
    table: Table,
    required: Iterable[str],
    *,
    columns: Mapping[str, str] | None = None,
    aliases: Mapping[str, Iterable[str]] | None = None,
) -> None:
    """Raise the error of :func:`read_table` for a column of ``required`` that ``table``
    lacks (the headers found listed, the nearest one as a hint); ``columns`` and ``aliases``
    as given to :func:`read_table`."""
    _check_required(table.path, table.header_row, table.original_headers,
                    _lookup(columns or {}, aliases or {}), required)


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
            hints.append(tr("for {column!r}, did you mean {suggestion!r}?", column=column,
                            suggestion=best[1]))
    names = ", ".join(map(repr, missing))
    listed = ", ".join(map(repr, found))
    if len(missing) > 1:
        message = (tr("missing required columns {names}; columns found: {listed}",
                      names=names, listed=listed) if found
                   else tr("missing required columns {names}; columns found: none",
                           names=names))
    else:
        message = (tr("missing required column {names}; columns found: {listed}",
                      names=names, listed=listed) if found
                   else tr("missing required column {names}; columns found: none",
                           names=names))
    raise InputError(
        message,
        file=name,
        row=header_row,
        hint=" ".join(hints)
        or tr("rename the header, or map it in the [columns] section of the config"),
    )
