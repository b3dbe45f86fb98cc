"""Evenness of an attribute within teams: Blau / Gini-Simpson as a count of differing pairs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import teams, value_counts
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm

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
    without: ClassVar[Mapping[str, str]] = {
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
