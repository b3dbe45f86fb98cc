"""The proven upper bounds a solve reports beside its teams, in one place.

Each bound holds for every valid assignment; the LP machinery that produces the relaxation's
bounds stays in :mod:`matcher.search.relaxation` (:func:`~matcher.search.relaxation.lp_bound`,
:func:`~matcher.search.relaxation.pdlp_bounds`) and the HiGHS prover in
:mod:`matcher.search.exact_mip`; here are the bounds computed without an LP solver, and
:func:`~matcher.search.relaxation.terms_bound` (the terms' own bounds) stays beside the
relaxation that adds it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from matcher.search.domain import simple_bound
from matcher.search.heuristics.transport import transport_flow

if TYPE_CHECKING:
    from matcher.search.compiled import CompiledProblem
    from matcher.search.heuristics.instance import Instance
    from matcher.search.heuristics.state import State


def preference_bound(inst: Instance) -> int | None:
    """Most preference points any valid assignment can earn (unweighted), or ``None`` when
    the ideas' places cannot hold every student.

    Model: the transportation LP of
    :func:`~matcher.search.heuristics.transport.transport_flow` with every idea open and no
    minimum size:
    ``max sum points(s,p) x[s,p]``, ``sum_p x[s,p] <= 1``, ``sum_s x[s,p] <= hi_p``. Every
    valid assignment is a feasible point of it (its ranked placements), so its optimum is an
    upper bound; returned as ``floor(z + 1e-6 |z| + 1e-3)``.
    """
    value: list[float] = []
    every = [True] * inst.n_projects
    if transport_flow(inst, every, list(range(inst.n_students)), [0] * inst.n_projects,
                      relax_min=True, value=value) is None or not value:
        return None
    z = value[0]
    return math.floor(z + 1e-6 * abs(z) + 1e-3)


def local_bound(state: State) -> int:
    """A proven upper bound on the objective of every assignment, from the teams of
    ``state``: tight when re-matching, where moving a student who stays costs more than any
    move can gain.

    Model: ``f(B) + sum_s max(0, g_s)``, ``B`` the teams of ``state``, ``g_s = max(0,
    max_{q != B(s)} gain(s, q)) - gain(s, B(s)) + sum_a w_a [s has a known value of a]``
    (``gain``: :meth:`~matcher.search.heuristics.instance.Instance.gain`, ``q`` over the
    ideas ``s`` ranked or was on before; any
    other idea has gain 0), and ``g_s = 0`` for a pinned student. Proof: go from ``B`` to any
    assignment ``A`` one student at a time; moving ``s`` from ``x`` to ``y`` changes the
    preference and ``moves`` terms by exactly ``gain(s, y) - gain(s, x)``, and each coverage
    term by at most ``+w_a`` (``y`` may gain a value; ``x`` loses one or none). So ``f(A) <=
    f(B) + sum_{s : A(s) != B(s)} g_s``; a pinned student never moves. The terms scored
    move by move (``inst.extras``) count by their own proven bound (``inst.extra_bound``)
    instead of their value on ``B``.
    """
    inst = state.inst
    total = state.value
    if inst.extras:  # the terms scored move by move, by their own bound
        if inst.extra_bound is None:
            raise ValueError("a term scored move by move has no proven bound")
        total += inst.extra_bound - sum(w * face.value() for face, w in state.extras)
    cover = [sum(w for code, w in zip(inst.codes, inst.w_attr, strict=True) if code[s] >= 0)
             for s in range(inst.n_students)] if inst.codes else [0] * inst.n_students
    for s, b in enumerate(state.team):
        if inst.pinned[s] >= 0:
            continue
        best = 0
        for q in inst.prefs[s]:
            if q != b and q not in inst.forbidden[s]:
                best = max(best, inst.gain(s, q))
        q = inst.previous[s]
        if q >= 0 and q != b and q not in inst.forbidden[s]:
            best = max(best, inst.gain(s, q))
        g = best - inst.gain(s, b) + cover[s]
        if g > 0:
            total += g
    return total




def cheap_bound(c: CompiledProblem, preference: int | None = None) -> int:
    """:func:`~matcher.search.domain.simple_bound` of the objective, the pair terms
    (:func:`~matcher.search.relaxation.pair_terms`: ``wishes``) by their own upper bound;
    ``preference``: a proven bound of the preference points, if known."""
    rest, _, extra = c.pair_terms
    return (simple_bound(c.problem, rest.get("preference", 0), c.rest_coverage or {},
                         preference) + (extra or 0))
