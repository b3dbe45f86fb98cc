"""Hard rules, one plug-in per file. See :mod:`matcher.constraints.base` and
:data:`matcher.registry.RULES`."""

from matcher.constraints.base import Constraint, Violation

__all__ = ["Constraint", "Violation"]
