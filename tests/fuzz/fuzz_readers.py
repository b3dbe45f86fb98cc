"""Coverage-guided fuzzing of the readers with atheris (on demand, not in the test suite).

    .venv/bin/pip install atheris
    .venv/bin/python tests/fuzz/fuzz_readers.py -max_total_time=180 -rss_limit_mb=2048 \
        tests/fuzz/corpus

The first byte of an input picks the format (CSV, .xlsx, .ods, .xlsb, .xls), the rest is the
file. The property is the suite's: :func:`~matcher.io.read_table` returns a table within its
limits or raises :class:`~matcher.errors.InputError`; anything else (another exception, an
abort, memory past ``-rss_limit_mb``) is a finding, which atheris writes to ``crash-*``: keep it
as a regular test in ``tests/io``. The corpus is seeded with the hostile files of
``tests/io/hostile_files.py`` and the workbooks of ``tests/data/forms``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "io"))

with atheris.instrument_imports():
    from matcher.errors import InputError
    from matcher.io.limits import ReadLimits
    from matcher.io.table import read_table

EXTENSIONS = (".csv", ".xlsx", ".ods", ".xlsb", ".xls")
LIMITS = ReadLimits(max_rows=5_000, max_columns=200, max_cells=200_000,
                    child_memory_bytes=1024 * 2**20)  # .xls in a child, as by default


def one_input(data: bytes) -> None:
    if not data:
        return
    ext = EXTENSIONS[data[0] % len(EXTENSIONS)]
    try:
        table = read_table(data[1:], name="fuzz" + ext, limits=LIMITS)
    except InputError:
        return
    assert len(table.columns) <= LIMITS.max_columns
    assert max(table.rows, default=1) <= LIMITS.max_rows


def seed(corpus: Path) -> None:
    """Write the seed inputs (format byte + file) into ``corpus`` once."""
    import hostile_files as h

    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    seeds = {
        "far.xlsx": h.xlsx_far_cell("AB3000"),
        "ok.xlsx": h.xlsx([(1, h.xlsx_cell("A1", "id")), (2, h.xlsx_cell("A2", "S1"))]),
        "rows.ods": h.ods_repeated_rows(50),
        "cols.ods": h.ods_repeated_columns(30),
        "ok.csv": b"id;name\nS1;Ann\n",
    }
    forms = HERE.parent / "data" / "forms"
    for path in forms.glob("*.*"):
        if path.suffix in EXTENSIONS:
            seeds[path.name] = path.read_bytes()
    for name, content in seeds.items():
        ext = os.path.splitext(name)[1]
        (corpus / name).write_bytes(bytes([EXTENSIONS.index(ext)]) + content)


if __name__ == "__main__":
    corpora = [a for a in sys.argv[1:] if not a.startswith("-")]
    if corpora:
        seed(Path(corpora[0]))
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
