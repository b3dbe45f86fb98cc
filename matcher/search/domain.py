"""Which ``x[s,p]`` to create when the dense model (every student x every idea) is too large.

A student earns points only on the ideas they ranked; elsewhere they matter only through their
attribute values and to fill teams. The restricted domain keeps, for each student, every ranked
idea, plus ``fillers`` ideas that are likely to need members they did not rank (the ideas
least demanded relative to their minimum size, spread round-robin over the students so that
each such idea is open to many students of every discipline).

Model: ``x[s,p]`` exists iff ``p`` is ranked by ``s``, or ``p`` is a proposer's own idea, or
``p`` is among the student's fillers. This is a *restriction*: every solution of the
restricted model is a valid assignment, but its optimum may be lower than the problem's, so
its CP-SAT bound is never reported as a bound of the problem (an LP bound is, see
:mod:`matcher.search.relaxation`).
"""

from __future__ import annotations

from collections.abc import Mapping

from matcher.problem import Problem
from matcher.registry import RULES
from matcher.search.relaxation import LpBound, coverage_attributes


def restricted_domain(problem: Problem, fillers: int = 8) -> list[list[int]]:
    """For each student index, the project indices of its restricted domain (see module)."""
    students, projects = problem.students, problem.projects
    pindex = problem.project_index
    demand = [0.0] * len(projects)
    for s in students:
        for r, pid in enumerate(s.preferences):
            demand[pindex[pid]] += 1.0 / (1 + r)
    # ideas whose ranked demand least covers their capacity come first
    order = sorted(range(len(projects)),
                   key=lambda pi: demand[pi] / max(1, projects[pi].max_size))
    pool = order[: max(fillers, len(order) // 2)] or order
    out: list[list[int]] = []
    proposed = problem.proposed_by()
    for si, s in enumerate(students):
        dom = [pindex[pid] for pid in s.preferences]
        dom += [pindex[pid] for pid in proposed.get(s.id, ())]
        k = min(fillers, len(pool))
        start = (si * 7919) % len(pool)
        dom += [pool[(start + j * max(1, len(pool) // k)) % len(pool)] for j in range(k)]
        out.append(sorted(set(dom)))
    return out


def close_under_rules(problem: Problem, allowed: list[list[int]]) -> list[list[int]]:
    """``allowed`` widened so that the rules tying students to ideas or to each other can
    hold, each rule of :data:`~matcher.registry.RULES` widening it in turn
    (:meth:`Constraint.close_domain <matcher.constraints.base.Constraint.close_domain>`: a fixed
    student keeps their idea, the members of a ``keep_together`` group share the union of their
    domains, since disjoint domains would make the restriction infeasible)."""
    out = [set(dom) for dom in allowed]
    for cls in RULES.values():
        cls.close_domain(problem, out)
    return [sorted(dom) for dom in out]


def simple_bound(problem: Problem, w_pref: int, coverage: dict[str, int],
                 preference: int | None = None) -> int:
    """A cheap proven upper bound: every student on their favourite idea (or ``preference``
    points, a proven bound on them such as
    :func:`~matcher.search.bounds.preference_bound`), and every team as diverse as its
    size and the cohort allow.

    Model: ``w_pref sum_s max_p points(s,p) + sum_a w_a min(n, sum_p min(max_p, V_a),
    sum_v min(n_v, P))``. Proof: the terms are maximised separately (the maximum of a sum is
    at most the sum of the maxima); a team of size ``m`` holds at most ``min(m, V_a)``
    distinct values and the sizes sum to ``n``; a value held by ``n_v`` students appears in
    at most ``min(n_v, P)`` teams.
    """
    k = problem.max_preferences
    pref = sum(k for s in problem.students if s.preferences)
    if preference is not None:
        pref = min(pref, preference)
    total = w_pref * pref
    n_p = len(problem.projects)
    for attr, w in coverage.items():
        groups = problem.groups(attr)
        per_team = min(len(problem.students),
                       sum(min(p.max_size, len(groups)) for p in problem.projects))
        per_value = sum(min(len(m), n_p) for m in groups.values())
        total += w * min(per_team, per_value)
    return total


def lp_guided_domain(problem: Problem, weights: Mapping[str, int] | None, relaxed: LpBound, *,
                     dense: bool, fixed_at: float = 0.99) -> list[list[int]]:
    """The LP-guided neighbourhood: a student the LP places (``x >= fixed_at``) on a ranked
    idea gets that idea only; the others keep their ranked ideas, the ideas where the LP places
    unranked members sharing one of their values, and either every idea (``dense``) or the
    fillers of :func:`restricted_domain`.

    Model: a restriction (see module docstring); proposers always keep their own ideas.
    """
    n_p = len(problem.projects)
    fixed: dict[int, int] = {si: pi for (si, pi), v in relaxed.ranked.items() if v >= fixed_at}
    attrs = list((coverage_attributes(problem, weights) or {}).keys())
    support: dict[tuple[str, object], set[int]] = {}
    for (pi, attr, value), v in relaxed.unranked.items():
        if v > 1e-6:
            support.setdefault((attr, value), set()).add(pi)
    fillers = None if dense else restricted_domain(problem)
    proposed = problem.proposed_by()
    pindex = problem.project_index
    out: list[list[int]] = []
    for si, s in enumerate(problem.students):
        own = [pindex[pid] for pid in proposed.get(s.id, ())]
        if si in fixed:
            out.append(sorted({fixed[si], *own}))
            continue
        if dense:
            out.append(list(range(n_p)))
            continue
        dom = set(fillers[si]) | set(own)  # type: ignore[index]
        for attr in attrs:
            dom |= support.get((attr, s.value(attr)), set())
        out.append(sorted(dom))
    return out
