"""Wishes, avoidances and rotations at scale: ``matcher solve`` on sampled cohorts with a
``with`` column, an ``avoid`` column and a ``previous_team`` column, as organisers run it.

Each cohort is ``matcher sample``'s, plus synthetic answers to a form: an ``email`` column, 60%
of the students wishing to work with 1-3 classmates (two thirds of the time from their own
institution; named by id, e-mail or full name in turn), 3% avoiding one classmate, and the
former teams of a previous round (teams of 5, shuffled). Three configurations are solved by the
installed command in a subprocess, ``--summary`` read back and the teams re-checked with
:func:`matcher.check`:

- ``wishes``: the two columns, the default objective plus ``wishes`` (default weight 3);
- ``wishes+rotation``: the same with ``[rules] new_teammates = { max_shared = 1 }``;
- ``plain``: the same cohort without the three columns, for reference.

Usage::

    python benchmarks/wishes_bench.py --smoke       # CI, about 30 s
    python benchmarks/wishes_bench.py               # 300 x 36, 60 s limits, about 4 min

Writes ``<out>/wishes.csv`` and ``<out>/wishes.md``. ``solve_s`` is the search (the summary's
``wall_time_s``); ``wall_s`` the whole command, reading, explaining the low placements (at
most 30 s more) and writing included.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
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

COLUMNS = ("cohort", "config", "time_limit_s", "status", "objective", "bound", "gap",
           "solve_s", "wall_s", "valid", "wishes_granted", "wishes_expressed", "students_satisfied",
           "students_wishing", "share_first_choice", "mean_disciplines")
CONFIGS = {
    "plain": "",
    "wishes": "",
    "wishes+rotation": "[rules]\nnew_teammates = { column = \"previous_team\", max_shared = 1 }\n",
}


def add_form_columns(students: Path, out: Path, seed: int, projects: Path) -> None:
    """Copy ``students`` to ``out`` with the email, with, avoid and previous_team columns.

    Former teams are drawn at random, except that the co-proposers of an idea come from
    different former teams (else no rotation could keep them on their idea)."""
    rng = random.Random(seed)
    with open(students, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(projects, encoding="utf-8", newline="") as fh:
        proposers = [[x for x in (r.get("proposer") or "").split(";") if x]
                     for r in csv.DictReader(fh)]
    ids = [r["id"] for r in rows]
    names = [r.get("name", "") for r in rows]
    unique = {n for n in names if names.count(n) == 1}
    by_inst: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_inst.setdefault(r.get("institution", ""), []).append(i)
        r["email"] = f"{r['id'].lower()}@example.org"
    order = list(range(len(rows)))
    rng.shuffle(order)
    index = {sid: i for i, sid in enumerate(ids)}
    co_proposers = {index[x] for group in proposers if len(group) > 1 for x in group}
    # co-proposers first, one per former team, then everybody else
    order = ([i for i in order if i in co_proposers]
             + [i for i in order if i not in co_proposers])
    n_teams = (len(rows) + 4) // 5
    for k, i in enumerate(order):
        rows[i]["previous_team"] = f"T{k % n_teams + 1:03d}"
    for i, r in enumerate(rows):
        wished: list[int] = []
        if rng.random() < 0.6:
            for _ in range(rng.randint(1, 3)):
                pool = by_inst[r.get("institution", "")] if rng.random() < 2 / 3 else order
                j = rng.choice(pool)
                if j != i and j not in wished:
                    wished.append(j)
        how = [ids[j] if k % 3 == 0 or names[j] not in unique else
               rows[j]["email"] if k % 3 == 1 else names[j] for k, j in enumerate(wished)]
        r["with"] = "; ".join(how)
        r["avoid"] = ""
        if rng.random() < 0.03:
            j = rng.randrange(len(rows))
            if j != i and j not in wished:
                r["avoid"] = ids[j]
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def run(cohort: str, n: int, m: int, seed: int, limit: float, workers: int,
        work: Path) -> list[dict[str, object]]:
    """Solve the three configurations of one cohort; one result row each."""
    plain_dir = work / cohort
    plain_dir.mkdir(parents=True)
    students_df, projects_df = generate_cohort(n, m, seed=seed)
    students_df.to_csv(plain_dir / "students.csv", index=False)
    projects_df.to_csv(plain_dir / "projects.csv", index=False)
    form = plain_dir / "students_form.csv"
    add_form_columns(plain_dir / "students.csv", form, seed, plain_dir / "projects.csv")
    rows = []
    for name, rules in CONFIGS.items():
        students = plain_dir / "students.csv" if name == "plain" else form
        config = work / f"{cohort}-{name}.toml"
        config.write_text(rules, encoding="utf-8")
        teams, summary = work / f"{cohort}-{name}.csv", work / f"{cohort}-{name}.json"
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "matcher", "solve", str(students),
             str(plain_dir / "projects.csv"), "-o", str(teams), "--summary", str(summary),
             "--config", str(config), "--time-limit", str(limit), "--workers", str(workers),
             "--quiet", "--no-choices-first"],
            capture_output=True, text=True, timeout=limit * 3 + 120)
        wall = time.perf_counter() - start
        row: dict[str, object] = {"cohort": cohort, "config": name, "time_limit_s": limit,
                                  "wall_s": round(wall, 1)}
        if proc.returncode != 0:
            row["status"] = f"exit {proc.returncode}: {proc.stderr.strip()[-200:]}"
            rows.append(row)
            continue
        data = json.loads(summary.read_text(encoding="utf-8"))
        problem = read_problem(students, plain_dir / "projects.csv", config)
        with open(teams, encoding="utf-8-sig", newline="") as fh:
            assignment = {r["student_id"]: r["project_id"] or None for r in csv.DictReader(fh)}
        f = data["figures"]
        row.update(status=data["status"], objective=data["objective"],
                   bound=data["best_bound"], gap=round(data["gap"], 4),
                   solve_s=round(data["wall_time_s"], 1),
                   valid=not check(problem, assignment),
                   wishes_granted=f["wishes_granted"], wishes_expressed=f["wishes_expressed"],
                   students_satisfied=f["students_with_a_wish_granted"],
                   students_wishing=f["students_with_wishes"],
                   share_first_choice=round(f["share_first_choice"], 3),
                   mean_disciplines=round(f["mean_disciplines"], 2))
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write its CSV and Markdown tables."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smoke", action="store_true", help="a 60-student cohort, 10 s limits")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--time-limit", type=float, default=None)
    args = p.parse_args(argv)
    n, m, seed, limit = (60, 10, 21, 10.0) if args.smoke else (300, 36, 2, 60.0)
    limit = args.time_limit or limit
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(f"{n}x{m}", n, m, seed, limit, args.workers, Path(tmp))
    with open(args.out / "wishes.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in COLUMNS) + " |" for r in rows]
    (args.out / "wishes.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
