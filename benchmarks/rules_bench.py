"""Rules benchmark: ``matcher solve`` and HiGHS on the same model with the organisers' rules,
side by side in one run.

Cohorts from ``matcher sample`` (seed 1): 300 x 36 with at most 2 students of one discipline
per team, 1,000 x 100 and 3,000 x 300 with at most 3; each also with at least 3 institutions
per team, two ``keep_together`` pairs and one ``keep_apart`` pair (a TOML ``[rules]`` file the
CLI reads, written next to the results as ``rules_bench_<cohort>.toml``).

* ``matcher``: ``python -m matcher solve --config RULES --summary`` as a subprocess, with
  ``-t 20`` and ``-t 60`` (2 workers);
* ``highs``: HiGHS (``highspy``, 2 threads) on ``mip_model.build_mip`` of the same problem,
  the rules' rows included, in its own subprocess (limits 60 s at 300 and 1,000 students,
  600 s at 3,000).

Every answer is verified by ``matcher check --config RULES`` (so HiGHS solved the same model):
objective as ``matcher`` scores it, broken rules, reported bound and gap, time to a proven
optimum, wall time and peak memory (``os.wait4``). The table ends with the ratio of our time to
the optimum to HiGHS's at 300 x 36.

Usage::

    python benchmarks/rules_bench.py --smoke --out DIR     # CI: 60 x 10, a few seconds each
    python benchmarks/rules_bench.py                       # full run, about 20 minutes
    python benchmarks/rules_bench.py --sizes 300 --solvers matcher,highs

Writes ``<out>/rules.csv`` and ``<out>/rules.md`` (merged with earlier rows by cohort, solver
and limit).

Held-out families (``--families``, issue 18): every family of
:data:`matcher.sample.HELD_OUT_FAMILIES` (or those named) at 300 x 36 (or its
:data:`~matcher.sample.FAMILY_COHORTS` size), default objective and the four common rules
(at most 2 per discipline, at least 3 institutions, keep together x2, keep apart), matcher
(``-t 60``, ``--summary``) and HiGHS (60 s) one after the other in one run; the load average
before and after goes in the header::

    python benchmarks/rules_bench.py --families            # about 10 minutes
    python benchmarks/rules_bench.py --families decimals,small-teams

Writes ``<out>/families_heldout.csv`` and ``<out>/families_heldout.md`` (merged with earlier
rows by family and variant).
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.e2e_bench import environment, matcher, read_rows, rules_toml, run  # noqa: E402


@dataclass(frozen=True)
class Case:
    """A cohort, its per-discipline cap and the limits of each solver."""

    students: int
    projects: int
    max_per_discipline: int
    matcher_limits: tuple[float, ...]
    highs_limit: float
    seed: int = 1

    @property
    def name(self) -> str:
        """``<students>x<projects>``."""
        return f"{self.students}x{self.projects}"


FULL = [Case(300, 36, 2, (20, 60), 60), Case(1000, 100, 3, (20, 60), 60),
        Case(3000, 300, 3, (20, 60), 600)]
SMOKE = [Case(60, 10, 2, (5,), 5)]
SOLVERS = ("matcher", "highs")
COLUMNS = ("cohort", "solver", "time_limit_s", "status", "objective", "bound", "gap",
           "time_to_opt_s", "search_limit_s", "search_s", "wall_s", "peak_mem_mib", "exit",
           "broken_rules", "note")


# ---------------------------------------------------------------------- HiGHS worker

def highs_worker(students: str, projects: str, config: str, limit: float, teams: str,
                 answer: str) -> None:
    """Solve the problem with HiGHS; write its teams (CSV) and its figures (JSON)."""
    import numpy as np

    from benchmarks.scale_bench import _highs
    from matcher.read import read_problem

    problem = read_problem(students, projects, config)
    out = _highs(problem, limit, None)
    assignment = out.pop("assignment", None)
    if assignment is not None:
        with open(teams, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["student_id", "project_id"])
            writer.writerows((s, p or "") for s, p in assignment.items())
    Path(answer).write_text(json.dumps(out, default=lambda v: float(np.asarray(v))),
                            encoding="utf-8")


# ---------------------------------------------------------------------- parent

def make_cohort(c: Case, work: Path, out: Path) -> tuple[Path, Path, Path]:
    """The cohort (``matcher sample``) and its rules file (copied into ``out``)."""
    folder = work / c.name
    students, projects = folder / "students.csv", folder / "projects.csv"
    if not students.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(matcher("sample", "--students", c.students, "--projects", c.projects,
                               "--seed", c.seed, "-o", folder, "--force"),
                       check=True, capture_output=True, env=environment())
    config = rules_toml(students, folder, c.name, c.max_per_discipline)
    shutil.copyfile(config, out / f"rules_bench_{c.name}.toml")
    return students, projects, config


def verify(students: Path, projects: Path, config: Path, teams: Path, folder: Path,
           ) -> dict[str, object]:
    """``matcher check --config``: the objective as matcher scores it, and broken rules."""
    if not teams.exists():
        return {}
    summary = folder / "check.json"
    summary.unlink(missing_ok=True)
    done = subprocess.run(matcher("check", students, projects, teams, "--config", config,
                                  "--summary", summary, "--quiet"),
                          capture_output=True, env=environment())
    if not summary.exists():
        return {"note": f"check failed (exit {done.returncode})"}
    data = json.loads(summary.read_text(encoding="utf-8"))
    broken = data.get("violations") or []
    return {"objective": data.get("objective"), "broken_rules": len(broken)}


def bench_matcher(c: Case, limit: float, files: tuple[Path, Path, Path], folder: Path,
                  workers: int) -> dict[str, object]:
    """One ``matcher solve`` run."""
    students, projects, config = files
    folder.mkdir(parents=True, exist_ok=True)
    teams, summary = folder / "teams.csv", folder / "summary.json"
    for f in (teams, summary):
        f.unlink(missing_ok=True)
    measured = run(matcher("solve", students, projects, "--config", config, "-o", teams,
                           "--summary", summary, "-t", limit, "--workers", workers,
                           "--quiet", "--no-choices-first"), limit, teams)
    row: dict[str, object] = {"wall_s": measured["wall_s"],
                              "peak_mem_mib": measured["peak_mem_mib"],
                              "exit": measured["exit"]}
    if summary.exists():
        data = json.loads(summary.read_text(encoding="utf-8"))
        row.update(status=data.get("status"), bound=data.get("best_bound"),
                   search_s=data.get("wall_time_s"),
                   search_limit_s=_r(data.get("search_time_limit_s")))
        if data.get("status") == "OPTIMAL":
            row["time_to_opt_s"] = data.get("wall_time_s")
    else:
        row["note"] = str(measured["stderr_tail"])
    row.update(verify(students, projects, config, teams, folder))
    return row


def bench_highs(c: Case, files: tuple[Path, Path, Path], folder: Path) -> dict[str, object]:
    """One HiGHS run in its own subprocess."""
    students, projects, config = files
    folder.mkdir(parents=True, exist_ok=True)
    teams, answer = folder / "teams.csv", folder / "highs.json"
    for f in (teams, answer):
        f.unlink(missing_ok=True)
    measured = run([sys.executable, str(Path(__file__).resolve()), "--highs-worker",
                    str(students), str(projects), str(config), str(c.highs_limit), str(teams),
                    str(answer)], c.highs_limit, teams)
    row: dict[str, object] = {"wall_s": measured["wall_s"],
                              "peak_mem_mib": measured["peak_mem_mib"],
                              "exit": measured["exit"]}
    if answer.exists():
        data = json.loads(answer.read_text(encoding="utf-8"))
        row.update(status=data.get("status"), bound=data.get("bound"),
                   time_to_opt_s=_r(data.get("time_to_opt_s")),
                   search_s=_r(None if data.get("wall_s") is None
                               else data["wall_s"] - data.get("build_s", 0)),
                   note=f"build {_r(data.get('build_s'))} s; {data.get('note', '')}".strip("; "))
    else:
        row["note"] = str(measured["stderr_tail"])
    row.update(verify(students, projects, config, teams, folder))
    return row


def _r(v: object) -> float | None:
    return None if v is None else round(float(v), 2)  # type: ignore[arg-type]


def bench(c: Case, solvers: tuple[str, ...], out: Path, work: Path,
          workers: int) -> list[dict[str, object]]:
    """Every solver on one cohort."""
    files = make_cohort(c, work, out)
    runs: list[tuple[str, float]] = [("matcher", t) for t in c.matcher_limits
                                     if "matcher" in solvers]
    if "highs" in solvers:
        runs.append(("highs", c.highs_limit))
    rows = []
    for solver, limit in runs:
        folder = work / c.name / f"{solver}-{limit:g}"
        row = (bench_matcher(c, limit, files, folder, workers) if solver == "matcher"
               else bench_highs(c, files, folder))
        row = {"cohort": c.name, "solver": solver, "time_limit_s": limit, **row}
        obj, bound = row.get("objective"), row.get("bound")
        if obj is not None and bound is not None:
            row["gap"] = round(max(0.0, (float(bound) - float(obj)) / max(1.0, abs(float(bound)))),
                               5)
        print(f"{c.name:>9} {solver:<7} -t {limit:<4g} {row.get('status')} obj "
              f"{row.get('objective')} bound {row.get('bound')} gap {row.get('gap')} wall "
              f"{row['wall_s']} s {row['peak_mem_mib']} MiB broken {row.get('broken_rules')}",
              flush=True)
        rows.append(row)
    return rows


def merge(path: Path, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Earlier rows of ``path`` with ``rows`` replacing those of the same cohort, solver and
    limit."""
    def key(r: dict[str, object]) -> tuple[str, str, str]:
        return str(r.get("cohort")), str(r.get("solver")), str(float(r.get("time_limit_s")
                                                                      or 0))

    old = read_rows(path)[1] if path.exists() else []
    new = {key(r): r for r in rows}
    merged = [r for r in old if key(r) not in new] + rows
    order = {c.name: i for i, c in enumerate(FULL + SMOKE)}
    merged.sort(key=lambda r: (order.get(str(r.get("cohort")), 99),
                               str(r.get("solver")) != "matcher",
                               float(r.get("time_limit_s") or 0)))
    return merged


