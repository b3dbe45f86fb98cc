"""Whether the heuristics (warm start, annealing, LNS) search a problem, rather than CP-SAT.

The heuristics keep every rule whose :meth:`~matcher.constraints.base.Constraint.keep` face
says how, and score every term: the preference, coverage and ``moves`` terms and the sums over
pairs of teammates natively, every other term through its
:meth:`~matcher.scoring.base.ScoringTerm.incremental` face, bounded by its own
:meth:`~matcher.scoring.base.ScoringTerm.upper_bound` (or ``lower_bound`` for a negative
weight) plus the LP relaxation of the rest (:func:`~matcher.search.relaxation.pair_terms`).
They search complete formations only: with ``allow_unassigned`` they place everyone (the
``unassigned`` term then at its best, 0), and stand aside when they cannot.
"""

from __future__ import annotations

from collections.abc import Mapping

from matcher.problem import Problem
from matcher.search import thresholds
from matcher.search.relaxation import pair_terms, unmodelled_terms
from matcher.search.warm_start import heuristic_rules


def supports_local_search(problem: Problem, weights: Mapping[str, int] | None = None) -> bool:
    """True when the heuristics apply (module docstring): every rule kept move by move, and
    every term scored with a proven bound."""
    return pair_terms(problem, weights)[2] is not None and heuristic_rules(problem) is not None


def beyond_cp_sat(problem: Problem, weights: Mapping[str, int] | None, n_pairs: int) -> bool:
    """Whether the heuristics should search this problem rather than CP-SAT's dense model:
    a term scored move by move above :data:`~matcher.search.thresholds.LOCAL_SEARCH_PAIRS`
    pairs, or above :data:`~matcher.search.thresholds.LOCAL_SEARCH_LINEAR_PAIRS` when its
    CP-SAT model is a plain linear sum (:attr:`~matcher.scoring.base.ScoringTerm.linear`:
    ``unassigned``)."""
    extras = unmodelled_terms(problem, weights)
    if any(not t.linear for t, _ in extras):
        return n_pairs > thresholds.LOCAL_SEARCH_PAIRS
    return bool(extras) and n_pairs > thresholds.LOCAL_SEARCH_LINEAR_PAIRS
