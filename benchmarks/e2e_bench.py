"""End-to-end benchmark: the ``matcher`` command as an organiser meets it.

Each case runs ``python -m matcher solve`` as a subprocess, with ``--summary`` and
``--report``, on a cohort made by ``matcher sample`` (fixed seeds), three ways:

* ``plain``: the sample's rules only;
* ``rules``: with ``rules_<cohort>.toml`` (written to the output folder): at most 3 of one
  discipline per team, at least 3 institutions, two keep-together pairs, one keep-apart pair;
* ``rematch``: one student dropped out and one late joiner, with ``--previous`` the teams
  of the ``plain`` run.

For each run: the wall time against the limit and against the promise (1.15 x limit + 5 s),
when the teams file appeared, the child's peak memory (``os.wait4``), the exit code, status,
gap, students moved, low placements and the share of them with a reason.

Usage::

    python benchmarks/e2e_bench.py --smoke --out DIR     # CI: one small cohort, < 1 min
    python benchmarks/e2e_bench.py                       # 300 x 36 ... 10,000 x 1,000
    python benchmarks/e2e_bench.py --sizes 3000 --variants plain

Writes ``<out>/e2e.csv`` and ``<out>/e2e.md`` (merged with earlier rows by cohort, variant
and limit).

Families (``--families [NAMES]``, all of ``matcher sample --family`` by default): each family's
cohort at 300 x 36, 1,000 x 100 and 3,000 x 300, solved as sampled with ``-t 30``; the same
figures plus the share of students placed on an idea they did not rank. Writes
``<out>/families.csv`` and ``<out>/families.md``::

    python benchmarks/e2e_bench.py --families                     # 21 runs, about 15 min
    python benchmarks/e2e_bench.py --families skewed,big-teams --sizes 1000
    python benchmarks/e2e_bench.py --families --smoke             # 60 x 10, -t 10
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class Cohort:
    """A ``matcher sample`` cohort and the time limit its runs get."""

    students: int
    projects: int
    seed: int
    limit: float

    @property
    def name(self) -> str:
        """``<students>x<projects>``."""
        return f"{self.students}x{self.projects}"


FULL = [Cohort(300, 36, 1, 20), Cohort(1000, 100, 1, 30), Cohort(3000, 300, 1, 60),
        Cohort(10000, 1000, 1, 30)]
SMOKE = [Cohort(60, 10, 1, 10)]
VARIANTS = ("plain", "rules", "rematch")
COLUMNS = ("cohort", "variant", "students", "projects", "time_limit_s", "promise_s", "wall_s",
           "within", "teams_at_s", "peak_mem_mib", "exit", "status", "objective", "gap",
           "moved", "low_placements", "explained_share", "report", "note")


def matcher(*args: object) -> list[str]:
    """The command line of ``python -m matcher ARGS`` (this interpreter, this checkout)."""
    return [sys.executable, "-m", "matcher", *map(str, args)]


def environment() -> dict[str, str]:
    """The children's environment: this checkout first on the path, UTF-8 output."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return dict(os.environ, PYTHONPATH=path, PYTHONIOENCODING="utf-8")


def make_cohort(c: Cohort, folder: Path, family: str = "default") -> tuple[Path, Path]:
    """``matcher sample --family`` into ``folder`` (once; reused when already there)."""
    students, projects = folder / "students.csv", folder / "projects.csv"
    if not students.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(matcher("sample", "--students", c.students, "--projects", c.projects,
                               "--seed", c.seed, "-o", folder, "--force", "--family", family),
                       check=True, capture_output=True, env=environment())
    return students, projects


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV's header and rows."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def rules_toml(students: Path, out: Path, name: str, max_per_discipline: int = 3) -> Path:
    """The rules of the ``rules`` variant, with student pairs taken from the cohort (pairs of
    different disciplines, so that the per-discipline cap never forbids a pair)."""
    _, rows = read_rows(students)
    pairs = []
    used: set[str] = set()
    for a in rows:
        for b in rows:
            if len(pairs) == 3:
                break
            if a["id"] in used or b["id"] in used or a["id"] == b["id"]:
                continue
            if a["discipline"] != b["discipline"]:
                pairs.append((a["id"], b["id"]))
                used |= {a["id"], b["id"]}
                break
    together = ", ".join(f'["{a}", "{b}"]' for a, b in pairs[:2])
    apart = f'["{pairs[2][0]}", "{pairs[2][1]}"]'
    path = out / f"rules_{name}.toml"
    path.write_text("# rules of the e2e benchmark's 'rules' variant\n[rules]\n"
                    f"max_per_value = {{ discipline = {max_per_discipline} }}\n"
                    "min_distinct = { institution = 3 }\n"
                    f"keep_together = [{together}]\nkeep_apart = [{apart}]\n",
                    encoding="utf-8")
    return path