def ratio_line(rows: list[dict[str, object]], cohort: str) -> str:
    """Our time to the proven optimum over HiGHS's, on ``cohort``, when both prove it."""
    ours = [float(r["time_to_opt_s"]) for r in rows if r.get("cohort") == cohort
            and r.get("solver") == "matcher" and r.get("time_to_opt_s") not in (None, "")]
    highs = [float(r["time_to_opt_s"]) for r in rows if r.get("cohort") == cohort
             and r.get("solver") == "highs" and r.get("time_to_opt_s") not in (None, "")]
    if highs and not ours:
        spent = [float(r["search_s"]) for r in rows if r.get("cohort") == cohort
                 and r.get("solver") == "matcher" and r.get("search_s") not in (None, "")]
        if spent:
            return (f"Ratio at {cohort}: HiGHS proved the optimum in {highs[0]:.2f} s of "
                    f"search; matcher did not within {max(spent):.1f} s of `solve`: ratio "
                    f"above {max(spent) / max(highs[0], 1e-9):.1f}.")
    if not ours or not highs:
        return f"Ratio at {cohort}: not both proven optimal."
    return (f"Ratio at {cohort}: matcher's time to the proven optimum (whole `solve`, model "
            f"building included; best of its runs) {min(ours):.2f} s / HiGHS's search "
            f"{highs[0]:.2f} s = {min(ours) / max(highs[0], 1e-9):.2f}.")


