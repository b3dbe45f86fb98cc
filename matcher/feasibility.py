"""Arithmetic that rules out any solution, found before solving and said in words."""

from __future__ import annotations

from matcher.problem import Problem
from matcher.registry import RULES


def precheck(problem: Problem) -> list[str]:
    """Reasons, in words, why no team formation can exist; empty when none is found.

    Each rule of :data:`~matcher.registry.RULES` gives its own, in the registry's order
    (:meth:`Constraint.precheck <matcher.constraints.base.Constraint.precheck>`). These checks
    are sufficient, not complete: an empty list does not promise a solution.
    """
    reasons: list[str] = []
    for cls in RULES.values():
        reasons.extend(cls.precheck(problem))
    return reasons
