"""Every term has a fast path: ``matcher solve`` on sampled cohorts with each term family that
used to switch the heuristics off, as an organiser runs it (the installed command in a
subprocess, ``--summary`` read back, the teams re-checked with :func:`matcher.check`).

Families (each a TOML config on ``matcher sample``'s cohort):

- ``pairwise``: pairwise dissimilarity (discipline and institution, 100 per mismatch) and
  preferences (50 per point), coverage off: the MDGP objective with preferences;
- ``blau``: the default objective plus ``blau.gender`` (weight 5);
- ``balance``: the default objective plus ``balance.year`` (weight 1);
- ``unassigned``: the default objective with ``allow_unassigned`` (``unassigned`` at 100);
- ``no_isolated``: the default objective with the rule ``no_isolated = { gender = ["F", "X"] }``.

For each: status, objective, reported bound and gap, the search's time (the summary's
``wall_time_s``), the whole command's wall time and its peak memory (``/usr/bin/time``'s
maximum resident set size, child processes included; empty without GNU time). With
``--baseline DIR``, each run is repeated with ``PYTHONPATH=DIR`` (another checkout, e.g. the
code before this change) side by side, under a ``--kill-after`` guard.

Usage::

    python benchmarks/terms_bench.py --smoke --out /tmp/terms   # CI, about 30 s
    python benchmarks/terms_bench.py                          # 300 x 36 and 1,000 x 100, 60 s
    python benchmarks/terms_bench.py --baseline ../main --kill-after 300

Writes ``<out>/terms.csv`` and ``<out>/terms.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from matcher import read_problem  # noqa: E402
from matcher.check import check  # noqa: E402
from matcher.sample import generate_cohort  # noqa: E402

COLUMNS = ("cohort", "family", "code", "time_limit_s", "status", "objective", "bound", "gap",
           "solve_s", "wall_s", "peak_mib", "valid")
FAMILIES = {
    "pairwise": "[weights]\npreference = 50\npairwise = 1\ndiscipline = 0\ninstitution = 0\n",
    "blau": "[weights]\n\"blau.gender\" = 5\n",
    "balance": "[weights]\n\"balance.year\" = 1\n",
    "unassigned": "[rules]\nallow_unassigned = true\n",
    "no_isolated": "[rules]\nno_isolated = { gender = [\"F\", \"X\"] }\n",
}


def solve_once(students: Path, projects: Path, config: Path, limit: float, workers: int,
               work: Path, tag: str, pythonpath: str | None, kill_after: float
               ) -> dict[str, object]:
    """One ``matcher solve`` subprocess; its row (without cohort and family)."""
    teams, summary, timing = work / f"{tag}.csv", work / f"{tag}.json", work / f"{tag}.time"
    cmd = [sys.executable, "-m", "matcher", "solve", str(students), str(projects),
           "-o", str(teams), "--summary", str(summary), "--config", str(config),
           "--time-limit", str(limit), "--workers", str(workers), "--quiet",
           "--no-choices-first"]  # against HiGHS on the plain weighted sum
    gnu_time = shutil.which("time") if Path("/usr/bin/time").exists() else None
    if gnu_time:
        cmd = ["/usr/bin/time", "-f", "%M", "-o", str(timing)] + cmd
    env = dict(os.environ)
    env["PYTHONPATH"] = pythonpath or str(HERE.parent)
    start = time.perf_counter()
    row: dict[str, object] = {"code": "baseline" if pythonpath else "this", "time_limit_s": limit}
    try:
        # run from the work folder: ``python -m`` puts the current folder first on sys.path
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=kill_after, env=env,
                              cwd=work)
    except subprocess.TimeoutExpired:
        row.update(status=f"killed after {kill_after:g} s", wall_s=round(kill_after, 1))
        return row
    row["wall_s"] = round(time.perf_counter() - start, 1)
    if gnu_time and timing.exists():
        try:
            row["peak_mib"] = round(int(timing.read_text().split()[-1]) / 1024)
        except (ValueError, IndexError):
            pass
    if not summary.exists():
        said = " ".join(proc.stderr.split())  # one line for the table
        row["status"] = f"exit {proc.returncode}: {said[-140:]}"
        return row
    data = json.loads(summary.read_text(encoding="utf-8"))
    row.update(status=data["status"], objective=data.get("objective"),
               bound=data.get("best_bound"),
               gap=None if data.get("gap") is None else round(data["gap"], 4),
               solve_s=round(data["wall_time_s"], 1))
    if teams.exists():
        problem = read_problem(students, projects, config)
        with open(teams, encoding="utf-8-sig", newline="") as fh:
            assignment = {r["student_id"]: r["project_id"] or None for r in csv.DictReader(fh)}
        row["valid"] = not check(problem, assignment)
    return row


def run(sizes: list[tuple[int, int]], limit: float, workers: int, work: Path,
        baseline: str | None, kill_after: float, families: list[str]) -> list[dict[str, object]]:
    """Every family on every cohort size; one row per run."""
    rows = []
    for n, m in sizes:
        cohort = work / f"{n}x{m}"
        cohort.mkdir(parents=True)
        students_df, projects_df = generate_cohort(n, m, seed=1)
        students_df.to_csv(cohort / "students.csv", index=False)
        projects_df.to_csv(cohort / "projects.csv", index=False)
        for family in families:
            config = work / f"{n}x{m}-{family}.toml"
            config.write_text(FAMILIES[family], encoding="utf-8")
            for path in ([None, baseline] if baseline else [None]):
                tag = f"{n}x{m}-{family}-{'base' if path else 'this'}"
                row = solve_once(cohort / "students.csv", cohort / "projects.csv", config,
                                 limit, workers, work, tag, path, kill_after)
                row.update(cohort=f"{n}x{m}", family=family)
                print(row, flush=True)
                rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write its CSV and Markdown tables."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smoke", action="store_true", help="a 60 x 10 cohort, 6 s limits")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--time-limit", type=float, default=None)
    p.add_argument("--baseline", default=None,
                   help="also run each case with PYTHONPATH set to this checkout")
    p.add_argument("--kill-after", type=float, default=None,
                   help="seconds after which a run is killed (default: 3 x limit + 60)")
    p.add_argument("--families", default=",".join(FAMILIES),
                   help="comma-separated families (default: all)")
    p.add_argument("--sizes", default=None, help="e.g. 300x36,1000x100")
    args = p.parse_args(argv)
    sizes = [(60, 10)] if args.smoke else [(300, 36), (1000, 100)]
    if args.sizes:
        sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    limit = args.time_limit or (6.0 if args.smoke else 60.0)
    kill_after = args.kill_after or 3 * limit + 60
    families = [f for f in args.families.split(",") if f]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(sizes, limit, args.workers, Path(tmp),
                   str(Path(args.baseline).resolve()) if args.baseline else None,
                   kill_after, families)
    with open(args.out / "terms.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join("" if r.get(c) is None else str(r.get(c)) for c in COLUMNS)
              + " |" for r in rows]
    (args.out / "terms.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
