"""Search strategies around CP-SAT: bounds, domains, warm start and LNS.

- :mod:`matcher.search.relaxation`: a proven upper bound from an aggregated LP relaxation,
  solved with HiGHS (simplex, or interior point without crossover on large cohorts).
- :mod:`matcher.search.domain`: which ``x[s,p]`` to create when the dense model is too large,
  the LP-guided neighbourhood, and a cheap separable bound.
- :mod:`matcher.search.heuristics`: valid teams in seconds (transportation flow on preferences,
  coverage fill, repair, local search, simulated annealing) and the LNS, which frees a few
  teams at a time and re-solves them exactly.
- :mod:`matcher.search.bounds`: the proven bounds computed without an LP solver.
- :mod:`matcher.search.routing`: which path a solve takes, and why not the others.

How :func:`matcher.solve` combines them: :mod:`matcher.search.pipeline` (its phases, in order),
under one :mod:`~matcher.search.budget`, on one :mod:`~matcher.search.compiled` problem, with
the thresholds of :mod:`matcher.search.thresholds`: up to 2,000 (student, idea) pairs, CP-SAT
with the LP bound (and the exact MIP beside it when it models the problem); up to 250,000, a
short annealing warm start, the LP, then CP-SAT on the LP-guided neighbourhood hinted with the
warm start (then the full model); above (or earlier, for terms only the heuristics score well:
:func:`~matcher.search.routing.heuristics_search`), annealing and LNS until one deadline. The
LP runs in this process, stopped by the budget, except on the large-cohort path from 1,000
students (:data:`~matcher.search.thresholds.LP_PROCESS_STUDENTS`): there it is solved in a
child process alongside the search (:mod:`matcher.search.lp_process`), killed at the deadline,
since HiGHS may not hear a stop.
"""

from matcher.search.relaxation import LpBound, lp_bound, supports_lp_bound

__all__ = ["LpBound", "lp_bound", "supports_lp_bound"]
