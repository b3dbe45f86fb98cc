"""HiGHS keeps one task scheduler per calling thread, sized by the first run in that thread: a
later run asking another ``threads`` count fails (status error, no valid info). A default-threads
highspy solve before ``matcher.solve`` once made the exact MIP read that failed run's empty dual
bound (0) as proven, and the sample was claimed optimal at 872 where 893 exists.

Each case runs in a fresh process (the scheduler lives as long as its thread); strict mode on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

LP = """
import highspy, numpy as np
def user_lp(threads=None):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    if threads is not None:
        h.setOptionValue("threads", threads)
    h.addVar(0, 1); h.addVar(0, 1)
    h.changeColCost(0, 1); h.changeColCost(1, 1)
    h.addRow(-np.inf, 1, 2, np.array([0, 1], dtype=np.int32), np.array([1.0, 1.0]))
    assert h.run() == highspy.HighsStatus.kOk
"""

SOLVE = """
import matcher
p = matcher.read_problem('data/samples/students.csv', 'data/samples/projects.csv')
r = matcher.solve(p, weights={'preference': 4, 'discipline': 0}, time_limit=20, workers=1)
print(r.status.value, r.objective, r.best_bound)
"""

FIRST = {
    "nothing": "",
    "default threads": "user_lp()",
    "two threads": "user_lp(threads=2)",
    "concurrent": """
import threading
stop = threading.Event()
def loop():
    while not stop.is_set():
        user_lp()
other = threading.Thread(target=loop)
other.start()
""",
}
AFTER = {"concurrent": "stop.set(); other.join()"}


def run(first: str) -> list[str]:
    code = LP + FIRST[first] + SOLVE + AFTER.get(first, "")
    env = dict(os.environ, MATCHER_STRICT="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout.splitlines()[-1].split()  # (highspy prints a banner first)


@pytest.fixture(scope="module")
def fresh() -> list[str]:
    answer = run("nothing")
    assert answer[0] == "OPTIMAL" and answer[1] == answer[2]
    return answer


@pytest.mark.parametrize("first", ["default threads", "two threads", "concurrent"])
def test_highspy_used_first_leaves_the_proven_optimum_true(first: str,
                                                           fresh: list[str]) -> None:
    assert run(first) == fresh


def test_a_dual_bound_below_valid_teams_is_never_exposed() -> None:
    """What the failed run gave (a dual bound of 0 beside teams scoring 872): the prover keeps
    no such bound and holds an error instead, which the pipeline reports."""
    import matcher
    from matcher.check import objective
    from matcher.search.exact_mip import MipProver

    p = matcher.read_problem(ROOT / "data/samples/students.csv",
                             ROOT / "data/samples/projects.csv")
    weights = {"preference": 4, "discipline": 0}
    teams = matcher.solve(p, weights=weights, time_limit=20, workers=1).assignment
    prover = MipProver(p, weights)
    prover.offer(teams)
    prover._note_bound(0.0)
    assert prover.bound is None and prover.error is not None
    prover._note_bound(float(objective(p, teams, prover.weights)))  # a sane bound stands
    assert prover.bound == objective(p, teams, prover.weights)


def test_highs_runs_in_a_fresh_thread_whatever_ran_in_this_one() -> None:
    """:func:`run_highs` solves at one thread after this thread's scheduler was sized at two
    (without it, HiGHS refuses: status error)."""
    import highspy

    from matcher.search.highs import LinearProgram, quiet_highs, run_highs

    def lp(threads: int) -> object:
        prog = LinearProgram()
        x = prog.col(1.0, 0.0, 1.0)
        y = prog.col(1.0, 0.0, 1.0)
        prog.row([(x, 1.0), (y, 1.0)], -float("inf"), 1.0)
        h = quiet_highs()
        h.setOptionValue("threads", threads)
        h.passModel(prog.to_highs(maximize=True))
        return h

    outcome: dict[str, object] = {}

    def user_thread() -> None:  # a thread of its own: pytest's keeps no scheduler of ours
        namespace: dict = {}
        exec(compile(LP + "user_lp(threads=2)\n", "user", "exec"), namespace)  # noqa: S102
        outcome["plain"] = lp(1).run()  # HiGHS refuses here: the premise
        h = lp(1)
        outcome["isolated"] = run_highs(h)
        outcome["value"] = h.getInfo().objective_function_value

    thread = threading.Thread(target=user_thread)
    thread.start()
    thread.join()
    assert outcome["plain"] == highspy.HighsStatus.kError
    assert outcome["isolated"] == highspy.HighsStatus.kOk
    assert outcome["value"] == pytest.approx(1.0)
