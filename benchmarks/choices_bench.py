"""Choices first against the plain weighted sum, on the held-out cohort families.

For each family (``matcher sample --family skewed|optional|mixed``, 300 students x 36 ideas),
the installed ``matcher solve`` runs twice in a subprocess, as organisers run it, its
``--summary`` read back: by default (choices first) and with ``--no-choices-first`` (the plain
weighted sum). Per run: the students on an idea they did not rank against the proven minimum
(the choices-first run's, the same cohort's for both), the ideas opened (optional ones among
them), the mean distinct disciplines and institutions per team, the price of diversity
(students moved down, ranks lost against the preference-only optimum, choices first only),
the status and the search time.

Usage::

    python benchmarks/choices_bench.py --smoke      # CI: 60 x 10, two families, about 15 s
    python benchmarks/choices_bench.py              # 300 x 36, three families, 60 s limits

Writes ``<out>/choices.md`` (``<out>/choices_smoke.md`` with ``--smoke``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

COLUMNS = ["family", "objective", "status", "unranked", "proven_minimum", "ideas_opened",
           "optional_opened", "disciplines_per_team", "institutions_per_team",
           "moved_down", "ranks_lost", "solve_s", "wall_s"]


def matcher(*args: str) -> list[str]:
    return [sys.executable, "-m", "matcher", *args]


def solve(students: Path, projects: Path, work: Path, tag: str, limit: float, workers: int,
          choices_first: bool) -> dict[str, object]:
    """One ``matcher solve`` subprocess; its row (without the family)."""
    teams, summary = work / f"{tag}.csv", work / f"{tag}.json"
    cmd = matcher("solve", str(students), str(projects), "-o", str(teams), "--summary",
                  str(summary), "-t", str(limit), "--workers", str(workers), "--quiet",
                  "--explain-time", "0")
    if not choices_first:
        cmd.append("--no-choices-first")
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, timeout=limit * 3 + 60)
    wall = time.perf_counter() - t0
    data = json.loads(summary.read_text(encoding="utf-8"))
    choices, figures = data["choices"], data["figures"]
    price = choices["price_of_diversity"] or {}
    return {
        "objective": "choices first" if choices_first else "plain sum",
        "status": data["status"], "unranked": choices["unranked"],
        "proven_minimum": choices["unranked_minimum"],
        "ideas_opened": figures["teams"], "optional_opened":
            f"{choices['optional_opened']} of {choices['optional_ideas']}",
        "disciplines_per_team": round(figures["mean_disciplines"], 2),
        "institutions_per_team": round(figures["mean_institutions"], 2),
        "moved_down": price.get("students_moved_down", ""),
        "ranks_lost": price.get("ranks_lost", ""),
        "solve_s": round(data["wall_time_s"], 1), "wall_s": round(wall, 1)}


def run(families: list[str], n: int, m: int, seed: int, limit: float, workers: int,
        work: Path) -> list[dict[str, object]]:
    rows = []
    for family in families:
        cohort = work / family
        subprocess.run(matcher("sample", "--students", str(n), "--projects", str(m), "--seed",
                               str(seed), "--family", family, "-o", str(cohort), "--force"),
                       check=True, capture_output=True)
        first = solve(cohort / "students.csv", cohort / "projects.csv", work,
                      f"{family}-first", limit, workers, True)
        plain = solve(cohort / "students.csv", cohort / "projects.csv", work,
                      f"{family}-plain", limit, workers, False)
        plain["proven_minimum"] = first["proven_minimum"]  # the same cohort's
        rows += [{"family": family, **first}, {"family": family, **plain}]
        print(family, first, plain, file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write its Markdown table."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smoke", action="store_true", help="60 x 10, two families, 10 s limits")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--time-limit", type=float, default=None)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    if args.smoke:
        families, n, m, limit = ["skewed", "mixed"], 60, 10, 10.0
    else:
        families, n, m, limit = ["skewed", "optional", "mixed"], 300, 36, 60.0
    limit = args.time_limit or limit
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(families, n, m, args.seed, limit, args.workers, Path(tmp))
    lines = [f"Choices first against the plain weighted sum: {n} x {m}, seed {args.seed}, "
             f"{limit:g} s limits, {args.workers} workers (benchmarks/choices_bench.py"
             f"{' --smoke' if args.smoke else ''}).", "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in COLUMNS) + " |" for r in rows]
    name = "choices_smoke.md" if args.smoke else "choices.md"
    (args.out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
