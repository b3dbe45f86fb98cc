"""Scale benchmark: ``matcher.solve`` against HiGHS and plain CP-SAT on the same MIP model, and
against ``team-formation`` on the diversity-only variant, side by side in one run.

Every competitor runs in its own subprocess with a time limit; the parent measures its peak
memory (``os.wait4`` rusage), re-checks its assignment with :func:`matcher.check` and recomputes
its objective with :func:`matcher.objective` before counting it.

Usage::

    python benchmarks/scale_bench.py --smoke                    # CI, about a minute
    python benchmarks/scale_bench.py                            # full run (about 45 minutes)
    python benchmarks/scale_bench.py --sizes 300,1000 --solvers matcher,highs

Results are merged (by cohort, solver and time limit) into ``<out>/scale.csv`` and the whole
table is rewritten to ``<out>/scale.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from matcher import Problem  # noqa: E402
from matcher.check import check, objective  # noqa: E402
from matcher.read import _attribute  # noqa: E402,F401  (keeps the reader's number parsing)

SOLVERS = ("matcher", "highs", "cpsat-plain", "team-formation")
COLUMNS = ("cohort", "students", "projects", "solver", "time_limit_s", "status", "objective",
           "bound", "gap", "time_to_best_s", "time_to_opt_s", "wall_s", "build_s",
           "peak_mem_mib", "valid", "note")


@dataclass(frozen=True)
class Cohort:
    """A benchmark cohort: ``generate_cohort`` arguments and per-solver time limits."""

    name: str
    n_students: int
    n_projects: int
    seed: int
    limits: dict[str, tuple[float, ...]]
    n_disciplines: int | None = None
    diversity_team_size: int | None = None  # diversity-only variant with teams of this size
    kwargs: dict = field(default_factory=dict)


FULL = [
    Cohort("60", 60, 10, 1, {s: (10,) for s in SOLVERS[:3]}),
    Cohort("300", 300, 36, 2, {s: (120,) for s in SOLVERS[:3]}),
    Cohort("1000", 1000, 100, 3, {s: (120,) for s in SOLVERS[:3]}, n_disciplines=30),
    Cohort("3000", 3000, 300, 4, {s: (60,) for s in SOLVERS[:3]}, n_disciplines=30),
    Cohort("10000", 10000, 1000, 5, {"matcher": (30, 300), "highs": (300,),
                                     "cpsat-plain": (300,)}, n_disciplines=30),
    Cohort("div300", 300, 60, 6, {"matcher": (30,), "team-formation": (30,)},
           diversity_team_size=5),
    Cohort("div1000", 1000, 200, 7, {"matcher": (120,), "team-formation": (120,)},
           n_disciplines=30, diversity_team_size=5),
]
SMOKE = [
    Cohort("s30", 30, 6, 11, {s: (5,) for s in SOLVERS[:3]}),
    Cohort("s120", 120, 15, 12, {s: (10,) for s in SOLVERS[:3]}, n_disciplines=12),
    Cohort("sdiv40", 40, 8, 13, {"matcher": (5,), "team-formation": (5,)},
           diversity_team_size=5),
]


# ---------------------------------------------------------------------- problems

def make_problem(c: Cohort) -> Problem:
    """The cohort's :class:`Problem` (from ``generate_cohort``, fixed seed)."""
    from matcher.problem import Project, Student
    from matcher.sample import generate_cohort

    students_df, projects_df = generate_cohort(
        c.n_students, c.n_projects, seed=c.seed, n_disciplines=c.n_disciplines, **c.kwargs)
    students = [Student(id=str(r.id), name=str(r.name), discipline=str(r.discipline),
                        institution=str(r.institution),
                        preferences=tuple(x for x in str(r.preferences or "").split(";") if x
                                          and x != "nan"))
                for r in students_df.itertuples()]
    if c.diversity_team_size:
        sizes = team_sizes(c.n_students, c.diversity_team_size)
        projects = [Project(id=f"T{k:04d}", min_size=s, max_size=s) for k, s in enumerate(sizes)]
        students = [s.model_copy(update={"preferences": ()}) for s in students]
        return Problem(students=students, projects=projects,
                       weights={"preference": 0, "discipline": 10, "institution": 5},
                       name=c.name)
    projects = []
    for r in projects_df.itertuples():
        prop = tuple(x for x in str(r.proposer or "").split(";") if x and x != "nan")
        projects.append(Project(id=str(r.id), title=str(r.title), min_size=int(r.min_size),
                                max_size=int(r.max_size), proposers=prop,
                                optional=str(r.optional) == "yes"))
    return Problem(students=students, projects=projects, name=c.name)


