"""Limits on what a file may ask a reader to build, checked before anything large is allocated.

A spreadsheet is a zip of XML (``.xlsx``, ``.xlsm``, ``.ods``) or of binary records
(``.xlsb``): a 2 KB file can declare a cell at ``XFD1048576`` or a row repeated a million times,
and a dense reader then allocates the whole range (17 billion cells for ``A1:XFD1048576``: the
process aborts). The scans here read the archive's directory and stream the chosen sheet's
markup with bounded memory, and refuse, as a located :class:`~matcher.errors.InputError`, a file
whose declared or actual size passes a :class:`ReadLimits`. An old ``.xls`` workbook (OLE2) has
no such cheap scan: it is parsed in a child process under a memory limit
(:mod:`matcher.io.isolated`).

Every bound is conservative: a cell without a position counts one column further than the last
known one, a row without a number one row further, so a file cannot hide its extent by leaving
positions out.
"""

from __future__ import annotations

import io
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from matcher.errors import InputError
from matcher.i18n import tr

__all__ = ["DEFAULT_LIMITS", "ReadLimits", "check_before_open", "check_csv_record",
           "check_file_size", "check_csv_text", "check_extent", "check_sheet", "check_zip",
           "column_letter", "column_number"]

_MIB = 1024 * 1024
_CHUNK = _MIB


@dataclass(frozen=True)
class ReadLimits:
    """How large a file :func:`~matcher.io.read_table` accepts.

    The defaults fit a cohort of 100,000 students with room to spare, and refuse what no
    cohort file needs.

    Attributes
    ----------
    max_rows:
        Rows of the sheet read, blank rows and the header included (declared or actual):
        200,000, twice the 100,000 students a run is sized for.
    max_columns:
        Columns, up to the last cell that holds anything: 2,000 (a form with a ranking grid
        over 1,000 project ideas has about that many).
    max_cells:
        Rows x columns of the dense range a reader builds: 20,000,000 (100,000 students with
        200 columns); about 1 GB in the spreadsheet reader, which stores every cell of the range.
    max_file_bytes:
        Size of the file itself: 256 MiB.
    max_uncompressed_bytes:
        Sum of the sizes of a spreadsheet's zip members once inflated: 1 GiB.
    max_ratio:
        Inflated / compressed size of one zip member over 1 MiB: 200 (spreadsheet XML
        compresses 5 to 30 times; a zip bomb thousands of times).
    max_members:
        Members of a spreadsheet's zip archive: 10,000.
    child_memory_bytes:
        Address-space limit of the child process that parses a workbook no scan can bound
        (``.xls``): 2 GiB (a full .xls sheet, 65,536 x 256 cells, needs about 1 GiB).
    child_seconds:
        Wall-clock limit of that child: 300 s.
    isolate:
        ``"auto"``: parse in a child process only the formats no scan bounds (``.xls``);
        ``"always"``: every spreadsheet; ``"never"``: none (trusted files, tests).
    """

    max_rows: int = 200_000
    max_columns: int = 2_000
    max_cells: int = 20_000_000
    max_file_bytes: int = 256 * _MIB
    max_uncompressed_bytes: int = 1024 * _MIB
    max_ratio: int = 200
    max_members: int = 10_000
    child_memory_bytes: int = 2048 * _MIB
    child_seconds: float = 300.0
    isolate: Literal["auto", "always", "never"] = "auto"


DEFAULT_LIMITS = ReadLimits()

_HINT = ("a cohort file is far smaller: save only the data, or raise the limit with "
         "ReadLimits in the library or [input] in the config")