def rematch_cohort(students: Path, folder: Path) -> Path:
    """The cohort a week later: the sixth student dropped out, a late joiner arrived (the
    first student's discipline, institution and wishes)."""
    header, rows = read_rows(students)
    late = dict(rows[0], id="LATE1", name="Late Joiner")
    rows = [r for i, r in enumerate(rows) if i != 5] + [late]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "students.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(args: list[str], limit: float, teams: Path) -> dict[str, object]:
    """Run one command; its wall time, when the teams appeared, peak memory, exit code."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0, wall0 = time.monotonic(), time.time()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=environment())
        deadline = t0 + 3 * limit + 120
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        wall = time.monotonic() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    teams_at = teams.stat().st_mtime - wall0 if teams.exists() else None
    return {"wall_s": round(wall, 2),
            "teams_at_s": None if teams_at is None else round(teams_at, 2),
            "peak_mem_mib": round(usage.ru_maxrss / 1024), "exit": proc.returncode,
            "stderr_tail": tail[0][:120]}


def summary_figures(path: Path) -> dict[str, object]:
    """Status, gap, moves and low placements from a ``--summary``."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    low = data.get("low_placements") or []
    explained = [x for x in low if x.get("reason")
                 and not str(x["reason"]).startswith("not explained")]
    return {"status": data.get("status"), "objective": data.get("objective"),
            "gap": None if data.get("gap") is None else round(data["gap"], 4),
            "moved": len(data["moves"]) if data.get("moves") is not None else None,
            "low_placements": len(low),
            "explained_share": round(len(explained) / len(low), 3) if low else None}


def bench(c: Cohort, variants: tuple[str, ...], out: Path, work: Path,
          workers: int) -> list[dict[str, object]]:
    """Every variant of one cohort."""
    students, projects = make_cohort(c, work / c.name)
    rows = []
    plain_teams = work / c.name / "plain" / "teams.csv"
    for variant in variants:
        folder = work / c.name / variant
        folder.mkdir(parents=True, exist_ok=True)
        teams, summary, report = folder / "teams.csv", folder / "summary.json", \
            folder / "report.html"
        for f in (teams, summary, report):
            f.unlink(missing_ok=True)
        extra: list[object] = []
        cohort_students = students
        if variant == "rules":
            extra = ["--config", rules_toml(students, out, c.name)]
        elif variant == "rematch":
            if not plain_teams.exists():
                rows.append({"cohort": c.name, "variant": variant,
                             "note": "no plain teams to re-match"})
                continue
            cohort_students = rematch_cohort(students, folder / "cohort")
            extra = ["--previous", plain_teams]
        args = matcher("solve", cohort_students, projects, "-o", teams, "--summary", summary,
                       "--report", report, "-t", c.limit, "--workers", workers, "--quiet",
                       *extra)
        measured = run(args, c.limit, teams)
        promise = 1.15 * c.limit + 5
        row = {"cohort": c.name, "variant": variant, "students": c.students,
               "projects": c.projects, "time_limit_s": c.limit, "promise_s": promise,
               **{k: v for k, v in measured.items() if k != "stderr_tail"},
               "within": "yes" if float(measured["wall_s"]) <= promise else "NO",
               "report": "yes" if report.exists() else "no",
               **summary_figures(summary),
               "note": "" if measured["exit"] == 0 else measured["stderr_tail"]}
        print(f"{c.name:>11} {variant:<8} wall {row['wall_s']:>7} s (limit {c.limit:g}, "
              f"promise {promise:g})  teams at {row['teams_at_s']} s  "
              f"{row['peak_mem_mib']} MiB  exit {row['exit']}  {row.get('status')}",
              flush=True)
        rows.append(row)
    return rows