def team_sizes(n: int, target: int) -> list[int]:
    """``team-formation``'s ``calc_team_sizes(n, target, less_than=False)``: ``n // target``
    teams, the remainder spread one each."""
    k = n // target
    base, extra = divmod(n, k)
    return [base + 1 if i < extra else base for i in range(k)]


# ---------------------------------------------------------------------- workers (children)

def run_worker(spec: dict) -> dict:
    """Run one competitor in this process and return its raw answer."""
    cohort = next(c for c in FULL + SMOKE if c.name == spec["cohort"])
    problem = make_problem(cohort)
    solver, limit = spec["solver"], spec["time_limit"]
    return {"matcher": _matcher, "highs": _highs, "cpsat-plain": _cpsat_plain,
            "team-formation": _team_formation}[solver](problem, limit, cohort)


def _matcher(problem: Problem, limit: float, cohort: Cohort) -> dict:
    from matcher.solve import solve

    events: list[tuple[float, int | None, int | None]] = []
    t0 = time.perf_counter()
    res = solve(problem, time_limit=limit, workers=2, choices_first=False,
                callback=lambda p: events.append((p.elapsed_s, p.objective, p.best_bound)))
    wall = time.perf_counter() - t0
    build = res.build_time_s
    best_t = None
    for t, obj, _ in events:
        if obj is not None and obj == res.objective:
            best_t = max(0.0, t - build)
            break
    notes = []
    for target in (0.01, 0.001):  # first time within 1% / 0.1% of a proven bound
        hit = next((t for t, obj, b in events if obj is not None and b is not None
                    and (b - obj) <= target * max(1, abs(b))), None)
        if hit is not None:
            notes.append(f"{target:.1%} at {max(0.0, hit - build):.1f} s")
    return {"status": res.status.value, "bound": res.best_bound, "assignment": res.assignment,
            "build_s": build, "wall_s": wall, "time_to_best_s": best_t,
            "time_to_opt_s": (wall - build) if res.status.value == "OPTIMAL" else None,
            "note": "; ".join(notes)}