def _refuse(name: str, message: str, **where: object) -> InputError:
    return InputError(message, file=name, hint=tr(_HINT), **where)  # type: ignore[arg-type]


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (``0`` -> ``"A"``, ``27`` -> ``"AB"``)."""
    letters = ""
    index += 1
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """1-based number of a column's letters (``"A"`` -> 1, ``"XFD"`` -> 16384)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def check_extent(name: str, rows: int, columns: int, limits: ReadLimits,
                 what: str = "") -> None:
    """Refuse ``rows`` x ``columns`` (1-based extents of a sheet) beyond ``limits``.

    ``what`` says where the figures come from (``"declared"``, a cell reference...), for the
    message.
    """
    origin = f" ({what})" if what else ""
    if rows > limits.max_rows:
        raise _refuse(name, tr("the sheet reaches row {rows:,}{origin}; the limit is {limit:,} "
                               "rows", rows=rows, origin=origin, limit=limits.max_rows),
                      row=rows)
    if columns > limits.max_columns:
        raise _refuse(name, tr("the sheet reaches column {letter} ({columns:,}){origin}; the "
                               "limit is {limit:,} columns", letter=column_letter(columns - 1),
                               columns=columns, origin=origin, limit=limits.max_columns),
                      column=column_letter(columns - 1))
    if rows * columns > limits.max_cells:
        raise _refuse(name, tr("the sheet spans {rows:,} rows x {columns:,} columns = "
                               "{cells:,} cells{origin}; the limit is {limit:,} cells",
                               rows=rows, columns=columns, cells=rows * columns,
                               origin=origin, limit=limits.max_cells))


# --------------------------------------------------------------------------- CSV


def check_file_size(name: str, size: int, limits: ReadLimits) -> None:
    """Refuse a file of ``size`` bytes beyond ``limits.max_file_bytes``."""
    if size > limits.max_file_bytes:
        raise _refuse(name, tr("the file is {size:,} bytes; the limit is {limit:,} bytes",
                               size=size, limit=limits.max_file_bytes))


def check_csv_text(name: str, text: str, delimiter: str, limits: ReadLimits) -> None:
    """Refuse a CSV text that may hold more cells or rows than ``limits`` allow.

    Counts delimiters and line breaks (quoted ones too: an upper bound of the cells), at C
    speed, before the records are built.
    """
    cells = text.count(delimiter) + text.count("\n") + 1
    if cells > limits.max_cells:
        raise _refuse(name, tr("the file may hold {cells:,} cells; the limit is {limit:,} "
                               "cells", cells=cells, limit=limits.max_cells))


def check_csv_record(name: str, number: int, width: int, limits: ReadLimits) -> None:
    """Refuse record ``number`` (its row) of ``width`` cells beyond ``limits``."""
    if number > limits.max_rows:
        raise _refuse(name, tr("the file reaches row {row:,}; the limit is {limit:,} rows",
                               row=number, limit=limits.max_rows), row=number)
    if width > limits.max_columns:
        raise _refuse(name, tr("the row has {columns:,} cells; the limit is {limit:,} columns",
                               columns=width, limit=limits.max_columns), row=number)


# --------------------------------------------------------------------------- zip


def check_zip(name: str, data: bytes, limits: ReadLimits) -> zipfile.ZipFile | None:
    """Check a spreadsheet's zip directory: member count, declared inflated sizes, ratios.

    Returns the open archive (for the sheet scans), or ``None`` when ``data`` is not a zip
    archive the standard library can read (the spreadsheet reader then says why).
    """
    check_file_size(name, len(data), limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise _refuse(name, tr("the archive holds {count:,} files; the limit is {limit:,}",
                               count=len(members), limit=limits.max_members))
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.max_uncompressed_bytes:
            raise _refuse(name, tr("the archive inflates to more than {limit:,} bytes",
                                   limit=limits.max_uncompressed_bytes))
        _check_ratio(name, member.filename, member.file_size, member.compress_size, limits)
    return archive


def _check_ratio(name: str, member: str, size: int, compressed: int,
                 limits: ReadLimits) -> None:
    if size > _MIB and size > limits.max_ratio * max(compressed, 1):
        raise _refuse(name, tr("{member} inflates {ratio:,} times ({size:,} bytes); the limit "
                               "is {limit:,} times", member=member,
                               ratio=size // max(compressed, 1), size=size,
                               limit=limits.max_ratio))


def _stream(name: str, archive: zipfile.ZipFile, member: str,
            limits: ReadLimits) -> Iterator[bytes]:
    """The inflated bytes of ``member`` in chunks, refused past the declared limits even if
    the directory lies about its size."""
    info = archive.getinfo(member)
    seen = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                seen += len(chunk)
                if seen > limits.max_uncompressed_bytes:
                    raise _refuse(name, tr("the archive inflates to more than {limit:,} bytes",
                                           limit=limits.max_uncompressed_bytes))
                _check_ratio(name, member, seen, info.compress_size, limits)
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
            ValueError, zlib.error, lzma.LZMAError) as exc:  # corrupt member: the reader says why
        raise _Unreadable from exc


