"""Balance of a numeric attribute: team means close to the cohort mean."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from math import gcd
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from matcher.assignment import teams
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm
from matcher.scoring.incremental import Incremental

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


class Balance(ScoringTerm):
    """Imbalance, counted negatively: ``-sum_p |N * S_p - n_p * T|``.

    ``S_p`` is the sum of the attribute over team ``p``'s members, ``n_p`` how many members have
    a numeric value, ``T`` the cohort's sum and ``N`` its count: ``|S_p / n_p - T / N|`` scaled by
    ``N * n_p`` to stay an integer. Values with decimals are scaled by ``10^d`` (``d`` <= 3, the
    most decimals in the cohort) first. 0 means every team's mean equals the cohort's.

    Model: ``dev[p] == |N * S_p - n_p * T|`` (``add_abs_equality``), term ``-sum_p dev[p]``.
    Redundant cut (it removes no solution, it only tightens CP-SAT's bound):
    ``dev[p] >= f(n_p)`` by an element constraint on the team's count of valued members, with
    ``f`` the :func:`floor_deviations` (``N S_p - n_p T`` is a sum of ``n_p`` numbers
    ``a_s = N v_s - T``, all congruent modulo ``N g``, ``g`` the gcd of the values'
    differences, so it cannot come closer to 0 than ``n_p a_0``'s distance to a multiple of
    ``N g``).
    """

    kind: ClassVar[str] = "balance"
    team_sum: ClassVar[bool] = True
    without: ClassVar[Mapping[str, str]] = {
        "hint": (
            "not yet: its auxiliary variables (dev) are left out of the hint, and CP-SAT "
            "repairs them (a partial hint)"),
        "decompose": ("an absolute deviation of each team's mean: not linear in the placements")}
    needs_attribute: ClassVar[bool] = True

    def _values(self, problem: Problem) -> dict[int, int]:
        assert self.attribute is not None
        raw: dict[int, Decimal] = {}
        for si, s in enumerate(problem.students):
            v = s.value(self.attribute)
            if v is None:
                continue
            try:
                raw[si] = Decimal(str(v).strip().replace(",", "."))
            except ArithmeticError:
                continue
            if not raw[si].is_finite():
                del raw[si]
        decimals = max((max(0, -d.as_tuple().exponent) for d in raw.values()), default=0)
        scale = 10 ** min(int(decimals), 3)
        return {si: int((d * scale).to_integral_value()) for si, d in raw.items()}

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        values = self._values(builder.problem)
        n_all, total = len(values), sum(values.values())
        m = builder.model
        devs = []
        bound = n_all * sum(abs(v) for v in values.values()) + n_all * abs(total) + 1
        for pi, p in enumerate(builder.problem.projects):
            xs = [(si, v) for si, v in builder.by_project[pi] if si in values]
            if not xs:
                continue
            diff = lsum((n_all * values[si] - total) * v for si, v in xs)
            dev = m.new_int_var(0, bound, f"dev[{p.id},{self.attribute}]")
            m.add_abs_equality(dev, diff)
            floor = floor_deviations(values, len(xs))  # not max_size: the term alone holds
            if any(floor):  # redundant cut: dev[p] >= floor[n_p]
                count = m.new_int_var(0, len(floor) - 1, f"valued[{p.id},{self.attribute}]")
                m.add(count == lsum(v for _, v in xs))
                least = m.new_int_var(0, max(floor), f"least_dev[{p.id},{self.attribute}]")
                m.add_element(count, floor, least)
                m.add(dev >= least)
            devs.append(dev)
        return -lsum(devs)

    def incremental(self, problem: Problem) -> BalanceSums:
        """Per-team sums and counts (:class:`BalanceSums`): constant-time moves."""
        values = self._values(problem)
        return BalanceSums([values.get(si) for si in range(len(problem.students))])

    def upper_bound(self, problem: Problem) -> int:
        """Minus the least total of :func:`floor_deviations` over the teams' counts of valued
        members ``n_p`` in ``0..max_size``, summing to ``N`` when everyone is placed (at most
        ``N`` with ``allow_unassigned``: then 0). A knapsack over the teams, ``O(P N)``
        vector steps; 0 when every team can match the cohort's mean."""
        values = self._values(problem)
        n_all = len(values)
        if n_all == 0 or problem.rules.allow_unassigned:
            return 0
        sizes = [min(p.max_size, n_all) for p in problem.projects]
        floor = floor_deviations(values, max(sizes, default=0))
        if not any(floor):
            return 0
        inf = np.iinfo(np.int64).max // 4
        best = np.full(n_all + 1, inf, dtype=np.int64)
        best[0] = 0  # best[c]: the least total deviation of c valued students placed so far
        for cap in sizes:
            step = best.copy()  # the team gets no valued member
            for k in range(1, cap + 1):
                np.minimum(step[k:], best[:n_all + 1 - k] + floor[k], out=step[k:])
            best = np.minimum(step, inf)
        return 0 if best[n_all] >= inf else -int(best[n_all])

    def lower_bound(self, problem: Problem) -> int:
        """``-sum_s |N v_s - T|``: ``N S_p - n_p T`` is the sum over ``p``'s members of
        ``N v_s - T``, at most the sum of their absolute values."""
        values = self._values(problem)
        n_all, total = len(values), sum(values.values())
        return -sum(abs(n_all * v - total) for v in values.values())

    def value(self, problem: Problem, assignment: Assignment) -> int:
        values = self._values(problem)
        n_all, total = len(values), sum(values.values())
        out = 0
        index = problem.student_index
        for members in teams(problem, assignment).values():
            vals = [values[index[s.id]] for s in members if index[s.id] in values]
            out += abs(n_all * sum(vals) - len(vals) * total)
        return -out


def floor_deviations(values: Mapping[int, int], cap: int) -> list[int]:
    """``f(k)`` for ``k = 0..cap``: the least ``|N S - k T|`` of any ``k`` students with values.

    Model: ``N S - k T = sum_s a_s`` with ``a_s = N v_s - T``; every ``a_s`` is congruent to
    ``a_0`` modulo ``N g`` (``g`` the gcd of the differences ``v_s - v_0``), so the sum is
    congruent to ``k a_0`` and ``f(k)`` is the distance from ``k a_0`` to the nearest multiple
    of ``N g`` (``|k a_0|`` when every value is equal, ``g = 0``). A lower bound on the team's
    deviation, not always reached.
    """
    vals = list(values.values())
    if not vals:
        return [0] * (cap + 1)
    n_all, total = len(vals), sum(vals)
    a0 = n_all * vals[0] - total
    g = 0
    for v in vals:
        g = gcd(g, v - vals[0])
    modulus = n_all * g
    if modulus == 0:
        return [abs(k * a0) for k in range(cap + 1)]
    return [min((k * a0) % modulus, modulus - (k * a0) % modulus) for k in range(cap + 1)]


class BalanceSums(Incremental):
    """The ``balance`` term move by move: per team, the sum ``S_p`` and count ``n_p`` of the
    members' values; a team counts ``-|N S_p - n_p T|`` (a member without a value nowhere)."""

    def __init__(self, values: list[int | None]) -> None:
        self.values = values
        known = [v for v in values if v is not None]
        self.n_all, self.total = len(known), sum(known)

    def reset(self, team: list[int], n_p: int) -> None:
        self.sums = [0] * n_p
        self.counts = [0] * n_p
        for s, p in enumerate(team):
            if p >= 0:
                self.add(s, p)

    def add(self, s: int, p: int) -> None:
        v = self.values[s]
        if v is not None:
            self.sums[p] += v
            self.counts[p] += 1

    def remove(self, s: int, p: int) -> None:
        v = self.values[s]
        if v is not None:
            self.sums[p] -= v
            self.counts[p] -= 1

    def _dev(self, total: int, count: int) -> int:
        return abs(self.n_all * total - count * self.total)

    def value(self) -> int:
        return -sum(self._dev(t, c) for t, c in zip(self.sums, self.counts, strict=True))

    def _change(self, p: int, q: int, dp: tuple[int, int], dq: tuple[int, int]) -> int:
        sums, counts = self.sums, self.counts
        before = self._dev(sums[p], counts[p]) + self._dev(sums[q], counts[q])
        after = (self._dev(sums[p] + dp[0], counts[p] + dp[1])
                 + self._dev(sums[q] + dq[0], counts[q] + dq[1]))
        return before - after

    def move_delta(self, s: int, p: int, q: int) -> int:
        v = self.values[s]
        if v is None:
            return 0
        return self._change(p, q, (-v, -1), (v, 1))

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        vs, vt = self.values[s], self.values[t]
        a, ka = (vs, 1) if vs is not None else (0, 0)
        b, kb = (vt, 1) if vt is not None else (0, 0)
        return self._change(p, q, (b - a, kb - ka), (a - b, ka - kb))