def _highs(problem: Problem, limit: float, cohort: Cohort) -> dict:
    import highspy
    import numpy as np
    from scipy.sparse import csc_matrix

    from benchmarks.mip_model import build_mip

    t0 = time.perf_counter()
    mip = build_mip(problem)
    a = csc_matrix((mip.vals, (mip.rows, mip.cols)), shape=(mip.n_rows, mip.n_cols))
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 2)
    h.setOptionValue("time_limit", float(limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)  # integer objective: a gap below 1 proves it
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = mip.n_cols, mip.n_rows
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = mip.cost, mip.col_lo, mip.col_hi
    lp.row_lower_, lp.row_upper_ = mip.row_lo, mip.row_hi
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_ = a.indptr, a.indices
    lp.a_matrix_.value_ = a.data
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * mip.n_cols
    del a
    h.passModel(lp)
    del lp
    build = time.perf_counter() - t0
    best = {"obj": None, "t": None}
    ts = time.perf_counter()

    hits: dict[float, float] = {}

    def improving(e: object) -> None:
        best["obj"] = e.data_out.objective_function_value  # type: ignore[attr-defined]
        best["t"] = time.perf_counter() - ts
        dual = e.data_out.mip_dual_bound  # type: ignore[attr-defined]
        for target in (0.01, 0.001):  # measured at improving solutions only (no overhead)
            if target not in hits and np.isfinite(dual) and (
                    dual - best["obj"] <= target * max(1.0, abs(dual))):
                hits[target] = best["t"]

    h.cbMipImprovingSolution.subscribe(improving)
    h.run()
    search = time.perf_counter() - ts
    status = h.getModelStatus()
    info = h.getInfo()
    sol = h.getSolution()
    out = {"build_s": build, "wall_s": time.perf_counter() - t0, "time_to_best_s": best["t"]}
    has = info.primal_solution_status == 2
    out["assignment"] = mip.assignment(problem, np.array(sol.col_value)) if has else None
    bound = info.mip_dual_bound
    out["bound"] = int(np.floor(bound + 1e-6)) if np.isfinite(bound) else None
    opt = status == highspy.HighsModelStatus.kOptimal
    out["status"] = "OPTIMAL" if opt else ("FEASIBLE" if has else "UNKNOWN")
    out["time_to_opt_s"] = search if opt else None
    if opt:
        for target in (0.01, 0.001):
            hits.setdefault(target, search)
    out["note"] = "; ".join(f"{t:.1%} at {v:.1f} s" for t, v in sorted(hits.items(),
                                                                      reverse=True))
    return out


def _cpsat_plain(problem: Problem, limit: float, cohort: Cohort) -> dict:
    import numpy as np
    from ortools.sat.python import cp_model
    from scipy.sparse import csr_matrix

    from benchmarks.mip_model import build_mip

    t0 = time.perf_counter()
    mip = build_mip(problem)
    a = csr_matrix((mip.vals, (mip.rows, mip.cols)), shape=(mip.n_rows, mip.n_cols))
    m = cp_model.CpModel()
    xs = [m.new_int_var(int(lo), int(hi), "") for lo, hi in zip(mip.col_lo, mip.col_hi,
                                                                 strict=True)]
    for r in range(mip.n_rows):
        s, e = a.indptr[r], a.indptr[r + 1]
        expr = cp_model.LinearExpr.weighted_sum([xs[j] for j in a.indices[s:e]],
                                                [int(v) for v in a.data[s:e]])
        lo, hi = mip.row_lo[r], mip.row_hi[r]
        if lo == hi:
            m.add(expr == int(lo))
        elif np.isfinite(lo):
            m.add(expr >= int(lo))
        else:
            m.add(expr <= int(hi))
    nz = np.flatnonzero(mip.cost)
    m.maximize(cp_model.LinearExpr.weighted_sum([xs[j] for j in nz],
                                                [int(mip.cost[j]) for j in nz]))
    build = time.perf_counter() - t0
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = float(limit)

    class Cb(cp_model.CpSolverSolutionCallback):
        t = None

        def on_solution_callback(self) -> None:
            Cb.t = self.wall_time

    code = solver.solve(m, Cb())
    out = {"build_s": build, "wall_s": time.perf_counter() - t0, "time_to_best_s": Cb.t}
    has = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if has:
        vals = np.array([solver.value(xs[j]) for j in range(mip.n_students * mip.n_projects)])
        out["assignment"] = mip.assignment(problem, vals)
        out["bound"] = int(np.floor(solver.best_objective_bound + 1e-6))
    else:
        out["assignment"], out["bound"] = None, None
    out["status"] = {cp_model.OPTIMAL: "OPTIMAL", cp_model.FEASIBLE: "FEASIBLE"}.get(
        code, "UNKNOWN")
    out["time_to_opt_s"] = solver.wall_time if code == cp_model.OPTIMAL else None
    return out


def _team_formation(problem: Problem, limit: float, cohort: Cohort) -> dict:
    import pandas as pd
    from team_formation.team_assignment import TeamAssignment

    t0 = time.perf_counter()
    people = pd.DataFrame({"id": [s.id for s in problem.students],
                           "discipline": [s.discipline for s in problem.students],
                           "institution": [s.institution for s in problem.students]})
    cons = pd.DataFrame({"attribute": ["discipline", "institution"],
                         "type": ["diversify", "diversify"],
                         "weight": [problem.weights["discipline"],
                                    problem.weights["institution"]]})
    ta = TeamAssignment(people, cons, cohort.diversity_team_size, less_than_target=False)
    build = time.perf_counter() - t0
    ts = time.perf_counter()
    ta.solve(max_time_in_seconds=float(limit))
    search = time.perf_counter() - ts
    out = {"build_s": build, "wall_s": time.perf_counter() - t0, "bound": None,
           "time_to_best_s": None, "time_to_opt_s": None, "assignment": None,
           "status": "UNKNOWN"}
    if ta.solution_found:
        # teams are anonymous: map team k to the k-th project of the same size
        by_size: dict[int, list[str]] = {}
        for p in problem.projects:
            by_size.setdefault(p.max_size, []).append(p.id)
        counts = ta.participants.groupby("team_num").size()
        mapping = {}
        for team, size in counts.items():
            mapping[team] = by_size[int(size)].pop(0)
        out["assignment"] = {str(r.id): mapping[r.team_num]
                             for r in ta.participants.itertuples()}
        opt = ta.status == 4  # cp_model.OPTIMAL (of team-formation's own objective)
        out["status"] = "OPTIMAL*" if opt else "FEASIBLE"
        out["time_to_opt_s"] = search if opt else None
        out["note"] = "own objective (deviation from proportional counts); no bound on ours"
    return out


# ---------------------------------------------------------------------- parent

def run_one(c: Cohort, solver: str, limit: float, problem: Problem) -> dict:
    """Run one competitor in a subprocess and return its checked CSV row."""
    row = {"cohort": c.name, "students": c.n_students, "projects": c.n_projects,
           "solver": solver, "time_limit_s": limit}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        spec = json.dumps({"cohort": c.name, "solver": solver, "time_limit": limit})
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", spec, str(out)]
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=str(HERE.parent), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        grace = 120 + limit + c.n_students * c.n_projects / 1e5  # building may be slow
        timer = threading.Timer(limit + grace, proc.kill)
        timer.start()
        stderr = proc.stderr.read() if proc.stderr else b""
        _, code, usage = os.wait4(proc.pid, 0)
        proc.returncode = code
        timer.cancel()
        row["peak_mem_mib"] = round(usage.ru_maxrss / 1024)
        if not out.exists():
            tail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
            row.update(status="NO ANSWER", valid="", wall_s=round(time.perf_counter() - t0, 1),
                       note=f"exit {code}: {tail[0][:120]}")
            return row
        ans = json.loads(out.read_text())
    row.update(status=ans["status"], build_s=_r(ans.get("build_s")),
               wall_s=_r(ans.get("wall_s")), time_to_best_s=_r(ans.get("time_to_best_s")),
               time_to_opt_s=_r(ans.get("time_to_opt_s")), note=ans.get("note", ""))
    assignment = ans.get("assignment")
    if assignment:
        violations = check(problem, assignment)
        row["valid"] = not violations
        if violations:
            row["note"] = f"{len(violations)} violations: {violations[0]}"
        else:
            obj = objective(problem, assignment)
            row["objective"] = obj
            bound = ans.get("bound")
            if bound is not None:
                row["bound"] = bound
                row["gap"] = round(max(0.0, (bound - obj) / max(1, abs(bound))), 5)
    else:
        row["valid"] = ""
    return row


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 2)