class _Unreadable(Exception):
    """A member the scan cannot inflate: left to the spreadsheet reader's own message."""


def _tags(name: str, archive: zipfile.ZipFile, member: str, limits: ReadLimits,
          ) -> Iterator[bytes]:
    """Chunks of ``member`` cut after a ``>``, so that no tag straddles two chunks (a tag
    longer than a chunk is cut anyway: the scan's bounds stay conservative)."""
    carry = b""
    for chunk in _stream(name, archive, member, limits):
        chunk = carry + chunk
        cut = chunk.rfind(b">") + 1
        if cut == 0 and len(chunk) < 4 * _CHUNK:
            carry = chunk
            continue
        cut = cut or len(chunk)
        carry = chunk[cut:]
        yield chunk[:cut]
    if carry:
        yield carry


# --------------------------------------------------------------------------- xlsx

_SHEET_RE = re.compile(rb"<(?:[\w.-]+:)?sheet\b[^>]*>")
_ATTR_RE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DIMENSION_RE = re.compile(
    rb"""<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*["']([^"']*)["']""")
_REF_RE = re.compile(rb"""\$?([A-Za-z]{1,3})\$?([0-9]{1,10})""")
#: a cell's position attribute, ``r="XFD1048576"`` (an empty, self-closing cell that only
#: carries a format counts too: the reader stretches its range to it); a row's, in a row that
#: is not empty (the reader skips an empty ``<row r="9" s="2" customFormat="1"/>``)
_CELL_REF_RE = re.compile(
    rb"""<(?:[\w.-]+:)?c\s[^>]*?(?<![\w:.-])r\s*=\s*["']\$?([A-Za-z]{1,3})\$?([0-9]{1,10})"""
    rb"""["']""")
_CELL_TAG_RE = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_CELL_PLACED_RE = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?(?<![\w:.-])r\s*=")
_ROW_REF_RE = re.compile(
    rb"""<(?:[\w.-]+:)?row\s[^>]*?(?<![\w:.-])r\s*=\s*["']([0-9]{1,10})["'][^>]*(?<!/)>""")
_ROW_TAG_RE = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
_ROW_PLACED_RE = re.compile(rb"<(?:[\w.-]+:)?row\s[^>]*?(?<![\w:.-])r\s*=")


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTR_RE.finditer(tag)}


def xlsx_sheet_member(archive: zipfile.ZipFile, index: int) -> str | None:
    """The zip member of the ``index``-th sheet of a workbook (``xl/worksheets/sheet1.xml``),
    from ``xl/workbook.xml`` and its relationships; ``None`` when they do not say."""
    names = set(archive.namelist())
    workbook = next((n for n in ("xl/workbook.xml", "xl/workbook.bin") if n in names), None)
    rels = "xl/_rels/workbook.xml.rels" if workbook == "xl/workbook.xml" else \
        "xl/_rels/workbook.bin.rels"
    if workbook is None or rels not in names or workbook.endswith(".bin"):
        return None
    for member in (workbook, rels):
        if archive.getinfo(member).file_size > 16 * _MIB:
            return None
    sheets = [_attributes(tag) for tag in _SHEET_RE.findall(archive.read(workbook))]
    if index >= len(sheets):
        return None
    rid = next((v for k, v in sheets[index].items() if k.endswith(b":id")), None)
    targets = {}
    for tag in re.findall(rb"<(?:[\w.-]+:)?Relationship\b[^>]*>", archive.read(rels)):
        attrs = _attributes(tag)
        targets[attrs.get(b"Id")] = attrs.get(b"Target", b"").decode("utf-8", "replace")
    target = targets.get(rid)
    if not target:
        return None
    target = target.lstrip("/") if target.startswith("/") else "xl/" + target
    parts: list[str] = []
    for part in target.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    member = "/".join(parts)
    return member if member in names else None


