"""Per export of tests/data/exports/: does it run as exported, with how many warnings, in
how long (reading, then solving).

Usage::

    python benchmarks/exports_bench.py            # read and solve each export (10 s cap)
    python benchmarks/exports_bench.py --smoke    # the same, solves capped at 2 s (CI)

Prints a Markdown table (the README's "Exports as they come"), writes it to
``OUT/exports.md`` (``--out``, default ``benchmarks/results``), and exits 1 when an export
does not run as exported.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

from matcher import read_problem, solve
from matcher.errors import InputError, InputWarning

EXPORTS = Path(__file__).resolve().parents[1] / "tests" / "data" / "exports"
#: Export file -> what produced it.
CORPUS: dict[str, str] = {
    "google_forms_fr_grille.csv": "Google Forms (FR), ranking grid, answered twice",
    "microsoft_forms.xlsx": "Microsoft Forms (FR), ranking question",
    "limesurvey.csv": "LimeSurvey (FR), ranking [Rang N]",
    "excel_fr.csv": "Excel FR: ';', decimal comma, cp1252, '&' and ' - ' in titles",
}


def run(name: str, time_limit: float) -> tuple[str, str, int, float]:
    """(export, runs as exported, warnings, seconds) for one export."""
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            problem = read_problem(EXPORTS / name, EXPORTS / "projets.csv")
            solve(problem, time_limit=time_limit, workers=1)
            ok = "yes"
        except InputError as e:
            ok = f"no ({len(getattr(e, 'errors', [e]))} errors)"
    count = sum(isinstance(w.message, InputWarning) for w in caught)
    return name, ok, count, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="solves capped at 2 s (CI)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results",
                        help="where exports.md is written (default: benchmarks/results)")
    args = parser.parse_args()
    limit = 2.0 if args.smoke else 10.0
    lines = ["| export | produced by | runs as exported | warnings | time (read + solve) |",
             "|---|---|---|---|---|"]
    failed = 0
    for name, origin in CORPUS.items():
        _, ok, count, seconds = run(name, limit)
        failed += ok != "yes"
        lines.append(f"| `{name}` | {origin} | {ok} | {count} | {seconds:.2f} s |")
    table = "\n".join(lines) + "\n"
    print(table, end="")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "exports.md").write_text(table, encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
