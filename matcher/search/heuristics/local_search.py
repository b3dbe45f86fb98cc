"""Descent: improving moves of one student and swaps of two until a local optimum.

Each step is evaluated incrementally from per-team value counts (:class:`State`'s deltas) and
accepted when it improves the objective and keeps every kept rule (:meth:`State.fits`).
"""

from __future__ import annotations

import random
import time

from matcher.search.heuristics.state import State


def local_search(state: State, deadline: float, rng: random.Random,
                 students: list[int] | None = None) -> int:
    """Improving moves and swaps (module docstring) until ``deadline`` or a local
    optimum; returns the number of improvements. ``students``: restrict to these."""
    inst = state.inst
    lo, hi = inst.min_sizes, inst.max_sizes
    order = list(range(inst.n_students)) if students is None else list(students)
    improved_total = 0
    while time.perf_counter() < deadline:
        rng.shuffle(order)
        improved = 0
        for i, s in enumerate(order):
            if i % 256 == 0 and time.perf_counter() >= deadline:
                return improved_total + improved
            p = state.team[s]
            if p in inst.proposes[s] or inst.pinned[s] >= 0:
                continue
            # candidate teams: ranked ideas and a few random open teams
            cands = [q for q in inst.prefs[s] if q != p and state.size(q) > 0]
            if inst.previous[s] >= 0 and inst.previous[s] != p and state.size(inst.previous[s]) > 0:
                cands.append(inst.previous[s])
            cands += [state.team[t] for t, c in inst.partners[s] if c > 0 and state.team[t] != p]
            for _ in range(3):
                q = state.team[rng.randrange(inst.n_students)]
                if q != p:
                    cands.append(q)
            best = (0, -1, -1)
            can_leave = state.size(p) > lo[p]
            for q in cands:
                if q in inst.forbidden[s]:
                    continue
                if can_leave and state.size(q) < hi[q]:
                    d = state.move_delta(s, q)
                    if d > best[0] and state.fits(s, q):
                        best = (d, q, -1)
                members = state.members[q]
                for _ in range(min(4, len(members))):
                    t = members[rng.randrange(len(members))]
                    if (t in inst.proposers[q] or p in inst.forbidden[t]
                            or inst.pinned[t] >= 0):
                        continue
                    d = state.swap_delta(s, t)
                    if d > best[0] and state.fits(s, q, t) and state.fits(t, p, s):
                        best = (d, q, t)
            d, q, t = best
            if q < 0:
                continue
            state.apply(s, q, t, d)
            improved += 1
        improved_total += improved
        if not improved:
            break
    return improved_total

