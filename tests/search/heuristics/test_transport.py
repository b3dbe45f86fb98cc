"""The construction's transportation problem, solved as a minimum-cost flow, is exact.

On random instances (random open ideas, proposers already placed): the flow's placements keep
every size and each student's ranked, open, allowed ideas, and its value is the optimum of the
same problem written as an LP and solved by HiGHS (a network matrix: the LP's optimum is
integral), or both find no solution.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import problems

from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.transport import transport_flow


def _lp_optimum(inst, is_open, free, size, relax_min):
    """The transportation problem of :func:`transport_flow` as an LP, by HiGHS (``None`` if
    infeasible)."""
    from matcher.search.highs import LinearProgram, quiet_highs

    prog = LinearProgram()
    opened = [p for p in range(inst.n_projects) if is_open[p]]
    x = {}
    for s in free:
        for p in inst.prefs[s]:
            pts = inst.points[s].get(p, 0)
            if is_open[p] and p not in inst.forbidden[s] and pts > 0:
                x[s, p] = prog.col(float(pts), 0.0, 1.0)
    u = {p: prog.col(0.0, 0.0, math.inf) for p in opened}
    for s in free:
        mine = [(j, 1.0) for (t, _), j in x.items() if t == s]
        if mine:
            prog.row(mine, -math.inf, 1.0)
    for p in opened:
        lo = 0.0 if relax_min else float(max(0, inst.min_sizes[p] - size[p]))
        hi = float(max(0, inst.max_sizes[p] - size[p]))
        prog.row([(j, 1.0) for (_, q), j in x.items() if q == p] + [(u[p], 1.0)], lo, hi)
    prog.row([(j, 1.0) for j in x.values()] + [(j, 1.0) for j in u.values()],
             float(len(free)), float(len(free)))
    if prog.n_cols == 0:
        return None
    import highspy

    h = quiet_highs()
    h.passModel(prog.to_highs(maximize=True))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return h.getInfo().objective_function_value


@settings(max_examples=60, deadline=None)
@given(problems(max_students=7, max_projects=4), st.data())
def test_the_flow_is_the_transportation_optimum(problem, data):
    inst = Instance.from_problem(problem)
    is_open = [True if not o else data.draw(st.booleans()) for o in inst.optional]
    size = [0] * inst.n_projects
    for p in range(inst.n_projects):  # some places already taken, as by proposers
        if is_open[p]:
            size[p] = data.draw(st.integers(0, min(1, inst.max_sizes[p])))
    free = list(range(inst.n_students))
    relax_min = data.draw(st.booleans())
    value: list[float] = []
    placed = transport_flow(inst, is_open, free, size, relax_min=relax_min, value=value)
    expected = _lp_optimum(inst, is_open, free, size, relax_min)
    if placed is None:
        # no flow: no solution of the LP either (or nothing to place on a ranked idea)
        assert expected is None or not any(is_open)
        return
    assert expected is not None
    assert math.isclose(value[0], expected, abs_tol=1e-6)
    counts = np.zeros(inst.n_projects, dtype=int)
    for s, p in placed.items():
        assert is_open[p] and p in inst.prefs[s] and p not in inst.forbidden[s]
        counts[p] += 1
    assert all(counts[p] + size[p] <= max(inst.max_sizes[p], size[p])
               for p in range(inst.n_projects))
    assert sum(inst.points[s].get(p, 0) for s, p in placed.items()) == round(value[0])
