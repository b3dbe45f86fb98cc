"""Search strategies around CP-SAT: bounds, domains, warm start and LNS.

- :mod:`matcher.search.relaxation`: a proven upper bound from an aggregated LP relaxation,
  solved with HiGHS (simplex, or interior point without crossover on large cohorts).
- :mod:`matcher.search.domain`: which ``x[s,p]`` to create when the dense model is too large,
  the LP-guided neighbourhood, and a cheap separable bound.
- :mod:`matcher.search.warm_start`: valid teams in seconds (transportation LP on preferences,
  coverage fill, repair, local search, simulated annealing) and the preference bound.
- :mod:`matcher.search.lns`: free a few teams at a time and re-solve them exactly.

How :func:`matcher.solve` combines them: :mod:`matcher.search.pipeline` (its phases, in order),
under one :mod:`~matcher.search.budget`, on one :mod:`~matcher.search.compiled` problem, with
the thresholds of :mod:`matcher.search.thresholds`: up to 2,000 (student, idea) pairs, CP-SAT
with the LP bound; up to 250,000, a short annealing warm start, the LP, then CP-SAT on the
LP-guided neighbourhood hinted with the warm start (then the full model); above, annealing and
LNS until one deadline, the LP solved alongside in a child process.
"""

from matcher.search.relaxation import LpBound, lp_bound, supports_lp_bound

__all__ = ["LpBound", "lp_bound", "supports_lp_bound"]
