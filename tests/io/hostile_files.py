"""Tiny hostile spreadsheets and CSV files, built in the test (no binary blobs).

Each builder returns the bytes of a file a few KB long that asks a naive reader for far more
rows, columns or memory than it is worth: a cell at ``XFD1048576``, a row repeated a million
times, a zip member that inflates a thousandfold.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def xlsx_cell(ref: str, value: str) -> str:
    """One inline-string cell of a worksheet."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def xlsx(rows: Iterable[tuple[int | None, str]], dimension: str | None = None,
         padding: int = 0) -> bytes:
    """A one-sheet workbook whose ``<sheetData>`` holds ``rows``: (row number or ``None`` for a
    row without ``r``, the row's cells as XML). ``padding`` bytes of spaces after the data
    make a member that inflates a lot."""
    body = "".join(f'<row r="{n}">{cells}</row>' if n is not None else f"<row>{cells}</row>"
                   for n, cells in rows)
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"{dim}<sheetData>{body}</sheetData>{' ' * padding}</worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def xlsx_far_cell(ref: str = "XFD1048576") -> bytes:
    """A header in A1 and one value at ``ref``: the dense range spans both."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    return xlsx([(1, xlsx_cell("A1", "id")), (row, xlsx_cell(ref, "x"))],
                dimension=f"A1:{ref}")


def ods(rows_xml: str) -> bytes:
    """A one-table OpenDocument spreadsheet whose table holds ``rows_xml``."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f"{rows_xml}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def ods_cell(text: str, repeat: int = 1) -> str:
    """One string cell, repeated ``repeat`` times across."""
    rep = f' table:number-columns-repeated="{repeat}"' if repeat != 1 else ""
    return (f'<table:table-cell office:value-type="string"{rep}>'
            f"<text:p>{text}</text:p></table:table-cell>")


def ods_row(cells: str, repeat: int = 1) -> str:
    """One row of ``cells``, repeated ``repeat`` times down."""
    rep = f' table:number-rows-repeated="{repeat}"' if repeat != 1 else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


def ods_repeated_rows(times: int = 1_000_000) -> bytes:
    """A header row, then one data row repeated ``times`` times."""
    return ods(ods_row(ods_cell("id") + ods_cell("name"))
               + ods_row(ods_cell("S1") + ods_cell("Ann"), repeat=times))


def ods_repeated_columns(times: int = 1_000_000) -> bytes:
    """A header row whose one cell is repeated ``times`` times across."""
    return ods(ods_row(ods_cell("id", repeat=times)) + ods_row(ods_cell("S1")))


def csv_wide(columns: int) -> bytes:
    """A header of ``columns`` names and one row."""
    header = ",".join(f"c{i}" for i in range(columns))
    return (header + "\n" + ",".join("1" for _ in range(columns)) + "\n").encode()


def csv_long(rows: int) -> bytes:
    """An ``id`` column and ``rows`` records."""
    return ("id\n" + "".join(f"S{i}\n" for i in range(rows))).encode()
