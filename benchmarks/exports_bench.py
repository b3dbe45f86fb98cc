"""Per export of tests/data/exports/: does it run as exported, with how many warnings, in
how long (reading, then solving).

Usage::

    python benchmarks/exports_bench.py            # read and solve each export (10 s cap)
    python benchmarks/exports_bench.py --smoke    # read only

Prints a Markdown table (the README's "Exports as they come").
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


def run(name: str, smoke: bool) -> tuple[str, str, int, float]:
    """(export, runs as exported, warnings, seconds) for one export."""
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            problem = read_problem(EXPORTS / name, EXPORTS / "projets.csv")
            if not smoke:
                solve(problem, time_limit=10, workers=1)
            ok = "yes"
        except InputError as e:
            ok = f"no ({len(getattr(e, 'errors', [e]))} errors)"
    count = sum(isinstance(w.message, InputWarning) for w in caught)
    return name, ok, count, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="read only, do not solve")
    args = parser.parse_args()
    what = "read" if args.smoke else "read + solve"
    print(f"| export | produced by | runs as exported | warnings | time ({what}) |")
    print("|---|---|---|---|---|")
    for name, origin in CORPUS.items():
        _, ok, count, seconds = run(name, args.smoke)
        print(f"| `{name}` | {origin} | {ok} | {count} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
