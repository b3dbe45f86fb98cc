"""The construction's part for the kept rules that bind many students at once: groups kept
together placed as units before anyone else, and teams below a floor of distinct values
(``min_distinct``) raised by swaps once every student is placed.

Both work on the flat :class:`~matcher.search.heuristics.instance.Instance`; the floor repair on its
:class:`~matcher.search.heuristics.state.State`, every swap checked by
:meth:`~matcher.search.heuristics.state.State.fits` (so it never breaks another kept rule).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from matcher.search import thresholds

if TYPE_CHECKING:
    from matcher.search.heuristics.instance import Instance
    from matcher.search.heuristics.state import State


def place_groups(inst: Instance, is_open: list[bool], team: list[int], size: list[int]
                 ) -> bool:
    """Each ``together`` group on one open team: the team of a member already placed
    (pinned or proposer), else the open team with most room its members may all join (most
    preference points on a tie). ``False`` when members are placed on two teams or no team
    has room."""
    for group in inst.together:
        placed = {team[s] for s in group if team[s] >= 0}
        if len(placed) > 1:
            return False
        rest = [s for s in group if team[s] < 0]
        if placed:
            p = placed.pop()
            if size[p] + len(rest) > inst.max_sizes[p] or any(p in inst.forbidden[s] for s in rest):
                return False
        else:
            cands = [p for p in range(inst.n_projects) if is_open[p]
                     and size[p] + len(rest) <= inst.max_sizes[p]
                     and not any(p in inst.forbidden[s] for s in rest)]
            if not cands:
                return False
            p = max(cands, key=lambda p: (sum(inst.gain(s, p) for s in rest),
                                          inst.max_sizes[p] - size[p], -p))
        for s in rest:
            team[s] = p
            size[p] += 1
    return True


def repair_floors(inst: Instance, state: State, rng: random.Random) -> bool:
    """Raise every open team below a floor of distinct codes to it by swaps: a member whose
    code the team holds twice (or no code) leaves for a student of another team bringing a
    code it lacks, both sides fitting every kept rule, least objective loss first. ``False``
    when a team stays below."""
    if not inst.floors:
        return True
    for _ in range(4 * inst.n_projects + 4):
        short = [(p, f) for p in range(inst.n_projects) if state.members[p]
                 for f, (_, k) in enumerate(inst.floors) if state.distinct[f][p] < k]
        if not short:
            return True
        p, f = short[0]
        if not _raise(inst, state, p, f, rng):
            return False
    return False


def _raise(inst: Instance, state: State, p: int, f: int, rng: random.Random) -> bool:
    """One swap that gives team ``p`` a code of floor ``f`` it lacks; ``False`` when none."""
    codes, _ = inst.floors[f]
    count = state.floorcount[f][p]
    movable = [s for s in state.members[p] if _free(inst, state, s)]
    leaving = [s for s in movable if codes[s] < 0 or count[codes[s]] > 1]
    if not leaving:
        return False
    joining = [t for t in range(inst.n_students) if state.team[t] != p and codes[t] >= 0
               and count[codes[t]] == 0 and p not in inst.forbidden[t]
               and _free(inst, state, t)]
    pairs = [(s, t) for s in leaving for t in joining]
    if len(pairs) > thresholds.SWAP_SAMPLE:
        pairs = rng.sample(pairs, thresholds.SWAP_SAMPLE)
    best, best_delta = None, None
    for s, t in pairs:
        q = state.team[t]
        if q in inst.forbidden[s] or not state.fits(t, p, s) or not state.fits(s, q, t):
            continue
        d = state.swap_delta(s, t)
        if best_delta is None or d > best_delta:
            best, best_delta = (s, t), d
    if best is None:
        return False
    s, t = best
    state.apply(s, state.team[t], t, best_delta)
    return True


def _free(inst: Instance, state: State, s: int) -> bool:
    """``s`` may move: not pinned, no proposer of its team, in no ``together`` group."""
    return (inst.pinned[s] < 0 and state.team[s] not in inst.proposes[s]
            and inst.group_of[s] < 0)


def repair_pairs(inst: Instance, state: State, rng: random.Random) -> bool:
    """Leave no lone holder of a ``no_isolated`` code on any team (the construction fills
    teams without this rule): for each lone holder, the move or swap that most lowers the
    number of lone holders on the two teams it touches (the holder joins a team holding its
    code, or a second holder joins it from a team holding three or one), sizes and every
    other kept rule kept, least objective loss on a tie; when none does, one that passes the
    loneliness on (a pair broken to mend it), so that a holder who cannot move is reached.
    ``False`` when one stays alone."""
    if not inst.pairs:
        return True
    for _ in range(2 * inst.n_students + 4):
        lone = _lone_holders(inst, state)
        if not lone:
            return True
        if not _mend(inst, state, rng.choice(lone), rng):
            return False
    return False


def _lone_holders(inst: Instance, state: State) -> list[int]:
    """The students alone on their team with a code of a ``no_isolated`` rule."""
    out = []
    for f, codes in enumerate(inst.pairs):
        count = state.paircount[f]
        for s, v in enumerate(codes):
            p = state.team[s]
            if v >= 0 and p >= 0 and count[p][v] == 1:
                out.append(s)
    return out


def _lone_on(inst: Instance, state: State, p: int) -> int:
    """How many codes of the ``no_isolated`` rules have exactly one holder on ``p``."""
    return sum(1 for f in range(len(inst.pairs)) for c in state.paircount[f][p] if c == 1)


def _alone(inst: Instance, state: State, s: int) -> bool:
    """Whether ``s`` is the only holder of one of its codes on its team."""
    p = state.team[s]
    return any(c[s] >= 0 and state.paircount[f][p][c[s]] == 1
               for f, c in enumerate(inst.pairs))


def _mend(inst: Instance, state: State, s: int, rng: random.Random) -> bool:
    """One step lowering the lone holders around ``s`` (see :func:`repair_pairs`)."""
    p = state.team[s]
    codes = [c[s] for c in inst.pairs]
    same = [t for t in range(inst.n_students) if t != s and state.team[t] != p
            and any(v >= 0 and c[t] == v for c, v in zip(inst.pairs, codes, strict=True))]
    steps: list[tuple[int, int, int]] = []  # (student, team, swap partner or -1)
    if _free(inst, state, s):
        for q in {state.team[t] for t in same}:  # s joins holders of its code
            if q in inst.forbidden[s]:
                continue
            steps.append((s, q, -1))
            steps += [(s, q, t) for t in state.members[q] if _free(inst, state, t)
                      and p not in inst.forbidden[t]]
    for t in same:  # a holder of its code joins s
        if _free(inst, state, t) and p not in inst.forbidden[t]:
            steps.append((t, p, -1))
            steps += [(t, p, r) for r in state.members[p] if r != s and _free(inst, state, r)
                      and state.team[t] not in inst.forbidden[r]]
    if len(steps) > thresholds.SWAP_SAMPLE:
        steps = rng.sample(steps, thresholds.SWAP_SAMPLE)
    best, best_key = None, None
    for a, q, b in steps:
        pa = state.team[a]
        if b < 0 and (state.size(q) >= inst.max_sizes[q] or state.size(pa) <= inst.min_sizes[pa]):
            continue
        if not state.fits(a, q, b) or (b >= 0 and not state.fits(b, pa, a)):
            continue
        before = _lone_on(inst, state, pa) + _lone_on(inst, state, q)
        d = state.move_delta(a, q) if b < 0 else state.swap_delta(a, b)
        state.apply(a, q, b, d)
        after = _lone_on(inst, state, pa) + _lone_on(inst, state, q)
        mended = not _alone(inst, state, s)
        state.apply(a, pa, b, -d)  # undo
        # fewer lone holders; else (s stuck: a proposer, a full or minimal team) s no longer
        # alone, its loneliness passed on to another holder, who may move
        key = (before - after, d)
        if (before > after or (before == after and mended)) and (
                best_key is None or key > best_key):
            best, best_key = (a, q, b), key
    if best is None:
        return False
    a, q, b = best
    state.apply(a, q, b, state.move_delta(a, q) if b < 0 else state.swap_delta(a, b))
    return True
