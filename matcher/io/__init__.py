"""File handling: read CSV and spreadsheets into clean tables, write outputs safely.

Reading: :func:`read_table` turns a CSV (any of ``,``/``;``/tab, UTF-8/cp1252/Latin-1) or a
spreadsheet (XLSX, XLS, XLSB, ODS), given as a path, bytes, a file object or a DataFrame, into a
:class:`Table` of trimmed text records keyed by canonical column names.
Writing: :func:`write_csv` and :func:`write_xlsx` write atomically and neutralise text that a
spreadsheet would run as a formula; :func:`refuse_overwrite_input` guards the inputs.
"""

from matcher.io.table import (
    CSV_EXTENSIONS,
    SPREADSHEET_EXTENSIONS,
    XLSX_EXTENSIONS,
    Source,
    Table,
    choice_columns,
    column_letter,
    normalize_header,
    read_table,
    source_label,
)
from matcher.io.write import (
    atomic_write_bytes,
    atomic_write_text,
    neutralize,
    refuse_overwrite_input,
    write_csv,
    write_xlsx,
)

__all__ = [
    "CSV_EXTENSIONS",
    "SPREADSHEET_EXTENSIONS",
    "XLSX_EXTENSIONS",
    "Source",
    "Table",
    "atomic_write_bytes",
    "atomic_write_text",
    "choice_columns",
    "column_letter",
    "neutralize",
    "normalize_header",
    "read_table",
    "refuse_overwrite_input",
    "source_label",
    "write_csv",
    "write_xlsx",
]