FAMILY_COHORTS = [Cohort(300, 36, 1, 30), Cohort(1000, 100, 1, 30), Cohort(3000, 300, 1, 30)]
FAMILY_SMOKE = [Cohort(60, 10, 1, 10)]
FAMILY_COLUMNS = ("family", "cohort", "time_limit_s", "promise_s", "wall_s", "within",
                  "teams_at_s", "peak_mem_mib", "exit", "status", "objective", "gap",
                  "unranked_share", "low_placements", "explained_share", "note")


def unranked_share(students: Path, teams: Path) -> float | None:
    """Share of the students whose team is not among the ideas they ranked (none ranked
    counts as not ranked)."""
    if not teams.exists():
        return None
    _, rows = read_rows(students)
    header, placed = read_rows(teams)
    sid = next((h for h in header if h in ("student_id", "id")), header[0])
    pid = next((h for h in header if h in ("project_id", "project")), header[1])
    team = {r[sid]: r[pid] for r in placed}
    off = sum(1 for r in rows if team.get(r["id"]) not in
              [x for x in r["preferences"].split(";") if x])
    return round(off / max(1, len(rows)), 3)


def bench_family(c: Cohort, family: str, work: Path, workers: int) -> dict[str, object]:
    """One family's cohort, solved as sampled."""
    folder = work / "families" / family / c.name
    students, projects = make_cohort(c, folder, family)
    teams, summary, report = folder / "teams.csv", folder / "summary.json", \
        folder / "report.html"
    for f in (teams, summary, report):
        f.unlink(missing_ok=True)
    args = matcher("solve", students, projects, "-o", teams, "--summary", summary,
                   "--report", report, "-t", c.limit, "--workers", workers, "--quiet")
    measured = run(args, c.limit, teams)
    promise = 1.15 * c.limit + 5
    row = {"family": family, "cohort": c.name, "time_limit_s": c.limit, "promise_s": promise,
           **{k: v for k, v in measured.items() if k != "stderr_tail"},
           "within": "yes" if float(measured["wall_s"]) <= promise else "NO",
           **summary_figures(summary), "unranked_share": unranked_share(students, teams),
           "note": "" if measured["exit"] == 0 else measured["stderr_tail"]}
    print(f"{family:>18} {c.name:>9} wall {row['wall_s']:>7} s (promise {promise:g})  "
          f"{row['peak_mem_mib']} MiB  exit {row['exit']}  {row.get('status')}  gap "
          f"{row.get('gap')}  unranked {row['unranked_share']}", flush=True)
    return row


