"""The heuristics' first teams: valid teams in seconds for any cohort size, without CP-SAT.

Applies to the rules a heuristic can keep exactly (each rule says whether and how through its
:meth:`~matcher.constraints.base.Constraint.keep` face) and to an objective of preference
points, coverage terms, ``moves`` and sums over pairs of teammates
(:func:`~matcher.search.routing.warm_start_reason`); any other problem gets no teams rather
than wrong ones.

Steps
-----
1. Open every mandatory idea, then optional ideas by decreasing demand (preference points of
   the students who rank them) while their minimum sizes still fit in the cohort; an optional
   idea whose proposer is already committed elsewhere stays closed.
2. Proposers join their open ideas, groups kept together the open idea with most room; the
   others, in a seeded random order, take their best ranked idea with room, rank by rank
   (those who break a kept rule there are taken off again); the rest, the students of the
   tightest capped values first, go where they help a floor, then where their values add most
   coverage (ideas below their minimum size first), one member moving elsewhere to make room
   when no team fits.
3. Ideas below their minimum size are filled from teams above theirs (least loss first);
   an optional idea that cannot be filled is closed and its members re-placed; teams below
   a floor of distinct values are raised by swaps.

When re-matching, :func:`construct_from` starts from the previous formation instead: students
who stay keep their team, joiners are placed as in step 2, and teams left short by dropouts
are repaired as in step 3, moving the fewest students the objective asks for.

The result is re-checked by :func:`matcher.check`; an assignment that fails is never returned.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping

from matcher.problem import Problem
from matcher.search import thresholds
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.kept_repairs import place_groups, repair_floors, repair_pairs
from matcher.search.heuristics.local_search import local_search
from matcher.search.heuristics.state import State
from matcher.search.heuristics.transport import transport_flow
from matcher.search.routing import warm_start_reason


def heuristic_teams(problem: Problem, weights: Mapping[str, int] | None = None, *,
               time_limit: float = 5.0, seed: int = 0,
               instance: Instance | None = None) -> dict[str, str | None] | None:
    """Valid teams fast (module docstring: construction, then the local search of
    :mod:`~matcher.search.heuristics.local_search`), or ``None`` when the rules are beyond the
    heuristic or it found no valid formation.

    Parameters
    ----------
    problem, weights:
        As for :func:`matcher.solve`.
    time_limit:
        Seconds for the whole heuristic (the local search stops when they run out).
    seed:
        Seed of the student order and of the random moves: same seed, same teams.
    instance:
        The flattened problem, when the caller already has it.
    """
    if warm_start_reason(problem, weights) is not None:
        return None
    deadline = time.perf_counter() + time_limit
    inst = instance or Instance.from_problem(problem, weights)
    team = construct(inst, random.Random(seed))
    if team is None:
        return None
    state = State(inst, team)
    local_search(state, deadline, random.Random(seed + 1))
    return to_assignment(problem, state.team, check_rules=True)


def start_team(problem: Problem, inst: Instance, rng: random.Random,
               hint: Mapping[str, str | None] | None = None) -> list[int] | None:
    """The first teams of the search, checked against every rule, or ``None``.

    ``hint`` (student id -> idea id) when it places everyone and keeps every rule; else, when
    re-matching or given a partial hint, :func:`construct_from` the hint (or the previous
    formation, ``inst.previous``); else (or if that fails) :func:`construct`.
    """
    if hint:
        pindex = problem.project_index
        team = [pindex.get(hint.get(s.id) or "", -1) for s in problem.students]
        if min(team, default=0) >= 0 and to_assignment(problem, team, check_rules=True):
            return team
        previous = team
    else:
        previous = inst.previous
    if max(previous, default=-1) >= 0:
        team = construct_from(inst, previous, rng)
        if team is not None and to_assignment(problem, team, check_rules=True) is not None:
            return team
    team = construct(inst, rng)
    if team is not None and to_assignment(problem, team, check_rules=True) is None:
        return None  # never expected; the CP-SAT model then decides
    return team


def to_assignment(problem: Problem, team: list[int], *, check_rules: bool = False
                  ) -> dict[str, str | None] | None:
    """Student id -> project id of ``team``; ``None`` if ``check_rules`` and it breaks a rule."""
    from matcher.check import check

    out = {s.id: (problem.projects[p].id if p >= 0 else None)
           for s, p in zip(problem.students, team, strict=True)}
    if check_rules and check(problem, out):
        return None
    return out


def construct(inst: Instance, rng: random.Random) -> list[int] | None:
    """Steps 1-3 of the module docstring: a complete valid ``team`` list, or ``None``."""
    n, n_p = inst.n_students, inst.n_projects
    demand = [0.0] * n_p
    for s in range(n):
        for p, pts in inst.points[s].items():
            demand[p] += pts
    is_open = [not o for o in inst.optional]
    committed: set[int] = set()
    for p in range(n_p):
        if is_open[p]:
            committed.update(inst.proposers[p])
    sum_lo = sum(inst.min_sizes[p] for p in range(n_p) if is_open[p])
    sum_hi = sum(inst.max_sizes[p] for p in range(n_p) if is_open[p])
    if sum_lo > n:
        return None
    for s in range(n):  # an optional idea with a pinned student opens
        p = inst.pinned[s]
        if p >= 0 and not is_open[p]:
            if any(t in committed for t in inst.proposers[p]):
                return None
            is_open[p] = True
            committed.update(inst.proposers[p])
            sum_lo += inst.min_sizes[p]
            sum_hi += inst.max_sizes[p]
    for p in sorted((p for p in range(n_p) if inst.optional[p]),
                    key=lambda p: (-demand[p] / max(1, inst.max_sizes[p]), p)):
        props = inst.proposers[p]
        if is_open[p] or any(s in committed or p in inst.forbidden[s] for s in props):
            continue
        if sum_lo + inst.min_sizes[p] > n or len(props) > inst.max_sizes[p]:
            continue
        is_open[p] = True
        committed.update(props)
        sum_lo += inst.min_sizes[p]
        sum_hi += inst.max_sizes[p]
    if sum_hi < n or sum_lo > n:
        return None
    team = [-1] * n
    size = [0] * n_p
    if not _place_fixed(inst, is_open, team, size) or not place_groups(
            inst, is_open, team, size):
        return None
    free = [s for s in range(n) if team[s] < 0]
    rng.shuffle(free)
    k = max((len(x) for x in inst.prefs), default=0)
    flowed = transport_flow(inst, is_open, free, size) if inst.w_pref > 0 else None
    if flowed is not None:
        for s, p in flowed.items():
            team[s] = p
            size[p] += 1
        free = [s for s in free if team[s] < 0]
        k = 0
    for r in range(k):
        rest = []
        for s in free:
            prefs = inst.prefs[s]
            p = prefs[r] if r < len(prefs) else -1
            if p >= 0 and is_open[p] and size[p] < inst.max_sizes[p] and p not in inst.forbidden[s]:
                team[s] = p
                size[p] += 1
            else:
                rest.append(s)
        free = rest
    return _complete(inst, team, free, is_open, rng)


def construct_from(inst: Instance, previous: list[int], rng: random.Random
                   ) -> list[int] | None:
    """A complete valid ``team`` list close to ``previous`` (an idea index per student, -1
    for a joiner), or ``None``: pinned students and proposers go to their ideas, the others
    keep their previous team while it has room, and the rest (joiners, students of an idea that
    no longer exists or shrank) take their best ranked open idea with room, then the ideas
    where they add most coverage. Teams left below their minimum are filled from teams above
    theirs, least loss first: moving a student who stays costs the ``moves`` weight, so the
    students without a previous team go first (:func:`_repair_minimum`).

    The ideas that open are the mandatory ones and those that had members before.
    """
    n, n_p = inst.n_students, inst.n_projects
    is_open = [not o for o in inst.optional]
    for s in range(n):
        for p in (previous[s], inst.pinned[s]):
            if p >= 0:
                is_open[p] = True
    committed: set[int] = set()
    for p in range(n_p):
        if is_open[p]:
            if committed & set(inst.proposers[p]):
                return None
            committed.update(inst.proposers[p])
    if sum(inst.max_sizes[p] for p in range(n_p) if is_open[p]) < n:
        return None
    team = [-1] * n
    size = [0] * n_p
    if not _place_fixed(inst, is_open, team, size) or not place_groups(
            inst, is_open, team, size):
        return None
    for s in range(n):
        p = previous[s]
        if (team[s] < 0 and p >= 0 and size[p] < inst.max_sizes[p]
                and p not in inst.forbidden[s]):
            team[s] = p
            size[p] += 1
    free = [s for s in range(n) if team[s] < 0]
    rng.shuffle(free)
    rest = []
    for s in free:  # best ranked idea with room
        for p in inst.prefs[s]:
            if is_open[p] and size[p] < inst.max_sizes[p] and p not in inst.forbidden[s]:
                team[s] = p
                size[p] += 1
                break
        else:
            rest.append(s)
    return _complete(inst, team, rest, is_open, rng)


def _complete(inst: Instance, team: list[int], free: list[int], is_open: list[bool],
              rng: random.Random) -> list[int] | None:
    """The end of every construction: the partial ``team`` admitted under the kept rules,
    the ``free`` students placed, teams raised to their minimum size and to their floors of
    distinct values; ``None`` when one step fails."""
    admitted = _admit(inst, team, free)
    if admitted is None:
        return None
    state, free = admitted
    state.strict_pairs = False
    if not _place_rest(inst, state, is_open, free):
        return None
    if not _repair_minimum(inst, state, is_open, rng) or not repair_floors(inst, state, rng):
        return None
    if not repair_pairs(inst, state, rng):
        return None
    return state.team


def _admit(inst: Instance, team: list[int], free: list[int]
           ) -> tuple[State, list[int]] | None:
    """The state of ``team`` under the kept rules (``apart``, ``caps``): pinned students and
    proposers first, then the others in order, each placed student who would break a kept
    rule with those before them taken off ``team`` and added to ``free``; ``None`` when
    pinned students or proposers break one together."""
    if not inst.caps and not any(inst.apart) and not inst.floors:
        state = State(inst, team)
        state.strict_pairs = False
        return state, free
    placed = [s for s in range(inst.n_students) if team[s] >= 0]
    forced = [s for s in placed if inst.pinned[s] >= 0 or team[s] in inst.proposes[s]
              or inst.group_of[s] >= 0]
    forced_set = set(forced)
    state = State(inst, [-1] * inst.n_students)
    state.strict_pairs = False
    free = list(free)
    for s in forced + [s for s in placed if s not in forced_set]:
        if s in forced_set and not state.fits(s, team[s]):
            return None  # pinned, proposers or groups that break a kept rule together
        if state.fits(s, team[s]):
            state.team[s] = team[s]
            state._add(s, team[s])
        else:
            free.append(s)
    state.value = state.objective()
    return state, free


def _place_fixed(inst: Instance, is_open: list[bool], team: list[int], size: list[int]
                 ) -> bool:
    """Pinned students on their ideas, proposers on their open ideas; ``False`` when one of
    them cannot be (forbidden, closed, or wanted on two ideas) or an idea gets more of them
    than its maximum."""
    for s, p in enumerate(inst.pinned):
        if p >= 0:
            if not is_open[p] or p in inst.forbidden[s]:
                return False  # pinned on a closed idea, or on one another rule forbids
            team[s] = p
            size[p] += 1
    for p in range(inst.n_projects):
        if is_open[p]:
            for s in inst.proposers[p]:
                if team[s] == p:
                    continue
                if p in inst.forbidden[s] or team[s] >= 0:
                    return False  # an open idea whose proposer cannot join it
                team[s] = p
                size[p] += 1
    # more pinned students and proposers than an idea holds: no valid teams start here
    return all(size[p] <= inst.max_sizes[p] for p in range(inst.n_projects))


def _place_rest(inst: Instance, state: State, is_open: list[bool], free: list[int]) -> bool:
    """Place ``free`` where each adds most coverage, teams below their minimum first;
    ``False`` when one finds no room."""
    opened = [p for p in range(inst.n_projects) if is_open[p]]
    members, lo, hi = state.members, inst.min_sizes, inst.max_sizes
    free = _tightest_first(inst, state, opened, free)
    for s in free:
        best, best_key = -1, None
        forbidden = inst.forbidden[s]
        held = [(state.count[a], code[s], inst.w_attr[a]) for a, code in enumerate(inst.codes)
                if code[s] >= 0]
        for p in opened:
            size = len(members[p])
            if size >= hi[p] or p in forbidden or not state.fits(s, p):
                continue
            gain = 0
            for count, v, w in held:
                if count[p][v] == 0:
                    gain += w
            for t, c in inst.partners[s]:
                if state.team[t] == p:
                    gain += c
            need = 0
            for f, (codes, k) in enumerate(inst.floors):
                if codes[s] >= 0 and state.distinct[f][p] < k and \
                        state.floorcount[f][p][codes[s]] == 0:
                    need += 1
            key = (size < lo[p], need, gain, -size)
            if best_key is None or key > best_key:
                best, best_key = p, key
        if best < 0:
            best = _make_room(inst, state, opened, s)
            if best < 0:
                return False
        state.team[s] = best
        state._add(s, best)
    return True


def _tightest_first(inst: Instance, state: State, opened: list[int], free: list[int]
                    ) -> list[int]:
    """``free`` with the students of the most capped groups first (their holders still to
    place over the room the cap leaves them), so a tight group is spread round-robin before
    the other students take the room it needs; the order is otherwise kept."""
    if not inst.caps:
        return free
    left: dict[tuple[int, int], int] = {}
    for s in free:
        for c, v, _ in inst.capped[s]:
            left[c, v] = left.get((c, v), 0) + 1
    room: dict[tuple[int, int], int] = {}
    for (c, v) in left:
        k = inst.caps[c][1]
        room[c, v] = max(1, sum(max(0, k - state.capcount[c][p][v]) for p in opened))

    def tightness(s: int) -> float:
        return max((left[c, v] / room[c, v] for c, v, _ in inst.capped[s]), default=0.0)

    return sorted(free, key=lambda s: -tightness(s))


def _make_room(inst: Instance, state: State, opened: list[int], s: int) -> int:
    """A team ``p`` that ``s`` (unplaced) may join once one member ``t`` moves elsewhere (an
    ejection chain of length one: ``t`` leaves for a team with room where it fits, and ``s``
    takes its place), ``t``'s move done; -1 when none."""
    hi, team = inst.max_sizes, state.team
    for p in opened:
        if p in inst.forbidden[s]:
            continue
        for t in list(state.members[p]):
            if inst.pinned[t] >= 0 or p in inst.proposes[t] or not state.fits(s, p, out=t):
                continue
            for q in opened:
                if (q != p and len(state.members[q]) < hi[q] and q not in inst.forbidden[t]
                        and state.fits(t, q)):
                    state._remove(t, p)
                    team[t] = q
                    state._add(t, q)
                    return p
    return -1


