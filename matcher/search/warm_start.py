"""A fast, seeded warm start: valid teams in seconds for any cohort size, without CP-SAT.

Applies to the rules a heuristic can keep exactly (:func:`supports_warm_start`): every student
placed, team sizes, proposers on their open ideas, refusals and ``top_k`` (as forbidden pairs),
``fixed`` placements (pinned students, never moved), pairs kept apart (``avoid``,
``keep_apart``), caps on a group per team (``new_teammates``, ``max_per_value``) and floors of
distinct values per open team (``min_distinct``) and values never held alone
(``no_isolated``), refused move by move, and groups kept together (``keep_together``: placed
first as units, moved only by the LNS); and an objective of preference points, coverage
terms, re-matching stability (``moves``: ``-w`` per student of the previous formation off their
previous idea) and sums over pairs of teammates (``wishes``: ``+c`` per wished pair together,
scored incrementally). Each rule says whether and how through its
:meth:`~matcher.constraints.base.Constraint.keep` face, each term through
:meth:`~matcher.scoring.base.ScoringTerm.pairs`. Any other rule and :func:`warm_start` returns
``None``: no hint rather than a wrong one. Every other term (``pairwise``, ``blau``,
``balance``, ``unassigned``, the minima) is scored move by move through its
:meth:`~matcher.scoring.base.ScoringTerm.incremental` face (``Instance.extras``) by the
large-cohort search (:mod:`matcher.search.fast_path`); :func:`warm_start` itself, the CP-SAT
hint of smaller cohorts, still stands aside for them.

When re-matching, :func:`construct_from` starts from the previous formation instead: students
who stay keep their team, joiners are placed as in step 2, and teams left short by dropouts
are repaired as in step 3, moving the fewest students the objective asks for.

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
4. Local search until the time budget ends or no improving move is found: moves of one
   student and swaps of two, evaluated incrementally from per-team value counts
   (``delta = w_pref (points gained - points lost) + sum_a w_a (distinct values gained -
   distinct values lost) + sum c (pairs joined - pairs left)``), accepted when they improve
   the objective and keep every rule (:meth:`State.fits`).

The result is re-checked by :func:`matcher.check`; an assignment that fails is never returned.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from matcher.problem import Problem
from matcher.registry import make_constraints
from matcher.scoring.incremental import Incremental
from matcher.scoring.moves import stayers
from matcher.search.compiled import CompiledProblem, compiled_for
from matcher.search.kept import Kept
from matcher.search.kept_start import place_groups, repair_floors, repair_pairs
from matcher.search.relaxation import (
    coverage_attributes,
    pair_terms,
    terms_bound,
    unmodelled_terms,
)

#: Seconds between two calls of :func:`anneal`'s ``check`` (a stop is seen this fast).
CHECK_EVERY = 0.05



def heuristic_rules(problem: Problem) -> Kept | None:
    """What the heuristics keep move by move (:class:`~matcher.search.kept.Kept`), or
    ``None`` when a rule cannot be kept (its :meth:`~matcher.constraints.base.Constraint.keep`
    face returns False)."""
    kept = Kept()
    for c in make_constraints(problem):
        if not c.keep(problem, kept):
            return None
    return kept


def supports_warm_start(problem: Problem, weights: Mapping[str, int] | None = None) -> bool:
    """True when :func:`warm_start` applies: every student is placed, every rule has a
    :meth:`~matcher.constraints.base.Constraint.keep` face, and an objective of preference
    points, coverage terms, ``moves`` (see
    :func:`~matcher.search.relaxation.coverage_attributes`) and sums over pairs of teammates
    (:func:`~matcher.search.relaxation.pair_terms`: ``wishes``)."""
    if problem.rules.allow_unassigned or unmodelled_terms(problem, weights):
        return False
    rest, _, _ = pair_terms(problem, weights)
    if coverage_attributes(problem, rest) is None:
        return False
    return heuristic_rules(problem) is not None


@dataclass
class Instance:
    """The problem as flat lists, shared by the warm start and the LNS.

    ``points[s]`` maps project index -> points (ranked ideas only); ``forbidden[s]`` the
    project indices ``s`` may not join; ``codes[a][s]`` the value code of student ``s`` for
    the ``a``-th coverage attribute (-1 unknown); ``proposers[p]`` the proposer indices of
    ``p``; ``proposes[s]`` the ideas ``s`` proposes; ``pinned[s]`` the idea a ``fixed`` rule
    puts ``s`` on (-1: none; the other ideas are not listed in ``forbidden``: a pinned student
    never moves); ``prev[s]`` the idea ``s`` was on in the previous formation (-1: none, or
    it no longer exists), each student on it earning ``w_moves``, and ``moves_offset`` the
    constant ``-w_moves |previous|`` of the ``moves`` term. ``partners[s]``: ``(t, c)``, the
    weighted coefficient ``c`` earned while ``s`` and ``t`` share a team (pair terms,
    ``wishes``), listed on both sides; ``apart[s]`` the students ``s`` may never be with;
    ``caps``: ``(codes, k)``, at most ``k`` students of a group ``codes[s]`` per team;
    ``floors``: ``(codes, k)``, at least ``k`` distinct codes per open team; ``together``:
    groups of students on one team (never moved one by one; the LNS moves them).
    ``pairs``: per ``no_isolated`` rule, ``codes[s]`` (-1: none), each code held by 0 or at
    least 2 members of a team. ``extras``: ``(face, weight)`` of the terms scored move by
    move through their :meth:`~matcher.scoring.base.ScoringTerm.incremental` face
    (``pairwise``, ``blau``...),
    ``extra_bound`` a proven upper bound on their weighted sum (``None``: unknown).
    """

    n: int
    n_p: int
    lo: list[int]
    hi: list[int]
    optional: list[bool]
    points: list[dict[int, int]]
    prefs: list[list[int]]
    forbidden: list[set[int]]
    codes: list[list[int]]
    n_values: list[int]
    w_attr: list[int]
    w_pref: int
    proposers: list[list[int]]
    proposes: list[list[int]]
    pinned: list[int] = field(default_factory=list)
    prev: list[int] = field(default_factory=list)
    w_moves: int = 0
    moves_offset: int = 0
    partners: list[list[tuple[int, int]]] = field(default_factory=list)
    apart: list[list[int]] = field(default_factory=list)
    caps: list[tuple[list[int], int]] = field(default_factory=list)
    floors: list[tuple[list[int], int]] = field(default_factory=list)
    together: list[list[int]] = field(default_factory=list)
    pairs: list[list[int]] = field(default_factory=list)
    #: (compared by their terms' bound only: faces hold the same data for the same terms)
    extras: list[tuple[Incremental, int]] = field(default_factory=list, compare=False)
    extra_bound: int | None = 0

    def __post_init__(self) -> None:
        if not self.pinned:
            self.pinned = [-1] * self.n
        if not self.prev:
            self.prev = [-1] * self.n
        if not self.partners:
            self.partners = [[] for _ in range(self.n)]
        if not self.apart:
            self.apart = [[] for _ in range(self.n)]
        #: the caps on a student's groups: (cap index, group code, k)
        self.capped = [[(c, codes[s], k) for c, (codes, k) in enumerate(self.caps)
                        if codes[s] >= 0] for s in range(self.n)]
        #: the group of ``together`` a student belongs to (-1: none)
        self.group_of = [-1] * self.n
        for g, members in enumerate(self.together):
            for s in members:
                self.group_of[s] = g

    @classmethod
    def from_problem(cls, problem: Problem, weights: Mapping[str, int] | None = None, *,
                     compiled: CompiledProblem | None = None) -> Instance:
        """Flatten ``problem`` (see :func:`supports_warm_start`); ``compiled``: the solve's
        :class:`~matcher.search.compiled.CompiledProblem`, if at hand."""
        compiled = compiled_for(problem, weights, compiled)
        w = compiled.weights
        rest, pair_coeffs, _ = compiled.pair_terms
        attrs = compiled.rest_coverage or {}
        kept = compiled.kept or Kept()
        partners: list[list[tuple[int, int]]] = [[] for _ in problem.students]
        for (i, j), c in pair_coeffs.items():
            partners[i].append((j, c))
            partners[j].append((i, c))
        apart: list[list[int]] = [[] for _ in problem.students]
        for i, j in set(kept.apart):
            apart[i].append(j)
            apart[j].append(i)
        students, projects = problem.students, problem.projects
        pindex, sindex = problem.project_index, problem.student_index
        points = [dict(ideas) for ideas in compiled.points]
        prefs = [list(ideas) for ideas in compiled.prefs]
        # fixed: its n P pairs kept as one idea per student instead (pinned)
        forbidden = [set(ideas) for ideas in compiled.forbidden_by_student]
        pinned = list(compiled.pinned)
        prev = [-1] * len(students)
        # a negative moves weight is scored move by move (an extra), not natively
        w_moves = rest.get("moves", 0)
        extra_terms = unmodelled_terms(problem, w)
        before = stayers(problem) if w_moves else {}
        for sid, pid in before.items():
            prev[sindex[sid]] = pindex.get(pid, -1)
        codes, n_values, w_attr = [], [], []
        for attr, weight in attrs.items():
            code, values = compiled.codes(attr)
            codes.append(code.tolist())
            n_values.append(len(values))
            w_attr.append(weight)
        proposers = [[sindex[sid] for sid in p.proposers] for p in projects]
        proposes: list[list[int]] = [[] for _ in students]
        for pi, props in enumerate(proposers):
            for si in props:
                proposes[si].append(pi)
        return cls(n=len(students), n_p=len(projects), lo=[p.min_size for p in projects],
                   hi=[p.max_size for p in projects], optional=[p.optional for p in projects],
                   points=points, prefs=prefs, forbidden=forbidden, codes=codes,
                   n_values=n_values, w_attr=w_attr, w_pref=w.get("preference", 0),
                   proposers=proposers, proposes=proposes, pinned=pinned, prev=prev,
                   w_moves=w_moves, moves_offset=-w_moves * len(before), partners=partners,
                   apart=apart, caps=kept.caps, floors=kept.floors,
                   together=_merged(kept.together, len(students)), pairs=kept.pairs,
                   extras=[(t.incremental(problem), wt) for t, wt in extra_terms],
                   extra_bound=terms_bound(problem, extra_terms))

    def gain(self, s: int, p: int) -> int:
        """The separable part of ``s``'s objective on ``p``: weighted points, plus ``w_moves``
        on their previous idea."""
        g = self.w_pref * self.points[s].get(p, 0)
        if p == self.prev[s]:
            g += self.w_moves
        return g


class State:
    """A complete assignment ``team[s]`` with per-team members and value counts, and the
    objective kept up to date by :meth:`move`."""

    def __init__(self, inst: Instance, team: list[int]) -> None:
        self.inst = inst
        self.team = list(team)
        self.members: list[list[int]] = [[] for _ in range(inst.n_p)]
        self.pos = [0] * inst.n
        self.count = [[[0] * nv for _ in range(inst.n_p)] for nv in inst.n_values]
        self.capcount = [[[0] * (max(codes, default=-1) + 1) for _ in range(inst.n_p)]
                         for codes, _ in inst.caps]
        #: per floor: per team, the count of each code, and the number of distinct codes
        self.floorcount = [[[0] * (max(codes, default=-1) + 1) for _ in range(inst.n_p)]
                           for codes, _ in inst.floors]
        self.distinct = [[0] * inst.n_p for _ in inst.floors]
        #: per ``no_isolated`` rule: per team, the count of each code
        self.paircount = [[[0] * (max(codes, default=-1) + 1) for _ in range(inst.n_p)]
                          for codes in inst.pairs]
        #: False while a construction fills the teams (lone holders repaired at its end)
        self.strict_pairs = True
        #: the faces of the terms scored move by move, following the teams
        self.extras: list[tuple[Incremental, int]] = []
        for s, p in enumerate(self.team):
            if p >= 0:
                self._add(s, p)
        self.extras = [(face.start(self.team, inst.n_p), w) for face, w in inst.extras]
        self.value = self.objective()

    def _add(self, s: int, p: int) -> None:
        self.pos[s] = len(self.members[p])
        self.members[p].append(s)
        for a, code in enumerate(self.inst.codes):
            v = code[s]
            if v >= 0:
                self.count[a][p][v] += 1
        for c, v, _ in self.inst.capped[s]:
            self.capcount[c][p][v] += 1
        for f, (codes, _) in enumerate(self.inst.floors):
            v = codes[s]
            if v >= 0:
                cnt = self.floorcount[f][p]
                if cnt[v] == 0:
                    self.distinct[f][p] += 1
                cnt[v] += 1
        for f, codes in enumerate(self.inst.pairs):
            if codes[s] >= 0:
                self.paircount[f][p][codes[s]] += 1
        for face, _ in self.extras:
            face.add(s, p)

    def _remove(self, s: int, p: int) -> None:
        m = self.members[p]
        i, last = self.pos[s], m[-1]
        m[i] = last
        self.pos[last] = i
        m.pop()
        for a, code in enumerate(self.inst.codes):
            v = code[s]
            if v >= 0:
                self.count[a][p][v] -= 1
        for c, v, _ in self.inst.capped[s]:
            self.capcount[c][p][v] -= 1
        for f, (codes, _) in enumerate(self.inst.floors):
            v = codes[s]
            if v >= 0:
                cnt = self.floorcount[f][p]
                cnt[v] -= 1
                if cnt[v] == 0:
                    self.distinct[f][p] -= 1
        for f, codes in enumerate(self.inst.pairs):
            if codes[s] >= 0:
                self.paircount[f][p][codes[s]] -= 1
        for face, _ in self.extras:
            face.remove(s, p)

    def fits(self, s: int, q: int, out: int = -1) -> bool:
        """Whether ``s`` may join team ``q`` under the kept rules (``apart``, ``caps``,
        ``floors``, ``together``), with ``out`` (a member of ``q``, or -1) leaving it in the
        same step (a swap; the caller checks ``out`` joining ``s``'s team the same way).

        A placed member of a ``together`` group never moves alone; a step that lowers an open
        team's distinct codes below a floor is refused (a team already below it, while the
        construction builds it, may still gain)."""
        team = self.team
        inst = self.inst
        if inst.together and team[s] >= 0 and inst.group_of[s] >= 0:
            return False
        if inst.floors and not self._keeps_floors(s, q, out):
            return False
        if inst.pairs and self.strict_pairs and not self._keeps_pairs(s, q, out):
            return False
        for t in self.inst.apart[s]:
            if team[t] == q and t != out:
                return False
        if self.inst.capped[s]:
            capped_out = self.inst.capped[out] if out >= 0 else ()
            for c, v, k in self.inst.capped[s]:
                n = self.capcount[c][q][v]
                if any(c2 == c and v2 == v for c2, v2, _ in capped_out):
                    n -= 1
                if n >= k:
                    return False
        return True

    def _keeps_floors(self, s: int, q: int, out: int) -> bool:
        """No open team falls below a floor: ``q`` (gaining ``s``, losing ``out``) and, for a
        move (``out < 0``), ``s``'s team (losing ``s``; emptied, it closes)."""
        p = self.team[s]
        for f, (codes, k) in enumerate(self.inst.floors):
            cnt = self.floorcount[f]
            vs = codes[s]
            if out >= 0:
                vo = codes[out]
                if (vo >= 0 and vo != vs and cnt[q][vo] == 1
                        and not (vs >= 0 and cnt[q][vs] == 0) and self.distinct[f][q] <= k):
                    return False
            elif (p >= 0 and p != q and vs >= 0 and cnt[p][vs] == 1
                  and len(self.members[p]) > 1 and self.distinct[f][p] <= k):
                return False
        return True

    def _keeps_pairs(self, s: int, q: int, out: int) -> bool:
        """No code of a ``no_isolated`` rule left with one holder: on ``q`` (gaining ``s``,
        losing ``out``) and, for a move (``out < 0``), on ``s``'s team (losing ``s``)."""
        p = self.team[s]
        for f, codes in enumerate(self.inst.pairs):
            cnt = self.paircount[f]
            vs = codes[s]
            vo = codes[out] if out >= 0 else -1
            if vs == vo:
                continue
            if vs >= 0 and cnt[q][vs] == 0:
                return False  # s alone with its code on q
            if vo >= 0 and cnt[q][vo] == 2:
                return False  # out leaves one holder of its code on q
            if out < 0 and p >= 0 and p != q and vs >= 0 and cnt[p][vs] == 2:
                return False  # s leaves one holder of its code on p
        return True

    def pair_delta(self, s: int, p: int, q: int, other: int = -1) -> int:
        """Change of the pair terms when ``s`` goes from ``p`` to ``q``, ``other`` (their swap
        partner, or -1) left out."""
        d = 0
        team = self.team
        for t, c in self.inst.partners[s]:
            if t != other:
                tp = team[t]
                if tp == q:
                    d += c
                elif tp == p:
                    d -= c
        return d

    def objective(self) -> int:
        """The weighted objective, recomputed from scratch."""
        inst = self.inst
        total = sum(inst.gain(s, p) for s, p in enumerate(self.team)) + inst.moves_offset
        for s, row in enumerate(inst.partners):
            p = self.team[s]
            if p >= 0:
                total += sum(c for t, c in row if t > s and self.team[t] == p)
        for a, w in enumerate(inst.w_attr):
            total += w * sum(1 for per in self.count[a] for c in per if c > 0)
        return total + sum(w * face.value() for face, w in self.extras)

    def move_delta(self, s: int, q: int) -> int:
        """Objective change if ``s`` moves to ``q`` (no rule checked)."""
        inst, p = self.inst, self.team[s]
        d = inst.w_pref * (inst.points[s].get(q, 0) - inst.points[s].get(p, 0))
        if inst.w_moves:
            prev = inst.prev[s]
            d += inst.w_moves * ((q == prev) - (p == prev))
        if inst.partners[s]:
            d += self.pair_delta(s, p, q)
        for a, code in enumerate(inst.codes):
            v = code[s]
            if v >= 0:
                cnt = self.count[a]
                d += inst.w_attr[a] * ((cnt[q][v] == 0) - (cnt[p][v] == 1))
        for face, w in self.extras:
            d += w * face.move_delta(s, p, q)
        return d

    def swap_delta(self, s: int, t: int) -> int:
        """Objective change if ``s`` and ``t`` (on different teams) trade places."""
        inst = self.inst
        p, q = self.team[s], self.team[t]
        ps, pt = inst.points[s], inst.points[t]
        d = inst.w_pref * (ps.get(q, 0) - ps.get(p, 0) + pt.get(p, 0) - pt.get(q, 0))
        if inst.w_moves:
            vs, vt = inst.prev[s], inst.prev[t]
            d += inst.w_moves * ((q == vs) - (p == vs) + (p == vt) - (q == vt))
        if inst.partners[s]:
            d += self.pair_delta(s, p, q, t)
        if inst.partners[t]:
            d += self.pair_delta(t, q, p, s)
        for a, code in enumerate(inst.codes):
            vs, vt = code[s], code[t]
            if vs == vt:
                continue
            cnt, w = self.count[a], inst.w_attr[a]
            if vs >= 0:
                d += w * ((cnt[q][vs] == 0) - (cnt[p][vs] == 1))
            if vt >= 0:
                d += w * ((cnt[p][vt] == 0) - (cnt[q][vt] == 1))
        for face, w in self.extras:
            d += w * face.swap_delta(s, t, p, q)
        return d

    def move(self, s: int, q: int, delta: int | None = None) -> None:
        """Put ``s`` on ``q`` (``delta``: its objective change, computed when omitted)."""
        if delta is None:
            delta = self.move_delta(s, q)
        self._remove(s, self.team[s])
        self.team[s] = q
        self._add(s, q)
        self.value += delta

    def apply(self, s: int, q: int, t: int, delta: int) -> None:
        """Move ``s`` to ``q`` (``t < 0``) or swap ``s`` with ``t``, a member of ``q``;
        ``delta`` is the step's objective change (``move_delta`` or ``swap_delta``)."""
        if t < 0:
            self.move(s, q, delta)
            return
        p = self.team[s]
        ds = self.move_delta(s, q)
        self.move(s, q, ds)
        self.move(t, p, delta - ds)

    def size(self, p: int) -> int:
        """Members of ``p``."""
        return len(self.members[p])


