"""Closing a team: a move of the local search that empties an optional idea at once.

A move of one student never takes a team below its minimum size, so the single-student
moves and swaps of :mod:`matcher.search.heuristics.local_search` and
:mod:`matcher.search.heuristics.annealing` never close a team the construction
opened. Terms that reward fewer, larger teams (``pairwise``: every pair of teammates adds its
dissimilarity) then stay far from their best. :func:`try_close` dissolves one optional team:
each member, in turn, goes to the open team where the objective gains most (room left, not
forbidden, every kept rule kept; no ``no_isolated`` holder left alone once all have moved);
the step is kept when ``accept(change)`` says so, else undone.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from matcher.search.heuristics.state import State


def closable(state: State, p: int) -> bool:
    """Whether team ``p`` may close: an open optional idea with no pinned member, no
    proposer (they would have to follow it) and no group kept together."""
    inst = state.inst
    if not inst.optional[p] or state.size(p) == 0 or inst.proposers[p]:
        return False
    return all(inst.pinned[s] < 0 and inst.group_of[s] < 0 for s in state.members[p])


def try_close(state: State, p: int, accept: Callable[[int], bool]) -> int:
    """Dissolve team ``p`` (module docstring): the objective change when kept, else 0 (the
    members back on ``p``). Never breaks a rule: a member who fits nowhere undoes the step."""
    inst = state.inst
    before = state.value
    moved: list[int] = []
    ok = True
    strict, state.strict_pairs = state.strict_pairs, False  # p empties: checked at the end
    for s in list(state.members[p]):
        best, best_d = -1, None
        for q in range(inst.n_projects):
            if (q == p or state.size(q) == 0 or state.size(q) >= inst.max_sizes[q]
                    or q in inst.forbidden[s]):
                continue
            d = state.move_delta(s, q)
            if (best_d is None or d > best_d) and state.fits(s, q):
                best, best_d = q, d
        if best < 0:
            ok = False
            break
        state.move(s, best, best_d)
        moved.append(s)
    state.strict_pairs = strict
    if ok and strict and inst.pairs:  # no lone holder left on the teams that took them
        touched = {state.team[s] for s in moved}
        ok = not any(c == 1 for f in range(len(inst.pairs)) for q in touched
                     for c in state.paircount[f][q])
    change = state.value - before
    if ok and accept(change):
        return change
    for s in moved:
        state.move(s, p)
    return 0


def close_teams(state: State, rng: random.Random) -> int:
    """Try to close every closable team once, in random order, keeping each closure that
    improves the objective; returns the total gain."""
    teams = [p for p in range(state.inst.n_projects) if closable(state, p)]
    rng.shuffle(teams)
    gain = 0
    for p in teams:
        if closable(state, p):
            gain += try_close(state, p, lambda change: change > 0)
    return gain
