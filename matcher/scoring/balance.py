"""Balance of a numeric attribute: team means close to the cohort mean."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

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
            devs.append(dev)
        return -lsum(devs)

    def incremental(self, problem: Problem) -> BalanceSums:
        """Per-team sums and counts (:class:`BalanceSums`): constant-time moves."""
        values = self._values(problem)
        return BalanceSums([values.get(si) for si in range(len(problem.students))])

    def upper_bound(self, problem: Problem) -> int:
        """Every team's mean the cohort's: 0."""
        return 0

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