def write(out: Path, rows: list[dict[str, object]], header: str) -> None:
    """``rules.csv`` and ``rules.md`` in ``out``."""
    rows = merge(out / "rules.csv", rows)
    with (out / "rules.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    lines = ["# Rules cohorts: `matcher solve` and HiGHS on the same model", "", header, "",
             "Rules: at most 2 (300 x 36) or 3 students of one discipline per team, at least 3 "
             "institutions per team, two keep_together pairs, one keep_apart pair "
             "(`rules_bench_<cohort>.toml`). `objective` and `broken_rules`: `matcher check "
             "--config` on each answer. `time_to_opt_s`: matcher's `wall_time_s` when it "
             "proves the optimum (model building included); HiGHS's search time (matrix "
             "building excluded, in the note). `search_limit_s`: what the CLI gave `solve` "
             "after reading the inputs and keeping time for writing and explaining; "
             "`search_s`: what `solve` took (matcher) or HiGHS's search. `wall_s`, "
             "`peak_mem_mib`: the subprocess.", "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join("" if r.get(k) is None else str(r.get(k))
                                       for k in COLUMNS) + " |")
    cohorts = list(dict.fromkeys(str(r.get("cohort")) for r in rows))
    lines += [""] + [ratio_line(rows, c) for c in cohorts if c in ("300x36", "60x10")]
    (out / "rules.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------- held-out families

FAMILY_LIMIT = 60.0
FAMILY_VARIANTS = ("default", "rules")
FAMILY_COLUMNS = ("family", "cohort", "variant", "matcher_status", "matcher_time_to_opt_s",
                  "matcher_gap", "matcher_search_s", "matcher_wall_s", "highs_status",
                  "highs_time_to_opt_s", "highs_gap", "highs_wall_s", "ratio", "broken_rules",
                  "objectives")


def _default_toml(folder: Path) -> Path:
    path = folder / "rules_default.toml"
    path.write_text("# default objective, no configurable rule\n[rules]\n", encoding="utf-8")
    return path


def bench_family(family: str, variant: str, work: Path, workers: int) -> dict[str, object]:
    """matcher and HiGHS, one after the other, on one family and variant."""
    from matcher.sample import FAMILY_COHORTS

    n, p = FAMILY_COHORTS.get(family, (300, 36))
    c = Case(n, p, 2, (FAMILY_LIMIT,), FAMILY_LIMIT)
    folder = work / family
    students, projects = folder / "students.csv", folder / "projects.csv"
    if not students.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(matcher("sample", "--students", n, "--projects", p, "--seed", c.seed,
                               "-o", folder, "--force", "--family", family),
                       check=True, capture_output=True, env=environment())
    config = (rules_toml(students, folder, c.name, 2) if variant == "rules"
              else _default_toml(folder))
    files = (students, projects, config)
    ours = bench_matcher(c, FAMILY_LIMIT, files, folder / f"matcher-{variant}", workers)
    highs = bench_highs(c, files, folder / f"highs-{variant}")
    row: dict[str, object] = {"family": family, "cohort": c.name, "variant": variant}
    for name, r in (("matcher", ours), ("highs", highs)):
        obj, bound = r.get("objective"), r.get("bound")
        gap = None
        if obj is not None and bound is not None:
            gap = round(max(0.0, (float(bound) - float(obj)) / max(1.0, abs(float(bound)))), 5)
        row.update({f"{name}_status": r.get("status"), f"{name}_time_to_opt_s":
                    r.get("time_to_opt_s"), f"{name}_gap": gap, f"{name}_wall_s": r["wall_s"]})
    row["matcher_search_s"] = ours.get("search_s")
    a, b = row["matcher_time_to_opt_s"], row["highs_time_to_opt_s"]
    row["ratio"] = None if a in (None, "") or b in (None, "") else round(
        float(a) / max(float(b), 1e-9), 2)  # type: ignore[arg-type]
    row["broken_rules"] = f"{ours.get('broken_rules')}/{highs.get('broken_rules')}"
    row["objectives"] = f"{ours.get('objective')}/{highs.get('objective')}"
    print(" ".join(f"{k}={row.get(k)}" for k in FAMILY_COLUMNS), flush=True)
    return row


def write_families(out: Path, rows: list[dict[str, object]], header: str) -> None:
    """``families_heldout.csv`` and ``.md`` in ``out``, earlier rows kept (by family and
    variant)."""
    path = out / "families_heldout.csv"
    old = read_rows(path)[1] if path.exists() else []
    new = {(r["family"], r["variant"]) for r in rows}
    rows = [r for r in old if (r.get("family"), r.get("variant")) not in new] + rows
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FAMILY_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    lines = ["# Held-out cohort families: `matcher solve` and HiGHS on the same model", "",
             header, "",
             "Families: `matcher sample --family NAME --seed 1` (`matcher.sample`), 300 x 36 "
             "except small-teams and held-out (200 x 60). `default`: the default objective; "
             "`rules`: at most 2 per discipline, at least 3 institutions per team, two "
             "keep_together pairs, one keep_apart pair. matcher: `matcher solve --config "
             "RULES --summary -t 60 --workers 2` (`time_to_opt_s`: solve's `wall_time_s` "
             "when proven optimal, model building included; `search_s`: solve's time; "
             "`wall_s`: the whole command, reading, explanations and writing included). "
             "HiGHS: `highspy`, 2 threads, 60 s, on `benchmarks/mip_model.build_mip` of the "
             "same problem (`time_to_opt_s`: its search, matrix building excluded). `ratio`: "
             "matcher's time to proof / HiGHS's. `broken_rules` and `objectives` (matcher / "
             "HiGHS): `matcher check --config` on each answer.", "",
             "| " + " | ".join(FAMILY_COLUMNS) + " |", "|" + "---|" * len(FAMILY_COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join("" if r.get(k) in (None, "") else str(r.get(k))
                                       for k in FAMILY_COLUMNS) + " |")
    (out / "families_heldout.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main_families(args: argparse.Namespace) -> None:
    """The held-out families (module docstring)."""
    import os

    from matcher.sample import HELD_OUT_FAMILIES

    names = (list(HELD_OUT_FAMILIES) if args.families == "all"
             else [f for f in args.families.split(",") if f])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="families-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        rows = [bench_family(f, v, work, args.workers) for f in names
                for v in FAMILY_VARIANTS]
    after = os.getloadavg()
    header = (f"{args.header} Load average (1 min) {before[0]:.1f} before, {after[0]:.1f} "
              f"after, on {os.cpu_count()} cores shared with other engineers: compare the "
              "ratios, not the seconds.")
    write_families(out, rows, header)
    print(f"wrote {out / 'families_heldout.csv'} and {out / 'families_heldout.md'}")


def main() -> None:
    """Parse the arguments, run the cases, write the tables."""
    if len(sys.argv) == 8 and sys.argv[1] == "--highs-worker":
        a = sys.argv[2:]
        highs_worker(a[0], a[1], a[2], float(a[3]), a[4], a[5])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="one small cohort (CI, < 40 s)")
    ap.add_argument("--sizes", help="comma-separated numbers of students (e.g. 300,1000)")
    ap.add_argument("--solvers", default=",".join(SOLVERS), help="matcher,highs")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=str(HERE / "results"), help="results folder")
    ap.add_argument("--work", help="where cohorts and outputs go (default: a temporary one)")
    ap.add_argument("--header", default="One run, 2 workers / 2 threads.",
                    help="the line above the table (conditions of the run)")
    ap.add_argument("--families", nargs="?", const="all", metavar="NAMES",
                    help="the held-out cohort families (all, or comma-separated names) at "
                         "300 x 36, default objective and rules, instead of the cases")
    args = ap.parse_args()
    if args.families:
        main_families(args)
        return
    cases = SMOKE if args.smoke else FULL
    if args.sizes:
        wanted = {int(s) for s in args.sizes.split(",")}
        cases = [c for c in FULL + SMOKE if c.students in wanted]
    solvers = tuple(s for s in args.solvers.split(",") if s)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rules-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        rows = []
        for c in cases:
            rows += bench(c, solvers, out, work, args.workers)
    write(out, rows, args.header)
    print(f"wrote {out / 'rules.csv'} and {out / 'rules.md'}")


if __name__ == "__main__":
    main()