def warm_start(problem: Problem, weights: Mapping[str, int] | None = None, *,
               time_limit: float = 5.0, seed: int = 0,
               instance: Instance | None = None) -> dict[str, str | None] | None:
    """Valid teams fast (module docstring), or ``None`` when the rules are beyond the
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
    if not supports_warm_start(problem, weights):
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
    formation, ``inst.prev``); else (or if that fails) :func:`construct`.
    """
    if hint:
        pindex = problem.project_index
        team = [pindex.get(hint.get(s.id) or "", -1) for s in problem.students]
        if min(team, default=0) >= 0 and to_assignment(problem, team, check_rules=True):
            return team
        previous = team
    else:
        previous = inst.prev
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
    n, n_p = inst.n, inst.n_p
    demand = [0.0] * n_p
    for s in range(n):
        for p, pts in inst.points[s].items():
            demand[p] += pts
    is_open = [not o for o in inst.optional]
    committed: set[int] = set()
    for p in range(n_p):
        if is_open[p]:
            committed.update(inst.proposers[p])
    sum_lo = sum(inst.lo[p] for p in range(n_p) if is_open[p])
    sum_hi = sum(inst.hi[p] for p in range(n_p) if is_open[p])
    if sum_lo > n:
        return None
    for s in range(n):  # an optional idea with a pinned student opens
        p = inst.pinned[s]
        if p >= 0 and not is_open[p]:
            if any(t in committed for t in inst.proposers[p]):
                return None
            is_open[p] = True
            committed.update(inst.proposers[p])
            sum_lo += inst.lo[p]
            sum_hi += inst.hi[p]
    for p in sorted((p for p in range(n_p) if inst.optional[p]),
                    key=lambda p: (-demand[p] / max(1, inst.hi[p]), p)):
        props = inst.proposers[p]
        if is_open[p] or any(s in committed or p in inst.forbidden[s] for s in props):
            continue
        if sum_lo + inst.lo[p] > n or len(props) > inst.hi[p]:
            continue
        is_open[p] = True
        committed.update(props)
        sum_lo += inst.lo[p]
        sum_hi += inst.hi[p]
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
    flowed = _flow(inst, is_open, free, size) if inst.w_pref > 0 else None
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
            if p >= 0 and is_open[p] and size[p] < inst.hi[p] and p not in inst.forbidden[s]:
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
    n, n_p = inst.n, inst.n_p
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
    if sum(inst.hi[p] for p in range(n_p) if is_open[p]) < n:
        return None
    team = [-1] * n
    size = [0] * n_p
    if not _place_fixed(inst, is_open, team, size) or not place_groups(
            inst, is_open, team, size):
        return None
    for s in range(n):
        p = previous[s]
        if (team[s] < 0 and p >= 0 and size[p] < inst.hi[p]
                and p not in inst.forbidden[s]):
            team[s] = p
            size[p] += 1
    free = [s for s in range(n) if team[s] < 0]
    rng.shuffle(free)
    rest = []
    for s in free:  # best ranked idea with room
        for p in inst.prefs[s]:
            if is_open[p] and size[p] < inst.hi[p] and p not in inst.forbidden[s]:
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
    placed = [s for s in range(inst.n) if team[s] >= 0]
    forced = [s for s in placed if inst.pinned[s] >= 0 or team[s] in inst.proposes[s]
              or inst.group_of[s] >= 0]
    forced_set = set(forced)
    state = State(inst, [-1] * inst.n)
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
    them cannot be (forbidden, closed, or wanted on two ideas)."""
    for s, p in enumerate(inst.pinned):
        if p >= 0:
            if not is_open[p] or p in inst.forbidden[s]:
                return False  # pinned on a closed idea, or on one another rule forbids
            team[s] = p
            size[p] += 1
    for p in range(inst.n_p):
        if is_open[p]:
            for s in inst.proposers[p]:
                if team[s] == p:
                    continue
                if p in inst.forbidden[s] or team[s] >= 0:
                    return False  # an open idea whose proposer cannot join it
                team[s] = p
                size[p] += 1
    return True


def _place_rest(inst: Instance, state: State, is_open: list[bool], free: list[int]) -> bool:
    """Place ``free`` where each adds most coverage, teams below their minimum first;
    ``False`` when one finds no room."""
    opened = [p for p in range(inst.n_p) if is_open[p]]
    members, lo, hi = state.members, inst.lo, inst.hi
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
    hi, team = inst.hi, state.team
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


def _flow(inst: Instance, is_open: list[bool], free: list[int], size: list[int], *,
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
    from ortools.graph.python import min_cost_flow

    opened = [p for p in range(inst.n_p) if is_open[p]]
    if not free or not opened:
        return None
    m = len(free)
    pool, first_idea = m, m + 1
    sink = first_idea + len(opened)
    node = {p: first_idea + i for i, p in enumerate(opened)}
    lo = {p: 0 if relax_min else max(0, inst.lo[p] - size[p]) for p in opened}
    hi = {p: max(0, inst.hi[p] - size[p]) for p in opened}
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


def preference_bound(inst: Instance) -> int | None:
    """Most preference points any valid assignment can earn (unweighted), or ``None`` when
    the ideas' places cannot hold every student.

    Model: the transportation LP of :func:`_flow` with every idea open and no minimum size:
    ``max sum points(s,p) x[s,p]``, ``sum_p x[s,p] <= 1``, ``sum_s x[s,p] <= hi_p``. Every
    valid assignment is a feasible point of it (its ranked placements), so its optimum is an
    upper bound; returned as ``floor(z + 1e-6 |z| + 1e-3)``.
    """
    value: list[float] = []
    if _flow(inst, [True] * inst.n_p, list(range(inst.n)), [0] * inst.n_p, relax_min=True,
             value=value) is None or not value:
        return None
    z = value[0]
    return math.floor(z + 1e-6 * abs(z) + 1e-3)


def local_bound(state: State) -> int:
    """A proven upper bound on the objective of every assignment, from the teams of
    ``state``: tight when re-matching, where moving a student who stays costs more than any
    move can gain.

    Model: ``f(B) + sum_s max(0, g_s)``, ``B`` the teams of ``state``, ``g_s = max(0,
    max_{q != B(s)} gain(s, q)) - gain(s, B(s)) + sum_a w_a [s has a known value of a]``
    (``gain``: :meth:`Instance.gain`, ``q`` over the ideas ``s`` ranked or was on before; any
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
             for s in range(inst.n)] if inst.codes else [0] * inst.n
    for s, b in enumerate(state.team):
        if inst.pinned[s] >= 0:
            continue
        best = 0
        for q in inst.prefs[s]:
            if q != b and q not in inst.forbidden[s]:
                best = max(best, inst.gain(s, q))
        q = inst.prev[s]
        if q >= 0 and q != b and q not in inst.forbidden[s]:
            best = max(best, inst.gain(s, q))
        g = best - inst.gain(s, b) + cover[s]
        if g > 0:
            total += g
    return total


