"""Fairness terms, proven or not: each fairness term with the default objective on sampled
cohorts, as an organiser runs it (``matcher solve`` in a subprocess, ``--summary`` read back,
the teams re-checked), side by side with HiGHS where the term is linear.

Terms (each a ``[weights]`` table added to the default weights, on ``matcher sample``'s cohort):

- ``min_points`` (weight 20): the worst-off student's points (linear: a max-min);
- ``min_coverage`` (``min_coverage.discipline``, weight 20): the worst-off team's distinct
  disciplines (linear);
- ``blau`` (``blau.gender``, weight 5), ``balance`` (``balance.year``, weight 1): non-linear;
- ``pairwise`` (weight 1, with ``preference = 50`` and coverage off): quadratic (the MDGP).

For each: status, objective, reported bound and gap, the search's time (the summary's
``wall_time_s``) and the whole command's wall time. With ``--baseline DIR``, each run is
repeated with ``PYTHONPATH=DIR`` (another checkout, e.g. main before a change). For the linear
terms, HiGHS solves :func:`mip_model.build_mip`'s model of the default objective plus the
term's rows (``code = highs``)::

    min_points:    z <= sum_p points(s, p) x[s,p]         for every student s who ranked
    min_coverage:  z <= sum_d y[p,d] + U (1 - open[p])    for every project p (U: the number
                                                           of disciplines; some team is open)

The HiGHS model follows this checkout's definition of the term (``min_points``: over the
students who ranked something). Usage::

    python benchmarks/fairness_bench.py --smoke --out /tmp/fair    # CI, under 20 s
    python benchmarks/fairness_bench.py --baseline /tmp/main -t 20  # 120 x 14 and 300 x 36
    python benchmarks/fairness_bench.py --sizes 1000x100 -t 20

Writes ``<out>/fairness.csv`` and ``<out>/fairness.md``.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from terms_bench import solve_once  # noqa: E402

from matcher import read_problem  # noqa: E402
from matcher.check import check, objective  # noqa: E402
from matcher.sample import generate_cohort  # noqa: E402

COLUMNS = ("cohort", "term", "code", "time_limit_s", "status", "objective", "bound", "gap",
           "solve_s", "wall_s", "valid")
TERMS = {
    "min_points": "[weights]\nmin_points = 20\n",
    "min_coverage": "[weights]\n\"min_coverage.discipline\" = 20\n",
    "blau": "[weights]\n\"blau.gender\" = 5\n",
    "balance": "[weights]\n\"balance.year\" = 1\n",
    "pairwise": "[weights]\npreference = 50\npairwise = 1\ndiscipline = 0\ninstitution = 0\n",
}
LINEAR = ("min_points", "min_coverage")


def highs_row(students: Path, projects: Path, config: Path, term: str, limit: float
              ) -> dict[str, object]:
    """HiGHS on the default MIP plus ``term``'s rows; the row (without cohort and term)."""
    import highspy
    import numpy as np
    from mip_model import Mip, build_mip
    from scipy.sparse import csc_matrix

    t0 = time.perf_counter()
    problem = read_problem(students, projects, config)
    weights = problem.weights
    mip = build_mip(problem)
    n, n_p = mip.n_students, mip.n_projects
    z = mip.n_cols
    rows, cols, vals, lo, hi = [mip.rows], [mip.cols], [mip.vals], [mip.row_lo], [mip.row_hi]
    r = mip.n_rows
    if term == "min_points":
        zmax, w = problem.max_preferences, weights["min_points"]
        for si, s in enumerate(problem.students):
            if not s.preferences:
                continue
            pids = [problem.project_index[pid] for pid in s.preferences]
            rows.append(np.full(len(pids) + 1, r))
            cols.append(np.array([si * n_p + pi for pi in pids] + [z]))
            vals.append(np.array([-problem.points(s, problem.projects[pi].id)
                                  for pi in pids] + [1.0]))
            lo.append(np.array([-np.inf]))
            hi.append(np.array([0.0]))
            r += 1
    else:  # min_coverage.discipline
        k = len(problem.groups("discipline"))
        zmax, w = k, weights["min_coverage.discipline"]
        o0, y0 = n * n_p, n * n_p + n_p
        for pi in range(n_p):  # z - sum_d y[p,d] + U open[p] <= U
            rows.append(np.full(k + 2, r))
            cols.append(np.array([z, o0 + pi] + [y0 + pi * k + d for d in range(k)]))
            vals.append(np.array([1.0, float(k)] + [-1.0] * k))
            lo.append(np.array([-np.inf]))
            hi.append(np.array([float(k)]))
            r += 1
    mip = Mip(n, n_p, np.append(mip.cost, w), np.append(mip.col_lo, 0.0),
              np.append(mip.col_hi, float(zmax)), np.concatenate(rows).astype(np.int64),
              np.concatenate(cols).astype(np.int64), np.concatenate(vals),
              np.concatenate(lo), np.concatenate(hi))
    a = csc_matrix((mip.vals, (mip.rows, mip.cols)), shape=(r, mip.n_cols))
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 2)
    h.setOptionValue("time_limit", float(limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)  # integer objective: a gap below 1 proves it
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = mip.n_cols, r
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = mip.cost, mip.col_lo, mip.col_hi
    lp.row_lower_, lp.row_upper_ = mip.row_lo, mip.row_hi
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * mip.n_cols
    h.passModel(lp)
    ts = time.perf_counter()
    h.run()
    info = h.getInfo()
    row: dict[str, object] = {"code": "highs", "time_limit_s": limit,
                              "solve_s": round(time.perf_counter() - ts, 1)}
    opt = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    has = info.primal_solution_status == 2
    row["status"] = "OPTIMAL" if opt else ("FEASIBLE" if has else "UNKNOWN")
    bound = info.mip_dual_bound
    if np.isfinite(bound):
        row["bound"] = int(np.floor(bound + 1e-6))
    if has:
        assignment = mip.assignment(problem, np.array(h.getSolution().col_value))
        row["valid"] = not check(problem, assignment)
        row["objective"] = value = objective(problem, assignment)  # the solver-free value
        if "bound" in row:
            row["gap"] = round((row["bound"] - value) / max(1, abs(row["bound"])), 4)
    row["wall_s"] = round(time.perf_counter() - t0, 1)
    return row


def run(sizes: list[tuple[int, int]], limit: float, workers: int, work: Path,
        baseline: str | None, terms: list[str], highs: bool) -> list[dict[str, object]]:
    """Every term on every cohort size; one row per run."""
    rows = []
    for n, m in sizes:
        cohort = work / f"{n}x{m}"
        cohort.mkdir(parents=True)
        students_df, projects_df = generate_cohort(n, m, seed=1)
        students, projects = cohort / "students.csv", cohort / "projects.csv"
        students_df.to_csv(students, index=False)
        projects_df.to_csv(projects, index=False)
        for term in terms:
            config = work / f"{n}x{m}-{term}.toml"
            config.write_text(TERMS[term], encoding="utf-8")
            found = []
            for path in ([None, baseline] if baseline else [None]):
                tag = f"{n}x{m}-{term}-{'base' if path else 'this'}"
                found.append(solve_once(students, projects, config, limit, workers, work, tag,
                                        path, 3 * limit + 60))
            if highs and term in LINEAR:
                found.append(highs_row(students, projects, config, term, limit))
            for row in found:
                row.update(cohort=f"{n}x{m}", term=term)
                print(row, flush=True)
                rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write its CSV and Markdown tables."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--smoke", action="store_true",
                   help="a 40 x 6 cohort, min_points and blau, 5 s limits")
    p.add_argument("--out", type=Path, default=HERE / "results")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("-t", "--time-limit", type=float, default=None)
    p.add_argument("--baseline", default=None,
                   help="also run each case with PYTHONPATH set to this checkout")
    p.add_argument("--terms", default=None, help="comma-separated terms (default: all)")
    p.add_argument("--sizes", default=None, help="e.g. 120x14,300x36")
    p.add_argument("--no-highs", action="store_true", help="leave HiGHS out")
    args = p.parse_args(argv)
    sizes = [(40, 6)] if args.smoke else [(120, 14), (300, 36)]
    if args.sizes:
        sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    limit = args.time_limit or (5.0 if args.smoke else 20.0)
    terms = (["min_points", "blau"] if args.smoke else list(TERMS)) if args.terms is None \
        else [t for t in args.terms.split(",") if t]
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        rows = run(sizes, limit, args.workers, Path(tmp),
                   str(Path(args.baseline).resolve()) if args.baseline else None, terms,
                   not args.no_highs)
    with open(args.out / "fairness.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join("" if r.get(c) is None else str(r.get(c)) for c in COLUMNS)
              + " |" for r in rows]
    (args.out / "fairness.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
