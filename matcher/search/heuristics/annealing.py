"""Simulated annealing over the local search's moves and swaps, with team closures when
terms scored move by move reward fewer, larger teams."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from matcher.search import thresholds
from matcher.search.heuristics.state import State
from matcher.search.heuristics.team_moves import closable, try_close


def anneal(state: State, deadline: float, rng: random.Random, *, t_start: float = 2.0,
           t_end: float = 0.2, check: Callable[[int], bool] | None = None,
           max_moves: int | None = None) -> State:
    """Simulated annealing over the same moves and swaps as
    :func:`~matcher.search.heuristics.local_search.local_search`: a random
    student, a ranked or random team, a move or a swap with a random member; accepted when it
    improves, or with probability ``exp(delta / T)``, ``T`` falling geometrically from
    ``t_start`` to ``t_end`` until ``deadline``. Returns the best state seen (a new
    :class:`State` when it is not the final one). ``check(best value)`` is called every
    :data:`~matcher.search.thresholds.ANNEAL_CHECK_SECONDS` seconds; returning True ends the
    search early (a stop request, a
    gap reached).
    ``max_moves``: a budget of tried moves instead of time (the temperature then falls with
    the moves tried): the same seed gives the same teams, unless ``deadline`` comes first."""
    inst = state.inst
    lo, hi = inst.min_sizes, inst.max_sizes
    start = time.perf_counter()
    span = max(1e-3, deadline - start)
    temp = t_start
    best_value, best_team = state.value, None
    it = 0
    n = inst.n_students
    ratio = math.log(t_end / t_start)
    next_check = start + thresholds.ANNEAL_CHECK_SECONDS
    # terms scored move by move may reward fewer, larger teams (pairwise): team closures
    closing = bool(inst.extras) and any(inst.optional)
    while True:
        it += 1
        if it % 512 == 0:
            if closing and rng.random() < thresholds.CLOSE_SHARE:
                if best_team is None and state.value == best_value:
                    best_team = list(state.team)  # a closure may leave the best state
                _close_one(state, rng)
                if state.value > best_value:
                    best_value, best_team = state.value, None
            now = time.perf_counter()
            if now >= deadline:
                break
            if check is not None and now >= next_check:
                next_check = now + thresholds.ANNEAL_CHECK_SECONDS
                if check(best_value):
                    break
            if max_moves is not None:
                if it >= max_moves:
                    break
                frac = it / max_moves
            else:
                frac = (now - start) / span
            temp = t_start * math.exp(ratio * frac)
        s = rng.randrange(n)
        p = state.team[s]
        if p in inst.proposes[s] or inst.pinned[s] >= 0:
            continue
        prefs = inst.prefs[s]
        r = rng.random()
        if prefs and r < 0.5:
            q = prefs[rng.randrange(len(prefs))]
            if state.size(q) == 0:
                continue
        elif r < 0.6 and inst.previous[s] >= 0:  # back to the previous team (re-matching)
            q = inst.previous[s]
            if state.size(q) == 0:
                continue
        elif r < 0.8 and inst.partners[s]:  # to a wished teammate's team (pair terms)
            row = inst.partners[s]
            q = state.team[row[rng.randrange(len(row))][0]]
        else:
            q = state.team[rng.randrange(n)]
        if q == p or q in inst.forbidden[s]:
            continue
        members = state.members[q]
        if state.size(p) > lo[p] and state.size(q) < hi[q] and rng.random() < 0.5:
            t = -1
            d = state.move_delta(s, q)
        else:
            t = members[rng.randrange(len(members))]
            if t in inst.proposers[q] or p in inst.forbidden[t] or inst.pinned[t] >= 0:
                continue
            d = state.swap_delta(s, t)
        if d < 0 and rng.random() >= math.exp(d / temp):
            continue
        if not state.fits(s, q, t) or (t >= 0 and not state.fits(t, p, s)):
            continue
        state.apply(s, q, t, d)
        if state.value > best_value:
            best_value = state.value
            best_team = None  # the current state is the best: copy lazily
        elif d < 0 and best_team is None and state.value - d >= best_value:
            # leaving the best state: remember it (undo the step on a copy)
            best_team = list(state.team)
            best_team[s] = p
            if t >= 0:
                best_team[t] = q
    if best_team is not None and best_value > state.value:
        return State(inst, best_team)
    return state



def _close_one(state: State, rng: random.Random) -> None:
    """Try to close one random team (:func:`~matcher.search.heuristics.team_moves.try_close`), kept
    when the objective does not fall."""
    teams = [p for p in range(state.inst.n_projects) if closable(state, p)]
    if teams:
        try_close(state, rng.choice(teams), lambda change: change >= 0)