def _movable(inst: Instance, state: State, s: int) -> bool:
    """``s`` is no proposer of its own (open) team, and not pinned there."""
    return state.team[s] not in inst.proposes[s] and inst.pinned[s] < 0


def _repair_minimum(inst: Instance, state: State, is_open: list[bool],
                    rng: random.Random) -> bool:
    """Fill the open teams below their minimum from teams above theirs; close an optional
    idea that cannot be filled (re-placing its members). ``False`` when stuck."""
    for _ in range(inst.n_p + 1):
        short = [p for p in range(inst.n_p) if is_open[p] and state.size(p) < inst.lo[p]]
        if not short:
            return True
        p = short[0]
        filled = True
        while state.size(p) < inst.lo[p]:
            donors = [q for q in range(inst.n_p)
                      if is_open[q] and q != p and state.size(q) > inst.lo[q]]
            cands = [s for q in donors for s in state.members[q]
                     if p not in inst.forbidden[s] and _movable(inst, state, s)
                     and state.fits(s, p)]
            if not cands:
                filled = False
                break
            if len(cands) > 400:
                cands = rng.sample(cands, 400)
            s = max(cands, key=lambda s: (state.move_delta(s, p), -s))
            state.move(s, p)
        if filled:
            continue
        if not inst.optional[p] or any(inst.pinned[s] == p for s in state.members[p]):
            return False
        is_open[p] = False  # close it: its members go where there is room
        for s in list(state.members[p]):
            room = [q for q in range(inst.n_p) if is_open[q] and state.size(q) < inst.hi[q]
                    and q not in inst.forbidden[s] and state.fits(s, q)]
            if not room:
                return False
            state.move(s, max(room, key=lambda q: (state.move_delta(s, q), -q)))
    return False


