"""Weight sweeps that share what they find, against sweeps whose points stand alone.

``matcher sweep`` as a researcher runs it (the installed command in a subprocess, ``--jobs 2``,
``--workers 1``, ``--teams-dir``), on cohorts from ``matcher sample`` of a family the engine's
thresholds were not tuned on (``mixed`` by default), twice from one process, side by side:
``share`` (the default: every point's teams scored at every point, hints, bounds combined
across points, a second pass) and ``no-share`` (``--no-share``: every point solved on its own,
in grid order, as sweeps did before).

For each: the points proven optimal, the points *dominated by another point's teams* (another
point's teams, read back from ``--teams-dir`` and scored with :func:`matcher.objective`, are
worth more under this point's weights than this point's own teams), the largest such shortfall
in percent, the largest and median gap, the points proven without a search of their own, and
the command's wall time.

Usage::

    python benchmarks/sweep_bench.py --smoke --out /tmp/sweep   # CI, under 20 s
    python benchmarks/sweep_bench.py                          # 50 points at 300 and 1,000

Writes ``<out>/sweep.csv`` and ``<out>/sweep.md``.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from matcher import objective, read_problem  # noqa: E402

COLUMNS = ("cohort", "family", "mode", "points", "time_limit_s", "proven", "dominated",
           "worst_shortfall_pct", "max_gap_pct", "median_gap_pct", "proven_without_search",
           "second_searches", "wall_s", "exit")
FULL_GRID = ["preference=1,2,3,4,5", "discipline=0,6,13,20,26,33,40,46,53,60"]
SMOKE_GRID = ["preference=1,3", "discipline=0,20,60"]


def sample(directory: Path, n: int, m: int, family: str, seed: int) -> None:
    """``matcher sample`` into ``directory``."""
    subprocess.run([sys.executable, "-m", "matcher", "sample", "--students", str(n),
                    "--projects", str(m), "--family", family, "--seed", str(seed),
                    "-o", str(directory)], check=True, capture_output=True, cwd=directory.parent,
                   env=_env())


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE.parent)
    return env


def read_teams(path: Path) -> dict[str, str | None]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return {r["student_id"]: r["project_id"] or None for r in csv.DictReader(fh)}


def sweep_once(cohort: Path, grid: list[str], limit: float, jobs: int, share: bool,
               work: Path) -> dict[str, object]:
    """One ``matcher sweep`` subprocess and its measures."""
    tag = "share" if share else "no-share"
    out, teams_dir = work / f"{cohort.name}-{tag}.csv", work / f"{cohort.name}-{tag}-teams"
    cmd = [sys.executable, "-m", "matcher", "sweep", str(cohort / "students.csv"),
           str(cohort / "projects.csv"), *[a for g in grid for a in ("--grid", g)],
           "-o", str(out), "--teams-dir", str(teams_dir), "-t", str(limit),
           "--jobs", str(jobs), "--workers", "1", "-q"]
    if not share:
        cmd.append("--no-share")
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=work)
    row: dict[str, object] = {"mode": tag, "time_limit_s": limit,
                              "wall_s": round(time.perf_counter() - start, 1),
                              "exit": proc.returncode}
    if proc.returncode != 0 or not out.exists():
        row["exit"] = f"{proc.returncode}: {' '.join(proc.stderr.split())[-140:]}"
        return row
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    problem = read_problem(str(cohort / "students.csv"), str(cohort / "projects.csv"))
    teams = {r["point"]: read_teams(teams_dir / r["teams_file"]) for r in rows
             if r.get("teams_file")}
    dominated, worst = 0, 0.0
    for r in rows:
        weights = {k[len("weight_"):]: int(v) for k, v in r.items() if k.startswith("weight_")}
        if not r["objective"]:
            continue
        mine = int(r["objective"])
        best = max(objective(problem, t, weights) for t in teams.values())
        if best > mine:
            dominated += 1
            worst = max(worst, 100 * (best - mine) / max(1, abs(best)))
    gaps = [100 * float(r["gap"]) for r in rows if r["gap"]]
    row.update(points=len(rows), proven=sum(r["status"] == "OPTIMAL" for r in rows),
               dominated=dominated, worst_shortfall_pct=round(worst, 2),
               max_gap_pct=round(max(gaps), 2) if gaps else None,
               median_gap_pct=round(statistics.median(gaps), 3) if gaps else None,
               proven_without_search=sum(r.get("solve_status") == "NOT_RUN" for r in rows),
               second_searches=sum(r.get("passes") == "2" for r in rows))
    return row


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write its CSV and Markdown tables."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smoke", action="store_true", help="6 points on a 60 x 10 cohort, -t 6")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--time-limit", type=float, default=None, help="-t of each sweep")
    p.add_argument("--jobs", type=int, default=None, help="--jobs (default: 2; smoke: 1)")
    p.add_argument("--family", default="mixed", help="matcher sample's --family")
    p.add_argument("--seed", type=int, default=11, help="matcher sample's --seed")
    p.add_argument("--sizes", default=None, help="e.g. 300x36,1000x100")
    args = p.parse_args(argv)
    sizes = [(60, 10)] if args.smoke else [(300, 36), (1000, 100)]
    if args.sizes:
        sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    limit = args.time_limit or (6.0 if args.smoke else 120.0)
    jobs = args.jobs or (1 if args.smoke else 2)
    grid = SMOKE_GRID if args.smoke else FULL_GRID
    args.out.mkdir(parents=True, exist_ok=True)
    load_at_start = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for n, m in sizes:
            cohort = work / f"{n}x{m}"
            cohort.mkdir()
            sample(cohort, n, m, args.family, args.seed)
            for share in (False, True):
                row = sweep_once(cohort, grid, limit, jobs, share, work)
                row.update(cohort=f"{n}x{m}", family=args.family)
                print(row, flush=True)
                rows.append(row)
    with open(args.out / "sweep.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join("" if r.get(c) is None else str(r.get(c)) for c in COLUMNS)
              + " |" for r in rows]
    preface = [
        "# Weight sweeps: shared against standalone points",
        "",
        f"`python benchmarks/sweep_bench.py{' --smoke' if args.smoke else ''}`: "
        f"`matcher sweep --grid {' --grid '.join(grid)} -t {limit:g} --jobs {jobs} "
        f"--workers 1 --teams-dir DIR` on `matcher sample --family {args.family} --seed "
        f"{args.seed}` cohorts, with and without `--no-share`, one after the other. "
        f"Load average when it started: {load_at_start}. `dominated`: points whose own "
        "teams are worth less, under their own weights, than another point's teams; "
        "`proven_without_search`: points proven by the others' teams and bounds with no "
        "search of their own.",
        "",
    ]
    (args.out / "sweep.md").write_text("\n".join(preface + lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
