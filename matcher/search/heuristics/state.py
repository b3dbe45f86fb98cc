"""The heuristics' working state: a complete assignment with per-team counts, its objective
kept up to date move by move, and the kept rules checked move by move (:meth:`State.fits`).

Model: ``delta = w_pref (points gained - points lost) + w_moves ([back on previous idea] -
[off it]) + sum_a w_a (distinct values gained - distinct values lost) + sum c (pairs joined -
pairs left) + sum_t w_t delta_t`` (``delta_t`` the incremental face of each term scored move
by move).
"""

from __future__ import annotations

from matcher.scoring.incremental import Incremental
from matcher.search.heuristics.instance import Instance


class State:
    """A complete assignment ``team[s]`` with per-team members and value counts, and the
    objective kept up to date by :meth:`move`."""

    def __init__(self, inst: Instance, team: list[int]) -> None:
        self.inst = inst
        self.team = list(team)
        self.members: list[list[int]] = [[] for _ in range(inst.n_projects)]
        self.pos = [0] * inst.n_students
        self.count = [[[0] * nv for _ in range(inst.n_projects)] for nv in inst.n_values]
        self.capcount = [[[0] * (max(codes, default=-1) + 1) for _ in range(inst.n_projects)]
                         for codes, _ in inst.caps]
        #: per floor: per team, the count of each code, and the number of distinct codes
        self.floorcount = [[[0] * (max(codes, default=-1) + 1) for _ in range(inst.n_projects)]
                           for codes, _ in inst.floors]
        self.distinct = [[0] * inst.n_projects for _ in inst.floors]
        #: per ``no_isolated`` rule: per team, the count of each code
        self.paircount = [[[0] * (max(codes, default=-1) + 1) for _ in range(inst.n_projects)]
                          for codes in inst.pairs]
        #: False while a construction fills the teams (lone holders repaired at its end)
        self.strict_pairs = True
        #: the faces of the terms scored move by move, following the teams
        self.extras: list[tuple[Incremental, int]] = []
        for s, p in enumerate(self.team):
            if p >= 0:
                self._add(s, p)
        self.extras = [(face.start(self.team, inst.n_projects), w) for face, w in inst.extras]
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
            prev = inst.previous[s]
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
            vs, vt = inst.previous[s], inst.previous[t]
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