def local_search(state: State, deadline: float, rng: random.Random,
                 students: list[int] | None = None) -> int:
    """Improving moves and swaps (module docstring, step 4) until ``deadline`` or a local
    optimum; returns the number of improvements. ``students``: restrict to these."""
    inst = state.inst
    lo, hi = inst.lo, inst.hi
    order = list(range(inst.n)) if students is None else list(students)
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
            if inst.prev[s] >= 0 and inst.prev[s] != p and state.size(inst.prev[s]) > 0:
                cands.append(inst.prev[s])
            cands += [state.team[t] for t, c in inst.partners[s] if c > 0 and state.team[t] != p]
            for _ in range(3):
                q = state.team[rng.randrange(inst.n)]
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


def anneal(state: State, deadline: float, rng: random.Random, *, t_start: float = 2.0,
           t_end: float = 0.2, check: Callable[[int], bool] | None = None,
           max_moves: int | None = None) -> State:
    """Simulated annealing over the same moves and swaps as :func:`local_search`: a random
    student, a ranked or random team, a move or a swap with a random member; accepted when it
    improves, or with probability ``exp(delta / T)``, ``T`` falling geometrically from
    ``t_start`` to ``t_end`` until ``deadline``. Returns the best state seen (a new
    :class:`State` when it is not the final one). ``check(best value)`` is called every
    :data:`CHECK_EVERY` seconds; returning True ends the search early (a stop request, a
    gap reached).
    ``max_moves``: a budget of tried moves instead of time (the temperature then falls with
    the moves tried): the same seed gives the same teams, unless ``deadline`` comes first."""
    inst = state.inst
    lo, hi = inst.lo, inst.hi
    start = time.perf_counter()
    span = max(1e-3, deadline - start)
    temp = t_start
    best_value, best_team = state.value, None
    it = 0
    n = inst.n
    ratio = math.log(t_end / t_start)
    next_check = start + CHECK_EVERY
    # terms scored move by move may reward fewer, larger teams (pairwise): team closures
    closing = bool(inst.extras) and any(inst.optional)
    while True:
        it += 1
        if it % 512 == 0:
            if closing and rng.random() < CLOSE_SHARE:
                if best_team is None and state.value == best_value:
                    best_team = list(state.team)  # a closure may leave the best state
                _close_one(state, rng)
                if state.value > best_value:
                    best_value, best_team = state.value, None
            now = time.perf_counter()
            if now >= deadline:
                break
            if check is not None and now >= next_check:
                next_check = now + CHECK_EVERY
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
        elif r < 0.6 and inst.prev[s] >= 0:  # back to the previous team (re-matching)
            q = inst.prev[s]
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


#: Share of :func:`anneal`'s checkpoints (every 512 moves) that try to close a random optional
#: team (:mod:`matcher.search.team_moves`), when terms are scored move by move.
CLOSE_SHARE = 0.2


def _close_one(state: State, rng: random.Random) -> None:
    """Try to close one random team (:func:`~matcher.search.team_moves.try_close`), kept
    when the objective does not fall."""
    from matcher.search.team_moves import closable, try_close

    teams = [p for p in range(state.inst.n_p) if closable(state, p)]
    if teams:
        try_close(state, rng.choice(teams), lambda change: change >= 0)


def _merged(groups: list[list[int]], n: int) -> list[list[int]]:
    """``groups`` with the overlapping ones merged (a student in two groups joins them)."""
    parent = list(range(n))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for g in groups:
        for a in g[1:]:
            parent[root(a)] = root(g[0])
    out: dict[int, list[int]] = {}
    for s in sorted({s for g in groups for s in g}):
        out.setdefault(root(s), []).append(s)
    return [g for g in out.values() if len(g) > 1]
