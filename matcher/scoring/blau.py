"""Evenness of an attribute within teams: Blau / Gini-Simpson as a count of differing pairs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import teams, value_counts
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm
from matcher.scoring.incremental import (
    Incremental,
    fewest_alike_pairs,
    most_differing_pairs,
    most_pairs,
)

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


class Blau(ScoringTerm):
    """Differing pairs: for each team, the pairs of members whose values of the attribute differ.

    With ``c_v`` the members holding value ``v`` and ``n = sum_v c_v`` (members of unknown
    value left out), a team counts ``sum_{v<w} c_v c_w = (n^2 - sum_v c_v^2) / 2``, that is
    ``n^2 / 2`` times the Blau (Gini-Simpson) index ``1 - sum_v (c_v/n)^2``.

    Model: squares by order encoding, exact and linear. For a count ``c <= U``, booleans
    ``g_1 >= g_2 >= ... >= g_U`` with ``c = sum_k g_k`` give ``c^2 = sum_k (2k-1) g_k``. Then
    ``2 * pairs[p] == n_p^2 - sum_v c_{p,v}^2``.
    """

    kind: ClassVar[str] = "blau"
    team_sum: ClassVar[bool] = True
    without: ClassVar[Mapping[str, str]] = {
        "hint": (
            "not yet: its auxiliary variables (pairs, ge) are left out of the hint, and "
            "CP-SAT repairs them (a partial hint)"),
        "decompose": ("differing pairs per team: quadratic in the counts of each value, "
                      "not linear in the placements")}
    local: ClassVar[bool] = True
    needs_attribute: ClassVar[bool] = True

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        assert self.attribute is not None
        m = builder.model
        groups = builder.problem.groups(self.attribute)
        total = []
        known = {si for members in groups.values() for si in members}
        for pi, p in enumerate(builder.problem.projects):
            n_p = lsum(v for si, v in builder.by_project[pi] if si in known)
            n_max = min(p.max_size, sum(1 for si, _ in builder.by_project[pi] if si in known))
            if n_max <= 1:
                continue
            sq_n = _square(builder, n_p, n_max, f"n[{p.id}]")
            sq_values = []
            for value in groups:
                xs = builder.holders(pi, self.attribute, value)
                cap = min(p.max_size, len(xs))
                if cap == 0:
                    continue
                sq_values.append(_square(builder, lsum(xs), cap, f"c[{p.id},{value}]"))
            pairs = m.new_int_var(0, n_max * n_max // 2, f"pairs[{p.id},{self.attribute}]")
            m.add(2 * pairs == sq_n - lsum(sq_values))
            total.append(pairs)
        return lsum(total)

    def incremental(self, problem: Problem) -> BlauCounts:
        """Per-team counts of each value (:class:`BlauCounts`): constant-time moves."""
        assert self.attribute is not None
        codes = problem.value_codes(self.attribute)
        return BlauCounts(codes)

    def upper_bound(self, problem: Problem) -> int:
        """:func:`blau_upper_bound`."""
        assert self.attribute is not None
        return blau_upper_bound(problem, self.attribute)

    def lower_bound(self, problem: Problem) -> int:
        """No pair at all: 0."""
        return 0

    def value(self, problem: Problem, assignment: Assignment) -> int:
        assert self.attribute is not None
        out = 0
        for members in teams(problem, assignment).values():
            counts = value_counts(members, self.attribute).values()
            n = sum(counts)
            out += (n * n - sum(c * c for c in counts)) // 2
        return out


def _square(builder: ModelBuilder, expr: LinearExpr, cap: int, label: str) -> LinearExpr:
    """``expr**2`` for an integer expression in ``0..cap``, by order encoding."""
    if cap <= 1:
        return expr  # 0 or 1: its own square
    m = builder.model
    g = [m.new_bool_var(f"ge[{label},{k}]") for k in range(1, cap + 1)]
    for a, b in zip(g, g[1:], strict=False):
        m.add_implication(b, a)
    m.add(lsum(g) == expr)
    return lsum((2 * k - 1) * gk for k, gk in enumerate(g, start=1))


class BlauCounts(Incremental):
    """The ``blau`` term move by move, from per-team counts of each value.

    Model: a student of value ``v`` leaving team ``p`` removes the pairs it formed with the
    ``n_p - c_{p,v}`` members of other known values; joining ``q`` adds ``n_q - c_{q,v}``
    (a member of unknown value counts nowhere)."""

    def __init__(self, codes: list[int]) -> None:
        self.codes = codes

    def reset(self, team: list[int], n_p: int) -> None:
        self.count: list[dict[int, int]] = [{} for _ in range(n_p)]
        self.known = [0] * n_p
        for s, p in enumerate(team):
            if p >= 0:
                self.add(s, p)

    def add(self, s: int, p: int) -> None:
        v = self.codes[s]
        if v >= 0:
            c = self.count[p]
            c[v] = c.get(v, 0) + 1
            self.known[p] += 1

    def remove(self, s: int, p: int) -> None:
        v = self.codes[s]
        if v >= 0:
            self.count[p][v] -= 1
            self.known[p] -= 1

    def value(self) -> int:
        return sum((n * n - sum(c * c for c in cnt.values())) // 2
                   for n, cnt in zip(self.known, self.count, strict=True))

    def move_delta(self, s: int, p: int, q: int) -> int:
        v = self.codes[s]
        if v < 0:
            return 0
        return (self.known[q] - self.count[q].get(v, 0)) - (self.known[p] - self.count[p][v])

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        vs, vt = self.codes[s], self.codes[t]
        if vs == vt:
            return 0
        return Incremental.swap_delta(self, s, t, p, q)


def blau_upper_bound(problem: Problem, attribute: str) -> int:
    """Most pairs of teammates with different known values of ``attribute``, over every
    formation whose teams keep their maximum sizes.

    Model: for a formation on ``T`` open teams, at most ``t(T)``: the ``T`` largest teams
    filled largest first with the students of known value, each holding the values as evenly
    as possible (:func:`~matcher.scoring.incremental.most_differing_pairs`). When every
    student must be placed (on ``T`` teams whose sizes hold the cohort, at least the mandatory
    ideas), also at most the most pairs the students of known value can form on them less the
    fewest pairs sharing a value (each value's holders spread evenly over the ``T`` teams). The
    bound is the largest, over the possible ``T``, of the smaller of the two."""
    groups = problem.groups(attribute)
    n_known = sum(len(m) for m in groups.values())
    sizes = sorted((p.max_size for p in problem.projects), reverse=True)
    counts = [len(m) for m in groups.values()]
    if problem.rules.allow_unassigned:
        return most_differing_pairs(sizes, n_known, len(groups))
    n = len(problem.students)
    mandatory = sum(1 for p in problem.projects if not p.optional)
    best, room = 0, 0
    for t, cap in enumerate(sizes, start=1):
        room += cap
        if room < n or t < mandatory:
            continue
        top = sizes[:t]
        bound = min(most_differing_pairs(top, n_known, len(groups)),
                    most_pairs(top, n_known) - fewest_alike_pairs(counts, t))
        best = max(best, bound)
    return best
