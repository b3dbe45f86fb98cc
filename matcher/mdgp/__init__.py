"""Maximally diverse grouping problem (MDGP): MDGPLIB reader, local search, exact proof.

Maximise ``sum_g sum_{i<j in g} d[i, j]`` over partitions of ``n`` elements into ``m``
groups with ``lower[g] <= |g| <= upper[g]``. :func:`solve_mdgp` is the entry point;
:func:`matcher.mdgp.local_search.maximize_pairwise` is the reusable heuristic. The search is
compiled by numba, the ``mdgp`` extra (:mod:`matcher.mdgp.kernels`); reading instances and the
CP-SAT proof need nothing more than the core.
"""

from matcher.mdgp.instance import MDGPInstance, pairwise_objective, parse_mdgp, read_mdgp
from matcher.mdgp.solve import MDGPResult, solve_mdgp

__all__ = [
    "MDGPInstance",
    "MDGPResult",
    "pairwise_objective",
    "parse_mdgp",
    "read_mdgp",
    "solve_mdgp",
]
