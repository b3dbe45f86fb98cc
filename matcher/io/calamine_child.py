"""The child process of :mod:`matcher.io.isolated`: a script that imports nothing of
:mod:`matcher` (so it starts in tens of milliseconds), limits its own address space, and reads
one sheet with python-calamine.

Standard input (pickle): ``(data, sheet, memory_bytes, max_rows, max_columns, max_cells)``.
Standard output (pickle), one of:

- ``("rows", titles, index, rows)``: the raw cell values of the sheet, from row 1;
- ``("titles", titles, kinds)``: ``sheet`` is not a sheet title: the parent matches it loosely
  and asks again with an exact title;
- ``("extent", rows, columns)``: the sheet the reader built is past the limits;
- ``("password", message)`` or ``("unreadable", message)``: the reader refused the file.

A native abort or a failed allocation ends the process: the parent reads its exit status.
"""

from __future__ import annotations

import io
import pickle
import resource
import sys


def _answer(data: bytes, sheet: str | None, max_rows: int, max_columns: int,
            max_cells: int) -> tuple[object, ...]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as exc:
        return ("password", str(exc))
    except BaseException as exc:  # noqa: BLE001 - a panic in the reader is a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return ("unreadable", str(exc))
    try:
        titles = list(workbook.sheet_names)
        kinds = [str(meta.typ) for meta in workbook.sheets_metadata]
        if not titles:
            return ("titles", titles, kinds)
        if sheet is None:
            index = next((i for i, kind in enumerate(kinds) if kind.endswith("WorkSheet")), 0)
        elif sheet in titles:
            index = titles.index(sheet)
        else:
            return ("titles", titles, kinds)
        found = workbook.get_sheet_by_index(index)
        end = found.end
        if end is not None:
            rows, columns = end[0] + 1, end[1] + 1
            if rows > max_rows or columns > max_columns or rows * columns > max_cells:
                return ("extent", rows, columns)
        return ("rows", titles, index, found.to_python(skip_empty_area=False))
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return ("unreadable", str(exc))
    finally:
        workbook.close()


def main() -> None:
    data, sheet, memory, max_rows, max_columns, max_cells = pickle.loads(
        sys.stdin.buffer.read())
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        answer = _answer(data, sheet, max_rows, max_columns, max_cells)
    except MemoryError:
        sys.exit(3)
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()