def merge(out_dir: Path, rows: list[dict]) -> None:
    """Merge ``rows`` into ``scale.csv`` (keyed by cohort, solver, time limit); rewrite
    ``scale.md``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "scale.csv"
    old: list[dict] = []
    if path.exists():
        with path.open(newline="") as f:
            old = list(csv.DictReader(f))
    key = lambda r: (str(r["cohort"]), str(r["solver"]), float(r["time_limit_s"]))  # noqa: E731
    table = {key(r): r for r in old}
    for r in rows:
        table[key(r)] = {k: ("" if r.get(k) is None else r.get(k)) for k in COLUMNS}
    order = {c.name: i for i, c in enumerate(SMOKE + FULL)}
    ranked = sorted(table.values(), key=lambda r: (order.get(r["cohort"], 99), r["cohort"],
                                                    SOLVERS.index(r["solver"])
                                                    if r["solver"] in SOLVERS else 9,
                                                    float(r["time_limit_s"])))
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in ranked:
            w.writerow({k: r.get(k, "") for k in COLUMNS})
    tmp.replace(path)
    head = ("| cohort | solver | limit s | status | objective | bound | gap | to best s "
            "| to optimal s | build s | wall s | peak MiB | valid | note |")
    lines = [head, "|" + "---|" * 14]
    for r in ranked:
        gap = r.get("gap", "")
        gap = f"{float(gap) * 100:.2f}%" if gap not in ("", None) else ""
        lines.append("| " + " | ".join(str(x) for x in (
            f"{r['cohort']} ({r['students']}x{r['projects']})", r["solver"], r["time_limit_s"],
            r["status"], r.get("objective", ""), r.get("bound", ""), gap,
            r.get("time_to_best_s", ""), r.get("time_to_opt_s", ""), r.get("build_s", ""),
            r.get("wall_s", ""), r.get("peak_mem_mib", ""), r.get("valid", ""),
            str(r.get("note", "")).replace("|", "/"))) + " |")
    (out_dir / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny cohorts, short limits (CI)")
    ap.add_argument("--sizes", help="comma-separated cohort names (e.g. 300,1000,div300)")
    ap.add_argument("--solvers", default=",".join(SOLVERS), help="comma-separated solvers")
    ap.add_argument("--time-limit-scale", type=float, default=1.0,
                    help="multiply every time limit")
    ap.add_argument("--out", default=str(HERE / "results"), help="results folder")
    ap.add_argument("--worker", nargs=2, metavar=("SPEC", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        ans = run_worker(json.loads(args.worker[0]))
        Path(args.worker[1]).write_text(json.dumps(ans))
        return 0
    cohorts = SMOKE if args.smoke else FULL
    if args.sizes:
        wanted = args.sizes.split(",")
        cohorts = [c for c in SMOKE + FULL if c.name in wanted]
    solvers = args.solvers.split(",")
    for c in cohorts:
        problem = make_problem(c)
        for solver in solvers:
            for limit in c.limits.get(solver, ()):
                if solver == "team-formation" and _missing("team_formation"):
                    continue
                limit = round(limit * args.time_limit_scale, 2)
                row = run_one(c, solver, limit, problem)
                print(json.dumps(row), flush=True)
                merge(Path(args.out), [row])
    return 0


def _missing(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is None


if __name__ == "__main__":
    raise SystemExit(main())