_ROOT_RE = re.compile(rb"<([\w.-]+:)?worksheet\b")
_SEPARATORS = (b" ", b">", b"/", b"\t", b"\n", b"\r")


class _SheetScan:
    """The running bounds of one worksheet's XML, chunk by chunk.

    The common spelling (``<c r="B7"``, ``<row r="7"``, with the sheet's own namespace prefix)
    is matched by literal-prefixed expressions and counted with ``bytes.count``; a chunk
    where some tags are spelled otherwise (attributes reordered, single quotes, spaces around
    ``=``, no position) is matched again by the general expressions.
    """

    def __init__(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        self.cell_tags = [b"<" + prefix + b"c" + sep for sep in _SEPARATORS]
        self.row_tags = [b"<" + prefix + b"row" + sep for sep in _SEPARATORS]
        self.fast_cell = re.compile(b'<' + p + rb'c r="([A-Z]{1,3})([0-9]{1,10})"')
        self.fast_row = re.compile(b'<' + p + rb'row r="([0-9]{1,10})"')
        self.max_row = self.max_col = self.max_row_ref = 0
        self.unplaced_cells = self.unplaced_rows = 0  # one further than the last, each

    def feed(self, chunk: bytes) -> list[tuple[bytes, bytes]]:
        """Account for ``chunk``; its cell references."""
        cells = sum(chunk.count(tag) for tag in self.cell_tags)
        refs = self.fast_cell.findall(chunk)
        if len(refs) < cells:
            refs = _CELL_REF_RE.findall(chunk)
            self.unplaced_cells += cells - len(_CELL_PLACED_RE.findall(chunk))
        if refs:
            self.max_row = max(self.max_row, max(map(int, (d for _, d in refs))))
            widest = max({letters.upper() for letters, _ in refs}, key=lambda s: (len(s), s))
            self.max_col = max(self.max_col, column_number(widest.decode()))
        rows = sum(chunk.count(tag) for tag in self.row_tags)
        numbers = self.fast_row.findall(chunk)
        if len(numbers) < rows:
            numbers = _ROW_REF_RE.findall(chunk)
            self.unplaced_rows += rows - len(_ROW_PLACED_RE.findall(chunk))
        if numbers:  # where the unplaced cells of a numbered row go
            self.max_row_ref = max(self.max_row_ref, max(map(int, numbers)))
        return refs

    def bounds(self) -> tuple[int, int]:
        """Conservative (rows, columns) of the range the reader builds so far."""
        rows = max(self.max_row, self.max_row_ref if self.unplaced_cells else 0)
        return rows + self.unplaced_rows, self.max_col + self.unplaced_cells


def check_xlsx_sheet(name: str, archive: zipfile.ZipFile, member: str,
                     limits: ReadLimits) -> None:
    """Refuse a worksheet whose declared ``<dimension ref>`` or whose cells pass ``limits``.

    The sheet's XML is streamed in 1 MiB chunks; positions are read with regular expressions
    (no tree is built). Cells and rows without a position count one further than the last
    known one, so the bounds are conservative; a row's number counts only when some cell has
    no position of its own (the reader places such a cell on its row).
    """
    scan: _SheetScan | None = None
    try:
        for chunk in _tags(name, archive, member, limits):
            if scan is None:
                root = _ROOT_RE.search(chunk)
                scan = _SheetScan(root.group(1) or b"" if root else b"")
                declared = _DIMENSION_RE.search(chunk)
                if declared:
                    ends = _REF_RE.findall(declared.group(1))
                    if ends:
                        letters, digits = ends[-1]
                        check_extent(name, int(digits), column_number(letters.decode()),
                                     limits, tr("declared {ref}",
                                                ref=declared.group(1).decode("ascii",
                                                                             "replace")))
            refs = scan.feed(chunk)
            rows, columns = scan.bounds()
            if rows > limits.max_rows or columns > limits.max_columns:
                _refuse_cells(name, rows, columns, refs, limits)
    except _Unreadable:
        return
    if scan is not None:
        check_extent(name, *scan.bounds(), limits)


def _refuse_cells(name: str, rows: int, columns: int, refs: list[tuple[bytes, bytes]],
                  limits: ReadLimits) -> None:
    """Name the first cell beyond the limits when there is one, else the bounds."""
    for letters, digits in refs:
        row, column = int(digits), column_number(letters.decode())
        if row > limits.max_rows or column > limits.max_columns:
            ref = letters.decode().upper() + digits.decode()
            check_extent(name, row, column, limits, tr("cell {ref}", ref=ref))
    check_extent(name, rows, columns, limits)


# --------------------------------------------------------------------------- ods

_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SEP = "\x01"


class _OdsExtent:
    """Streaming bounds of every table of an ODS ``content.xml`` (expat events).

    Model: a row repeated ``r`` times advances the row count by ``r``; a cell repeated ``c``
    times advances the column by ``c``; the extent is the last row and column holding a
    value (a value type or a text paragraph), as the spreadsheet reader builds it.
    """

    def __init__(self, name: str, limits: ReadLimits) -> None:
        self.name, self.limits = name, limits
        self.depth = 0  # nesting of tables (a table inside a cell's frame counts no rows)
        self.inside = False
        self.row = 0  # rows before the current row
        self.repeat = 1
        self.column = 0
        self.cell_repeat = 1
        self.cell_full = False
        self.row_last = 0  # last non-empty column of the current row
        self.max_row = self.max_col = 0
        self.in_cell = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == f"{_TABLE_NS}{_SEP}table":
            self.depth += 1
            if self.depth == 1:
                self.inside = True
                self.row = 0
            return
        if not self.inside or self.depth != 1:
            return
        if tag == f"{_TABLE_NS}{_SEP}table-row":
            self.repeat = _count(attrs.get(f"{_TABLE_NS}{_SEP}number-rows-repeated"))
            self.column = 0
            self.row_last = 0
        elif tag in (f"{_TABLE_NS}{_SEP}table-cell", f"{_TABLE_NS}{_SEP}covered-table-cell"):
            self.in_cell = True
            self.cell_repeat = _count(attrs.get(f"{_TABLE_NS}{_SEP}number-columns-repeated"))
            self.cell_full = f"{_OFFICE_NS}{_SEP}value-type" in attrs
        elif self.in_cell and tag == f"{_TEXT_NS}{_SEP}p":
            self.cell_full = True

    def end(self, tag: str) -> None:
        if tag == f"{_TABLE_NS}{_SEP}table":
            self.depth -= 1
            if self.depth == 0:
                self.inside = False
            return
        if not self.inside or self.depth != 1:
            return
        if tag in (f"{_TABLE_NS}{_SEP}table-cell", f"{_TABLE_NS}{_SEP}covered-table-cell"):
            self.in_cell = False
            self.column += self.cell_repeat
            if self.cell_full:
                self.row_last = self.column
                if self.column > self.limits.max_columns:
                    self._check(self.row + 1, self.column)
        elif tag == f"{_TABLE_NS}{_SEP}table-row":
            self.row += self.repeat
            if self.row_last:
                self.max_row = self.row
                self.max_col = max(self.max_col, self.row_last)
                self._check(self.max_row, self.max_col)

    def _check(self, rows: int, columns: int) -> None:
        check_extent(self.name, rows, columns, self.limits)


def _count(text: str | None) -> int:
    if not text:
        return 1
    try:
        return max(int(text), 1)
    except ValueError:
        return 1


class _Doctype(Exception):
    pass


def check_ods(name: str, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Refuse an ODS file any of whose tables reaches past ``limits`` once its repeated rows
    and columns (``table:number-rows-repeated``, ``-columns-repeated``) are counted: the
    spreadsheet reader builds every table when it opens the file."""
    from xml.parsers import expat

    if "content.xml" not in archive.namelist():
        return
    extent = _OdsExtent(name, limits)
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True

    def no_doctype(*_: object) -> None:
        raise _Doctype

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.StartElementHandler = extent.start
    parser.EndElementHandler = extent.end
    try:
        for chunk in _stream(name, archive, "content.xml", limits):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Doctype:
        raise InputError(tr("the spreadsheet's content declares a DTD, which no spreadsheet "
                            "program writes"), file=name) from None
    except (_Unreadable, expat.ExpatError):
        return  # malformed: the spreadsheet reader says why
    check_extent(name, extent.max_row, extent.max_col, limits)


# --------------------------------------------------------------------------- xlsb

_XLSB_ROW_HDR = 0
_XLSB_CELLS = frozenset(range(1, 12)) | {13, 14, 15, 16}  # BrtCellBlank..BrtShortIsst
_XLSB_DIMENSION = 148  # BrtWsDim


def _varint(data: bytes, pos: int, size: int) -> tuple[int, int]:
    value = shift = 0
    for _ in range(size):
        if pos >= len(data):
            raise _Unreadable
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value, pos


def check_xlsb_sheet(name: str, archive: zipfile.ZipFile, member: str,
                     limits: ReadLimits) -> None:
    """Refuse an ``.xlsb`` worksheet whose declared dimension (``BrtWsDim``) or whose row and
    cell records (``BrtRowHdr``, ``BrtCell*``) pass ``limits``.

    The records of ``member`` are read in order (type and size are variable-length
    integers); a cell record's first four bytes are its 0-based column.
    """
    try:
        data = b"".join(_stream(name, archive, member, limits))
        pos = 0
        row = max_row = max_col = 0
        while pos < len(data):
            kind, pos = _varint(data, pos, 2)
            size, pos = _varint(data, pos, 4)
            body = data[pos:pos + size]
            pos += size
            if kind == _XLSB_DIMENSION and len(body) >= 16:
                _, last_row, _, last_col = struct.unpack_from("<IIII", body)
                check_extent(name, last_row + 1, last_col + 1, limits, tr("declared"))
            elif kind == _XLSB_ROW_HDR and len(body) >= 4:
                row = struct.unpack_from("<I", body)[0] + 1
            elif kind in _XLSB_CELLS and len(body) >= 4:
                column = struct.unpack_from("<I", body)[0] + 1
                if row > max_row or column > max_col:
                    max_row, max_col = max(max_row, row), max(max_col, column)
                    if max_row > limits.max_rows or max_col > limits.max_columns:
                        check_extent(name, max_row, max_col, limits)
    except _Unreadable:
        return
    check_extent(name, max_row, max_col, limits)


# --------------------------------------------------------------------------- dispatch


def _worksheets(archive: zipfile.ZipFile, suffix: str) -> list[str]:
    return [n for n in archive.namelist()
            if n.startswith("xl/worksheets/") and n.endswith(suffix) and n.count("/") == 2]


def check_before_open(name: str, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    """The checks due before the spreadsheet reader opens ``archive``: an ODS file's tables
    and an ``.xlsb`` workbook's worksheets (the reader may build them all); an ``.xlsx``
    sheet is checked once chosen (:func:`check_sheet`)."""
    names = set(archive.namelist())
    if "content.xml" in names:
        check_ods(name, archive, limits)
    elif "xl/workbook.bin" in names:
        for member in _worksheets(archive, ".bin"):
            check_xlsb_sheet(name, archive, member, limits)


def check_sheet(name: str, archive: zipfile.ZipFile, index: int | None,
                limits: ReadLimits) -> None:
    """The checks of the ``index``-th sheet of an ``.xlsx``/``.xlsm`` workbook, before the
    reader builds it: that sheet's part, or every worksheet part when ``index`` is ``None``
    or the workbook does not say which part it is."""
    if "xl/workbook.xml" not in set(archive.namelist()):
        return
    member = xlsx_sheet_member(archive, index) if index is not None else None
    for part in [member] if member else _worksheets(archive, ".xml"):
        check_xlsx_sheet(name, archive, part, limits)
