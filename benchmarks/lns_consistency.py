"""LNS consistency at scale (issue 17): on ``matcher sample`` cohorts of 10,000 x 1,000, solved
with ``-t 30`` outside strict mode, how many LNS steps CP-SAT cut short (a FEASIBLE, not
OPTIMAL, solution), how many of the steps' solutions had a gain (the model's objective minus
the current local value) other than the change their moves make to the state (``mispriced``,
measured by applying and undoing the moves), and how many internal inconsistencies the search
met (``Result.warnings``).

``--old-coverage`` runs the step model as it was before the fix (coverage indicators only
bounded, ``has <= sum x``), the cause of ``LNS gain 4 != incremental change 9``: its
inconsistencies are then undone and counted instead of raised. The two variants alternate
cohort by cohort, so that both see the same machine load.

Usage::

    python benchmarks/lns_consistency.py                       # 2 cohorts, fixed and old model
    python benchmarks/lns_consistency.py --seeds 1,2,3 --time-limit 30 --students 10000
    python benchmarks/lns_consistency.py --lns-only --time-limit 60   # the LNS alone, 60 s

Writes ``<out>/lns_consistency.json`` (one row per cohort and variant) and prints a table.
The whole run is bounded: cohorts x variants x (time limit + reading, ~15 s).
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


def _old_coverage(inst, state, m, x, by_team, teams, terms, coeffs) -> None:  # noqa: ANN001
    """The coverage part of a step's model before the fix: ``has <= sum x`` only."""
    for (s, p), v in x.items():
        pts = inst.gain(s, p)
        if pts:
            terms.append(v)
            coeffs.append(pts)
    for a, code in enumerate(inst.codes):
        for p in teams:
            holders: dict[int, list] = {}
            for s, v in by_team[p]:
                if code[s] >= 0:
                    holders.setdefault(code[s], []).append(v)
            for c, xs in holders.items():
                h = m.new_bool_var("")
                m.add(sum(xs) >= h)
                m.add_hint(h, state.count[a][p][c] > 0)
                terms.append(h)
                coeffs.append(inst.w_attr[a])


def run(students: Path, projects: Path, time_limit: float, old: bool,
        lns_only: bool = False) -> dict:
    """One solve of the cohort, in this process, with its LNS steps counted (``lns_only``:
    the LNS alone for ``time_limit`` seconds from the heuristics' first teams, many more
    steps than the few a solve's last 10% leaves at this scale)."""
    from matcher.read import read_problem
    from matcher.search.heuristics import lns
    from matcher.solve import solve

    problem = read_problem(students, projects)
    if lns_only:
        return _lns_only(problem, time_limit, old)
    steps = {"steps": 0, "cut_short": 0, "solutions": 0, "mispriced": 0}
    step, coverage, apply = lns._step, lns._add_points_and_coverage, lns._apply_modelled
    lns._step, lns._apply_modelled = _counted(step, steps), _audited(apply, steps)
    if old:
        lns._add_points_and_coverage = _old_coverage
    try:
        start = time.perf_counter()
        result = solve(problem, time_limit=time_limit, choices_first=False)
        wall = time.perf_counter() - start
    finally:
        lns._step, lns._add_points_and_coverage = step, coverage
        lns._apply_modelled = apply
    lns_warnings = [w for w in result.warnings if "LNS" in w]
    return {"status": result.status.value, "objective": result.objective,
            "best_bound": result.best_bound, "gap": result.gap, "wall_s": round(wall, 1),
            **steps, "warnings": len(result.warnings), "lns_warnings": len(lns_warnings),
            "first_warning": result.warnings[0] if result.warnings else None}


def _lns_only(problem, seconds: float, old: bool) -> dict:  # noqa: ANN001
    import random

    from matcher.check import objective
    from matcher.search.consistency import recording
    from matcher.search.heuristics import lns
    from matcher.search.heuristics.construction import start_team, to_assignment
    from matcher.search.heuristics.instance import Instance
    from matcher.search.heuristics.state import State

    inst = Instance.from_problem(problem)
    team = start_team(problem, inst, random.Random(0))
    assert team is not None
    state = State(inst, team)
    steps = {"steps": 0, "cut_short": 0, "solutions": 0, "mispriced": 0}
    step, coverage, apply = lns._step, lns._add_points_and_coverage, lns._apply_modelled
    lns._step, lns._apply_modelled = _counted(step, steps), _audited(apply, steps)
    if old:
        lns._add_points_and_coverage = _old_coverage
    try:
        with recording() as found:
            start = time.perf_counter()
            gain = lns.lns(inst, state, deadline=start + seconds, seed=0)
            wall = time.perf_counter() - start
    finally:
        lns._step, lns._add_points_and_coverage = step, coverage
        lns._apply_modelled = apply
    direct = objective(problem, to_assignment(problem, state.team))
    return {"status": "lns-only", "objective": direct, "consistent": direct == state.value,
            "gain": gain, "wall_s": round(wall, 1), **steps, "warnings": len(found),
            "lns_warnings": sum("LNS" in w for w in found),
            "first_warning": found[0] if found else None}


def _counted(step, steps: dict):  # noqa: ANN001, ANN202
    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        gain, full = step(*args, **kwargs)
        steps["steps"] += 1
        steps["cut_short"] += int(full)
        return gain, full
    return counted


def _audited(apply, steps: dict):  # noqa: ANN001, ANN202
    def audited(state, x, solver, gain):  # noqa: ANN001, ANN202
        """The true change of the solution's moves (applied, then undone) against the
        model's gain, for every solution a step found (gaining or not)."""
        before, moved = state.value, []
        for (s, p), v in x.items():
            if solver.boolean_value(v) and state.team[s] != p:
                moved.append((s, state.team[s]))
                state.move(s, p)
        true = state.value - before
        for s, p in reversed(moved):
            state.move(s, p)
        steps["solutions"] += 1
        steps["mispriced"] += int(true != gain)
        return apply(state, x, solver, gain)
    return audited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=1_000)
    parser.add_argument("--seeds", default="1,2")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--variants", default="fixed,old")
    parser.add_argument("--lns-only", action="store_true",
                        help="the LNS alone for the time limit, from the first teams")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    os.environ["MATCHER_STRICT"] = "0"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in (int(s) for s in args.seeds.split(",")):
            folder = Path(tmp) / f"cohort{seed}"
            subprocess.run([sys.executable, "-m", "matcher", "sample", "-o", str(folder),
                            "--students", str(args.students), "--projects", str(args.projects),
                            "--seed", str(seed)], check=True, capture_output=True)
            for variant in args.variants.split(","):
                row = {"students": args.students, "projects": args.projects, "seed": seed,
                       "time_limit": args.time_limit, "variant": variant,
                       **run(folder / "students.csv", folder / "projects.csv",
                             args.time_limit, old=variant == "old",
                             lns_only=args.lns_only)}
                rows.append(row)
                print(json.dumps(row), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    name = "lns_consistency_lns_only.json" if args.lns_only else "lns_consistency.json"
    (args.out / name).write_text(json.dumps(rows, indent=1) + "\n",
                                                   encoding="utf-8")


if __name__ == "__main__":
    main()
