"""Search strategies around CP-SAT: an LP bound, an LP-guided domain and warm start.

See :mod:`matcher.search.relaxation` (a proven upper bound from an aggregated LP relaxation,
solved with HiGHS) and :mod:`matcher.search.domain` (which ``x[s,p]`` to create when the dense
model is too large).
"""

from matcher.search.relaxation import LpBound, lp_bound, supports_lp_bound

__all__ = ["LpBound", "lp_bound", "supports_lp_bound"]
