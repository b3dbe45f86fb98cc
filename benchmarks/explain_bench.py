"""Explanation benchmark: what the terminal shows, measured on the installed command.

For each cohort size: ``matcher sample``, then ``matcher solve -t T --summary`` (whole
process: wall time and peak memory, and the share of low placements whose reason is not
"not explained"), then ``matcher explain --student S -t 20`` for the first low-placed student
who ranked ideas (whole process, and whether every higher choice was answered).

Usage::

    python benchmarks/explain_bench.py        # 3000x300 (-t 60), 10000x1000 (-t 30)
    python benchmarks/explain_bench.py --sizes 3000x300:60 --explain-limit 20
    python benchmarks/explain_bench.py --smoke # 120x15 (-t 10), explain -t 5: CI, seconds

Results are written to ``<out>/explain.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def run(args: list[str]) -> dict:
    """Run ``python -m matcher *args``; wall seconds, peak RSS (MiB), exit code, output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "matcher", *args], stdout=out,
                                stderr=err, env=env, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return {"wall_s": round(wall, 2), "rss_mib": round(usage.ru_maxrss / 1024),
                "code": os.waitstatus_to_exitcode(status), "stdout": out.read(),
                "stderr": err.read()}


def bench(students: int, projects: int, limit: float, explain_limit: float, seed: int,
          workdir: Path) -> dict:
    """One cohort: sample, solve with --summary, explain one low-placed student."""
    d = workdir / f"c{students}"
    run(["sample", "--students", str(students), "--projects", str(projects), "-o", str(d),
         "--seed", str(seed), "--force"])
    s, p, teams, summary = d / "students.csv", d / "projects.csv", d / "teams.csv", d / "s.json"
    solved = run(["solve", str(s), str(p), "-o", str(teams), "-t", str(limit), "--summary",
                  str(summary), "-q"])
    low = json.loads(summary.read_text(encoding="utf-8")).get("low_placements", [])
    # a reason left null (the explanation share ran out) counts as not explained
    explained = [x for x in low if not (x.get("reason") or "not explained").startswith(
        "not explained")]
    ranked = [x for x in low if x.get("reason") != "ranked no project"]
    row = {"students": students, "projects": projects, "time_limit_s": limit,
           "solve_wall_s": solved["wall_s"], "solve_rss_mib": solved["rss_mib"],
           "solve_code": solved["code"],
           "low_placements": len(low), "explained": len(explained),
           "explained_share": round(len(explained) / len(low), 3) if low else None}
    if ranked:
        sid = ranked[0]["student_id"]
        ex = run(["explain", str(s), str(p), str(teams), "--student", sid, "-t",
                  str(explain_limit)])
        lines = [line for line in ex["stdout"].splitlines() if line.startswith("- ")]
        row.update({"explain_student": sid, "explain_wall_s": ex["wall_s"],
                    "explain_rss_mib": ex["rss_mib"], "explain_limit_s": explain_limit,
                    "higher_choices_answered": len(lines)})
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="3000x300:60,10000x1000:30",
                    help="comma-separated STUDENTSxPROJECTS:TIME_LIMIT")
    ap.add_argument("--explain-limit", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(HERE / "results"))
    ap.add_argument("--smoke", action="store_true",
                    help="one small cohort (120x15, -t 10; explain -t 5), for CI")
    a = ap.parse_args()
    if a.smoke:
        a.sizes, a.explain_limit = "120x15:10", 5.0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec in a.sizes.split(","):
            size, _, limit = spec.partition(":")
            n, m = (int(v) for v in size.split("x"))
            row = bench(n, m, float(limit or 60), a.explain_limit, a.seed, Path(tmp))
            print(json.dumps(row), flush=True)
            rows.append(row)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "explain.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
