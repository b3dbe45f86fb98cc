"""Balance of a numeric attribute: team means close to the cohort mean."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import teams
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm

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
    without: ClassVar[Mapping[str, str]] = {
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

    def value(self, problem: Problem, assignment: Assignment) -> int:
        values = self._values(problem)
        n_all, total = len(values), sum(values.values())
        out = 0
        index = problem.student_index
        for members in teams(problem, assignment).values():
            vals = [values[index[s.id]] for s in members if index[s.id] in values]
            out += abs(n_all * sum(vals) - len(vals) * total)
        return -out
