"""Large-neighbourhood search: free a few teams at a time and re-solve them exactly.

Works on a :class:`~matcher.search.heuristics.state.State` (every student placed, the rules whose
:meth:`~matcher.constraints.base.Constraint.keep` face the heuristics keep). Each step picks
a seed team and the 1-5 teams its members ranked most (or whose members ranked it, or hold
their wished teammates), sometimes with a closed optional idea they ranked, frees every
member of those teams and re-solves their placement with CP-SAT.

Model of one step (``F`` the freed students, ``T`` the chosen teams; the rest is fixed, so
the objective change is local)::

    sum_{p in T} x[s,p] = 1                       s in F
    lo_p o_p <= sum_{s in F} x[s,p] <= hi_p o_p   p in T   (o_p = 1 for a mandatory idea)
    x[s,p] = o_p                                  s a proposer of p
    has[p,a,v] = max_{s in F, a(s)=v} x[s,p]
    x[s,p] + x[t,p] <= 1                          s, t in F kept apart (avoid, keep_apart)
    sum_{s in F, c(s)=v} x[s,p] in {0} U [2, inf)  each no_isolated code v (a boolean each)
    sum_{s in F, g(s)=v} x[s,p] <= k              each cap (new_teammates)
    y[s,t,p] = x[s,p] AND x[t,p]                  s, t in F with a pair coefficient c_st
    max  sum (w_pref points(s,p) + w_moves [p = prev(s)]) x[s,p] + sum_a w_a sum_{p,v} has[p,a,v]
         + sum c_st y[s,t,p]

The current placement is handed as a hint and is feasible, so a step never loses; a better
placement replaces it. Forbidden pairs (refusals, ``top_k``) have no variable, and a pinned
student (``fixed``) has only their own idea's. ``has`` and ``y`` are exact, so the objective
of any solution, even one the step's time limit cuts short, is the local value of its
placement: the gain a step reports is the change its moves make to the state. (With only
``has <= sum x``, tight at an optimum but not on a solution cut short, a step on a 10,000 x
1,000 cohort under load reported a gain of 4 for moves worth 9.)
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from ortools.sat.python import cp_model

from matcher.search import thresholds
from matcher.search.consistency import inconsistent
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.local_search import local_search
from matcher.search.heuristics.state import State


def _pick(inst: Instance, state: State, rng: random.Random, k: int) -> list[int]:
    """A seed team and up to ``k - 1`` teams linked to it by preferences."""
    open_teams = [p for p in range(inst.n_projects) if state.size(p) > 0]
    seed = rng.choice(open_teams)
    score: dict[int, float] = {}
    for s in state.members[seed]:
        for q in inst.prefs[s]:
            if q != seed:
                score[q] = score.get(q, 0.0) + 1.0 + rng.random()
        for t, _ in inst.partners[s]:  # teams of wished teammates (pair terms)
            q = state.team[t]
            if q != seed:
                score[q] = score.get(q, 0.0) + 1.0 + rng.random()
    for q, v in list(score.items()):
        if state.size(q) == 0:
            props = inst.proposers[q]
            if props and any(state.team[s] != seed for s in props):
                del score[q]  # opening it would need a proposer from outside
            else:
                score[q] = v * 0.5
    chosen = [seed] + [q for q, _ in sorted(score.items(), key=lambda e: -e[1])][: k - 2]
    while len(chosen) < k:  # plus a random open team (diversity swaps across the cohort)
        q = rng.choice(open_teams)
        if q not in chosen:
            chosen.append(q)
        elif len(open_teams) <= len(chosen):
            break
    return chosen


def _step(inst: Instance, state: State, teams: list[int], time_limit: float, seed: int,
          stop: threading.Event | None, deterministic: bool = False) -> tuple[int, bool]:
    """Re-solve ``teams`` (module docstring); apply and return the gain (0: none) and whether
    CP-SAT used its whole limit (``deterministic``: a deterministic-time limit)."""
    freed = [s for p in teams for s in state.members[p]]
    built = step_model(inst, state, teams)
    if built is None:
        return 0, False
    m, x = built.model, built.x
    current = _local_value(inst, state, teams)
    solver = _step_solver(seed, time_limit, deterministic)
    if stop is not None and stop.is_set():
        return 0, False
    code_ = solver.solve(m)
    full = code_ != cp_model.OPTIMAL
    if code_ not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0, full
    if any(face.pair_matrix() is None for face, _ in inst.extras):
        return _apply_scored(inst, state, x, solver, freed, seed), full
    return _apply_modelled(state, x, solver, round(solver.objective_value) - current), full


class StepModel(NamedTuple):
    """The CP-SAT model of one LNS step (its objective maximised) and its placement
    variables ``x[s,p]``."""

    model: cp_model.CpModel
    x: dict[tuple[int, int], cp_model.IntVar]


def step_model(inst: Instance, state: State, teams: list[int]) -> StepModel | None:
    """The CP-SAT model of one step over ``teams`` (module docstring), hinted with the current
    placement; ``None`` when there is nothing to re-solve (no member, or
    a mandatory idea's proposer who cannot join it).

    Its objective is a function of the placement: on every feasible solution, optimal or not,
    it equals :func:`_local_value` of the placement (``has`` and ``y`` are exact, not bounds
    that only an optimum makes tight), so the solution's objective minus the current local
    value is the change the moves make to the state."""
    freed = [s for p in teams for s in state.members[p]]
    if not freed:
        return None
    m = cp_model.CpModel()
    x, by_team = _post_placements(inst, m, freed, teams)
    if not _post_sizes_and_proposers(inst, state, m, x, by_team, teams):
        return None
    terms: list[cp_model.IntVar] = []
    coeffs: list[int] = []
    _add_points_and_coverage(inst, state, m, x, by_team, teams, terms, coeffs)
    freed_set = set(freed)
    _post_apart_and_pairs(inst, state, m, x, teams, freed, freed_set, terms, coeffs)
    _post_caps(inst, m, by_team, teams)
    _post_floors_and_groups(inst, state, m, x, by_team, teams, freed_set)
    m.maximize(cp_model.LinearExpr.weighted_sum(terms, coeffs))
    for (s, p), v in x.items():
        m.add_hint(v, state.team[s] == p)
    return StepModel(m, x)


def _post_placements(inst: Instance, m: cp_model.CpModel, freed: list[int], teams: list[int]
                     ) -> tuple[dict[tuple[int, int], cp_model.IntVar],
                                dict[int, list[tuple[int, cp_model.IntVar]]]]:
    """``x[s,p]`` for each freed student and chosen team they may join (not forbidden, not
    pinned elsewhere), exactly one per student; and each team's ``(s, x[s,p])``."""
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_team: dict[int, list[tuple[int, cp_model.IntVar]]] = {p: [] for p in teams}
    for s in freed:
        row = []
        for p in teams:
            if p in inst.forbidden[s] or inst.pinned[s] not in (-1, p):
                continue
            v = m.new_bool_var("")
            x[s, p] = v
            row.append(v)
            by_team[p].append((s, v))
        m.add_exactly_one(row)
    return x, by_team


def _post_sizes_and_proposers(inst: Instance, state: State, m: cp_model.CpModel,
                              x: dict[tuple[int, int], cp_model.IntVar],
                              by_team: dict[int, list[tuple[int, cp_model.IntVar]]],
                              teams: list[int]) -> bool:
    """Each chosen team's size within its bounds when open (an optional idea may close), its
    proposers on it exactly when it is open; ``False`` when a mandatory idea's proposer cannot
    join it (no step)."""
    opened: dict[int, cp_model.IntVar | int] = {}
    for p in teams:
        xs = [v for _, v in by_team[p]]
        if inst.optional[p]:
            o = m.new_bool_var("")
            m.add_hint(o, state.size(p) > 0)
            opened[p] = o
            m.add(sum(xs) >= inst.min_sizes[p] * o)
            m.add(sum(xs) <= inst.max_sizes[p] * o)
        else:
            opened[p] = 1
            m.add(sum(xs) >= inst.min_sizes[p])
            m.add(sum(xs) <= inst.max_sizes[p])
        for s in inst.proposers[p]:
            if (s, p) in x:
                m.add(x[s, p] == opened[p])
            elif inst.optional[p]:
                m.add(opened[p] == 0)
            else:
                return False
    return True


def _add_points_and_coverage(inst: Instance, state: State, m: cp_model.CpModel,
                             x: dict[tuple[int, int], cp_model.IntVar],
                             by_team: dict[int, list[tuple[int, cp_model.IntVar]]],
                             teams: list[int], terms: list[cp_model.IntVar],
                             coeffs: list[int]) -> None:
    """The objective's separable part (points and ``moves``: :meth:`Instance.gain`) and its
    coverage (``has[p,a,v] = max x``, hinted from the current teams) added to ``terms``."""
    for (s, p), v in x.items():
        pts = inst.gain(s, p)
        if pts:
            terms.append(v)
            coeffs.append(pts)
    for a, code in enumerate(inst.codes):
        w = inst.w_attr[a]
        for p in teams:
            holders: dict[int, list[cp_model.IntVar]] = {}
            for s, v in by_team[p]:
                c = code[s]
                if c >= 0:
                    holders.setdefault(c, []).append(v)
            for c, xs in holders.items():
                h = m.new_bool_var("")
                m.add_max_equality(h, xs)  # exact, not only has <= sum x (module docstring)
                m.add_hint(h, state.count[a][p][c] > 0)
                terms.append(h)
                coeffs.append(w)


def _post_apart_and_pairs(inst: Instance, state: State, m: cp_model.CpModel,
                          x: dict[tuple[int, int], cp_model.IntVar], teams: list[int],
                          freed: list[int], freed_set: set[int], terms: list[cp_model.IntVar],
                          coeffs: list[int]) -> None:
    """The kept rules among the freed (the others are on other teams): pairs kept apart never
    on one team; and the pair terms, ``y = x[s,p] AND x[t,p]`` earning ``c_st``, added to
    ``terms`` (student by student, in the model's order)."""
    pair_coeffs = _pair_coefficients(inst, freed)
    for s in freed:
        for t in inst.apart[s]:
            if t > s and t in freed_set:
                for p in teams:
                    if (s, p) in x and (t, p) in x:
                        m.add(x[s, p] + x[t, p] <= 1)
        for t, c in pair_coeffs.get(s, ()):
            if t > s:
                for p in teams:
                    if (s, p) in x and (t, p) in x:
                        y = m.new_bool_var("")
                        m.add_implication(y, x[s, p])
                        m.add_implication(y, x[t, p])
                        m.add_bool_or([x[s, p].Not(), x[t, p].Not(), y])
                        m.add_hint(y, state.team[s] == p and state.team[t] == p)
                        terms.append(y)
                        coeffs.append(c)


def _post_caps(inst: Instance, m: cp_model.CpModel,
               by_team: dict[int, list[tuple[int, cp_model.IntVar]]], teams: list[int]) -> None:
    """At most ``k`` freed students of a capped group per chosen team."""
    for codes, k in inst.caps:
        for p in teams:
            groups: dict[int, list[cp_model.IntVar]] = {}
            for s, v in by_team[p]:
                if codes[s] >= 0:
                    groups.setdefault(codes[s], []).append(v)
            for xs in groups.values():
                if len(xs) > k:
                    m.add(sum(xs) <= k)


def _step_solver(seed: int, time_limit: float, deterministic: bool) -> cp_model.CpSolver:
    """One worker, ``seed``, and ``time_limit`` seconds (``deterministic``: of CP-SAT's
    deterministic time)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.random_seed = seed
    if deterministic:
        solver.parameters.max_deterministic_time = max(0.01, time_limit)
    else:
        solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.catch_sigint_signal = False
    return solver


def _apply_modelled(state: State, x: dict[tuple[int, int], cp_model.IntVar],
                    solver: cp_model.CpSolver, gain: int) -> int:
    """Move the freed students where CP-SAT put them when that gains (every term in its
    model); the gain, checked against the incremental objective, or 0 (a step whose two
    evaluations disagree is undone: :func:`~matcher.search.consistency.inconsistent`)."""
    if gain <= 0:
        return 0
    before = state.value
    moved: list[tuple[int, int]] = []
    for (s, p), v in x.items():
        if solver.boolean_value(v) and state.team[s] != p:
            moved.append((s, state.team[s]))
            state.move(s, p)
    if state.value - before != gain:  # the two evaluations disagree: a bug, never silent
        inconsistent(f"LNS gain {gain} != incremental change {state.value - before}")
        _undo(state, moved[::-1], before)
        return 0
    return gain


def _undo(state: State, back: list[tuple[int, int]], before: int) -> None:
    """Put each ``(s, p)`` of ``back`` on ``p``, in order; the state's value must be
    ``before`` again (else it is recomputed from its teams, and reported)."""
    for s, p in back:
        state.move(s, p)
    if state.value != before:  # the undo must restore the value: a bug, never silent
        inconsistent(f"LNS undo left {state.value} != {before}")
        state.value = state.objective()


def _pair_coefficients(inst: Instance, freed: list[int]) -> dict[int, list[tuple[int, int]]]:
    """The pair terms among ``freed``: ``s -> [(t, c)]``, the weighted coefficient ``c`` that
    ``s`` and ``t`` earn on one team, from the pair terms (``wishes``) and the terms scored
    move by move that are sums over pairs (their
    :meth:`~matcher.scoring.incremental.Incremental.pair_matrix`: ``pairwise``)."""
    freed_set = set(freed)
    out: dict[int, dict[int, int]] = {}
    for s in freed:
        for t, c in inst.partners[s]:
            if t in freed_set:
                row = out.setdefault(s, {})
                row[t] = row.get(t, 0) + c
    matrices = [(face.pair_matrix(), w) for face, w in inst.extras]
    matrices = [(mat, w) for mat, w in matrices if mat is not None]
    if matrices:
        idx = np.array(freed, dtype=np.int64)
        total = sum(w * mat[np.ix_(idx, idx)] for mat, w in matrices)
        for a, b in zip(*np.nonzero(total), strict=True):
            s, t = freed[a], freed[b]
            row = out.setdefault(s, {})
            row[t] = row.get(t, 0) + int(total[a, b])
    return {s: [(t, c) for t, c in row.items() if c] for s, row in out.items()}


def _apply_scored(inst: Instance, state: State, x: dict[tuple[int, int], cp_model.IntVar],
                  solver: cp_model.CpSolver, freed: list[int], seed: int) -> int:
    """Apply a step whose model leaves out the terms scored move by move (``inst.extras``):
    the re-solved placement, polished by the local search on the freed students with the
    whole objective; kept when the whole objective gained (its change, returned), undone
    otherwise (0)."""
    before, saved = state.value, list(state.team)
    for (s, p), v in x.items():
        if solver.boolean_value(v) and state.team[s] != p:
            state.move(s, p)
    local_search(state, time.perf_counter() + thresholds.LNS_POLISH_SECONDS, random.Random(seed),
                 students=freed)
    gain = state.value - before
    if gain > 0:
        return gain
    _undo(state, [(s, p) for s, p in enumerate(saved) if state.team[s] != p], before)
    return 0


def _post_floors_and_groups(inst: Instance, state: State, m: cp_model.CpModel,
                            x: dict[tuple[int, int], cp_model.IntVar],
                            by_team: dict[int, list[tuple[int, cp_model.IntVar]]],
                            teams: list[int], freed: set[int]) -> None:
    """The kept floors (at least ``k`` distinct codes in every non-empty team of ``teams``,
    whose members are all freed), codes never held alone (``no_isolated``) and groups (the
    freed members of a group on one team)."""
    for f, (codes, k) in enumerate(inst.floors):
        for p in teams:
            xs = [v for _, v in by_team[p]]
            if not xs:
                continue
            nonempty = m.new_bool_var("")
            m.add(sum(xs) >= nonempty)
            for v in xs:
                m.add_implication(v, nonempty)
            holders: dict[int, list[cp_model.IntVar]] = {}
            for s, v in by_team[p]:
                if codes[s] >= 0:
                    holders.setdefault(codes[s], []).append(v)
            has = []
            for c, hs in holders.items():
                h = m.new_bool_var("")
                m.add(sum(hs) >= h)
                m.add_hint(h, state.floorcount[f][p][c] > 0)
                has.append(h)
            m.add(sum(has) >= k * nonempty)
    for f, codes in enumerate(inst.pairs):  # no lone holder: 0 or at least 2 per team
        for p in teams:
            holders: dict[int, list[cp_model.IntVar]] = {}
            for s, v in by_team[p]:
                if codes[s] >= 0:
                    holders.setdefault(codes[s], []).append(v)
            for c, hs in holders.items():
                if len(hs) == 1:
                    m.add(hs[0] == 0)
                    continue
                b = m.new_bool_var("")
                m.add_hint(b, state.paircount[f][p][c] > 0)
                m.add(sum(hs) >= 2).only_enforce_if(b)
                m.add(sum(hs) == 0).only_enforce_if(~b)
    for group in inst.together:
        members = [s for s in group if s in freed]
        if len(members) != len(group) and members:
            for s in members:  # a group split across the neighbourhood: never, but stay put
                m.add(x[s, state.team[s]] == 1)
            continue
        for a, b in zip(members, members[1:], strict=False):
            for p in teams:
                va, vb = x.get((a, p)), x.get((b, p))
                if va is None and vb is None:
                    continue
                m.add((va if va is not None else 0) == (vb if vb is not None else 0))


def _local_value(inst: Instance, state: State, teams: list[int]) -> int:
    """The objective restricted to ``teams`` (points of their members, coverage, and the
    pairs of teammates within them)."""
    total = 0
    matrices = [(face.pair_matrix(), w) for face, w in inst.extras]
    for p in teams:
        for s in state.members[p]:
            total += inst.gain(s, p)
            total += sum(c for t, c in inst.partners[s] if t > s and state.team[t] == p)
        for a, w in enumerate(inst.w_attr):
            total += w * sum(1 for c in state.count[a][p] if c > 0)
        idx = np.array(state.members[p], dtype=np.int64)
        for mat, w in matrices:
            if mat is not None and len(idx) > 1:
                total += w * int(mat[np.ix_(idx, idx)].sum()) // 2
    return total


def lns(inst: Instance, state: State, *, deadline: float, seed: int = 0,
        stop: threading.Event | None = None,
        on_improve: Callable[[int], None] | None = None,
        done: Callable[[], bool] | None = None, max_stall: int | None = None,
        step_limit: float = 0.3, max_teams: int = 16, max_steps: int | None = None) -> int:
    """Improve ``state`` in place until ``deadline``, ``stop``, ``done()`` is true, or
    ``max_stall`` steps in a row without gain; returns the total gain.

    ``on_improve(value)`` is called after each improving step. The neighbourhood grows (up to
    ``max_teams``) while the steps end well within ``step_limit`` seconds and shrinks when they
    use it all (a step cut short still keeps the best placement it found).
    ``max_steps``: a budget of steps, each limited in CP-SAT's deterministic time, instead of
    wall time: the same seed gives the same teams, unless ``deadline`` comes first.
    """
    rng = random.Random(seed)
    k, total, stall, it = 6, 0, 0, 0
    while time.perf_counter() < deadline:
        if (stop is not None and stop.is_set()) or (done is not None and done()):
            break
        if max_stall is not None and stall >= max_stall:
            break
        if max_steps is not None and it >= max_steps:
            break
        it += 1
        teams = _pick(inst, state, rng, k)
        left = deadline - time.perf_counter()
        gain, full = _step(inst, state, teams,
                           step_limit if max_steps is not None else min(left, step_limit),
                           seed + it, stop, deterministic=max_steps is not None)
        if not full and k < max_teams:
            k += 1
        elif full and k > 2:
            k -= 1
        if gain > 0:
            total += gain
            stall = 0
            if on_improve is not None:
                on_improve(state.value)
        else:
            stall += 1
    return total
