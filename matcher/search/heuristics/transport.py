"""The transportation flow: most preference points under the team sizes, as a minimum-cost
flow, for the construction's first placements and the preference bound
(:func:`~matcher.search.bounds.preference_bound`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.graph.python import min_cost_flow

if TYPE_CHECKING:
    from matcher.search.heuristics.instance import Instance


def transport_flow(inst: Instance, is_open: list[bool], free: list[int], size: list[int], *,
          relax_min: bool = False, value: list[float] | None = None
          ) -> dict[int, int] | None:
    """Most preference points under the team sizes: a transportation problem solved as a
    minimum-cost flow (OR-Tools' network simplex; integral). ``None`` when no flow meets
    the sizes (the caller then assigns greedily by rank).

    Model: ``max sum points(s,p) x[s,p]`` over ranked open pairs, ``sum_p x[s,p] <= 1``,
    ``lo'_p <= sum_s x[s,p] + u_p <= hi'_p`` (sizes less the proposers already placed),
    ``sum x + sum u = |free|``, ``u_p >= 0`` the members placed there without ranking it.
    As a network: each free student supplies 1, sent to a ranked idea (cost ``-points``) or to
    a pool (cost 0) that feeds every open idea; idea ``p`` keeps ``lo'_p`` (its demand) and
    passes up to ``hi'_p - lo'_p`` on to a sink that takes the rest. ``relax_min`` drops the
    minimum sizes; ``value``, when given, receives the optimum. Faster than HiGHS's simplex
    on the same LP (benchmarks/results/large_gap_components.md).
    """
    opened = [p for p in range(inst.n_projects) if is_open[p]]
    if not free or not opened:
        return None
    m = len(free)
    pool, first_idea = m, m + 1
    sink = first_idea + len(opened)
    node = {p: first_idea + i for i, p in enumerate(opened)}
    lo = {p: 0 if relax_min else max(0, inst.min_sizes[p] - size[p]) for p in opened}
    hi = {p: max(0, inst.max_sizes[p] - size[p]) for p in opened}
    need = sum(lo.values())
    if need > m or sum(hi.values()) < m:
        return None
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []
    ranked: list[tuple[int, int]] = []
    at: list[int] = []  # the arc of each ranked pair
    for i, s in enumerate(free):
        for p in inst.prefs[s]:
            pts = inst.points[s].get(p, 0)
            if is_open[p] and p not in inst.forbidden[s] and pts > 0:
                at.append(len(tails))
                tails.append(i)
                heads.append(node[p])
                caps.append(1)
                costs.append(-int(pts))
                ranked.append((s, p))
        tails.append(i)
        heads.append(pool)
        caps.append(1)
        costs.append(0)
    for p in opened:
        tails += [pool, node[p]]
        heads += [node[p], sink]
        caps += [hi[p], hi[p] - lo[p]]
        costs += [0, 0]
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = [1] * m + [0] + [-lo[p] for p in opened] + [-(m - need)]
    flow.set_nodes_supplies(list(range(sink + 1)), supplies)
    if flow.solve() != flow.OPTIMAL:
        return None
    if value is not None:
        value.append(float(-flow.optimal_cost()))
    sent = flow.flows([arcs[k] for k in at]) if ranked else []
    return {s: p for (s, p), f in zip(ranked, sent, strict=True) if f > 0}