def write_families(out: Path, rows: list[dict[str, object]], header: str) -> None:
    """``families.csv`` and ``families.md`` in ``out`` (merged by family, cohort, limit)."""
    def key(r: dict[str, object]) -> tuple[str, str, str]:
        return str(r.get("family")), str(r.get("cohort")), str(float(r.get("time_limit_s")
                                                                      or 0))

    path = out / "families.csv"
    old = read_rows(path)[1] if path.exists() else []
    new = {key(r) for r in rows}
    rows = [r for r in old if key(r) not in new] + rows
    order = {c.name: i for i, c in enumerate(FAMILY_COHORTS + FAMILY_SMOKE)}
    rows.sort(key=lambda r: (str(r.get("family")), order.get(str(r.get("cohort")), 99)))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FAMILY_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    lines = ["# Cohort families: `matcher solve --summary --report` as a subprocess", "",
             header, "",
             "Each family of `matcher sample --family` (seed 1), solved as sampled. "
             "`unranked_share`: students placed on an idea they did not rank (or who ranked "
             "none). Promise: 1.15 x limit + 5 s.", "",
             "| " + " | ".join(FAMILY_COLUMNS) + " |", "|" + "---|" * len(FAMILY_COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join("" if r.get(k) is None else str(r.get(k))
                                       for k in FAMILY_COLUMNS) + " |")
    (out / "families.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def merge(path: Path, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Earlier rows of ``path`` with ``rows`` replacing those of the same cohort, variant and
    limit."""
    def key(r: dict[str, object]) -> tuple[str, str, str]:
        return str(r.get("cohort")), str(r.get("variant")), str(r.get("time_limit_s"))

    old = read_rows(path)[1] if path.exists() else []
    new = {key(r): r for r in rows}
    kept = [r for r in old if key(r) not in new]
    merged = kept + rows
    order = {c.name: i for i, c in enumerate(FULL + SMOKE)}
    merged.sort(key=lambda r: (order.get(str(r.get("cohort")), 99),
                               VARIANTS.index(str(r.get("variant")))
                               if r.get("variant") in VARIANTS else 9))
    return merged


def write(out: Path, rows: list[dict[str, object]]) -> None:
    """``e2e.csv`` and ``e2e.md`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    rows = merge(out / "e2e.csv", rows)
    with (out / "e2e.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    shown = ("cohort", "variant", "time_limit_s", "promise_s", "wall_s", "within",
             "teams_at_s", "peak_mem_mib", "exit", "status", "gap", "moved",
             "low_placements", "explained_share", "report")
    lines = ["# End-to-end: `matcher solve --summary --report` as a subprocess", "",
             "Wall time against the limit and the promise (1.15 x limit + 5 s); `teams_at_s`: "
             "when the teams file was written; peak memory of the command (os.wait4).", "",
             "| " + " | ".join(shown) + " |", "|" + "---|" * len(shown)]
    for r in rows:
        lines.append("| " + " | ".join("" if r.get(k) is None else str(r.get(k))
                                       for k in shown) + " |")
    (out / "e2e.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Parse the arguments, run the cases, write the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="one small cohort (CI, < 1 min)")
    ap.add_argument("--sizes", help="comma-separated numbers of students (e.g. 300,3000)")
    ap.add_argument("--variants", default=",".join(VARIANTS), help="plain,rules,rematch")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=str(HERE / "results"), help="results folder")
    ap.add_argument("--work", help="where cohorts and outputs go (default: a temporary one)")
    ap.add_argument("--families", nargs="?", const="all", metavar="NAMES",
                    help="run the cohort families instead (comma-separated; all by default)")
    ap.add_argument("--header", default="One run, 2 workers.",
                    help="the line above the families table (conditions of the run)")
    args = ap.parse_args()
    if args.families:
        main_families(args)
        return
    cohorts = SMOKE if args.smoke else FULL
    if args.sizes:
        wanted = {int(s) for s in args.sizes.split(",")}
        cohorts = [c for c in FULL + SMOKE if c.students in wanted]
    variants = tuple(v for v in args.variants.split(",") if v)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="e2e-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        rows = []
        for c in cohorts:
            rows += bench(c, variants, out, work, args.workers)
    write(out, rows)
    print(f"wrote {out / 'e2e.csv'} and {out / 'e2e.md'}")


def main_families(args: argparse.Namespace) -> None:
    """The ``--families`` run."""
    from matcher.sample import FAMILIES

    names = list(FAMILIES) if args.families == "all" else args.families.split(",")
    unknown = [n for n in names if n not in FAMILIES]
    if unknown:
        raise SystemExit(f"unknown families {unknown}; known: {', '.join(FAMILIES)}")
    cohorts = FAMILY_SMOKE if args.smoke else FAMILY_COHORTS
    if args.sizes:
        wanted = {int(s) for s in args.sizes.split(",")}
        cohorts = [c for c in FAMILY_COHORTS + FAMILY_SMOKE if c.students in wanted]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="e2e-families-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        rows = [bench_family(c, family, work, args.workers) for c in cohorts
                for family in names]
    write_families(out, rows, args.header)
    print(f"wrote {out / 'families.csv'} and {out / 'families.md'}")


if __name__ == "__main__":
    main()