def _movable(inst: Instance, state: State, s: int) -> bool:
    """``s`` is no proposer of its own (open) team, and not pinned there."""
    return state.team[s] not in inst.proposes[s] and inst.pinned[s] < 0


def _repair_minimum(inst: Instance, state: State, is_open: list[bool],
                    rng: random.Random) -> bool:
    """Fill the open teams below their minimum from teams above theirs; close an optional
    idea that cannot be filled (re-placing its members). ``False`` when stuck."""
    for _ in range(inst.n_projects + 1):
        short = [p for p in range(inst.n_projects)
                 if is_open[p] and state.size(p) < inst.min_sizes[p]]
        if not short:
            return True
        p = short[0]
        filled = True
        while state.size(p) < inst.min_sizes[p]:
            donors = [q for q in range(inst.n_projects)
                      if is_open[q] and q != p and state.size(q) > inst.min_sizes[q]]
            cands = [s for q in donors for s in state.members[q]
                     if p not in inst.forbidden[s] and _movable(inst, state, s)
                     and state.fits(s, p)]
            if not cands:
                filled = False
                break
            if len(cands) > thresholds.REPAIR_SAMPLE:
                cands = rng.sample(cands, thresholds.REPAIR_SAMPLE)
            s = max(cands, key=lambda s: (state.move_delta(s, p), -s))
            state.move(s, p)
        if filled:
            continue
        if not inst.optional[p] or any(inst.pinned[s] == p for s in state.members[p]):
            return False
        is_open[p] = False  # close it: its members go where there is room
        for s in list(state.members[p]):
            room = [q for q in range(inst.n_projects)
                    if is_open[q] and state.size(q) < inst.max_sizes[q]
                    and q not in inst.forbidden[s] and state.fits(s, q)]
            if not room:
                return False
            state.move(s, max(room, key=lambda q: (state.move_delta(s, q), -q)))
    return False

