"""Which path a solve takes: the routing predicates of the pipeline, in one place.

Each predicate that can refuse says why: it returns ``None`` when the path applies, else the
reason it gives (as :func:`~matcher.search.exact_mip.exact_mip_reason` and
:func:`~matcher.search.relaxation.lp_bound_reason` do for the exact MIP and the LP bound; those
two stay beside the models whose linear faces they read). The heuristics
(:mod:`matcher.search.heuristics`) keep every rule whose
:meth:`~matcher.constraints.base.Constraint.keep` face says how, and score every term: the
preference, coverage and ``moves`` terms and the sums over pairs of teammates natively, every
other term through its :meth:`~matcher.scoring.base.ScoringTerm.incremental` face, bounded by
its own :meth:`~matcher.scoring.base.ScoringTerm.upper_bound` (or ``lower_bound`` for a
negative weight) plus the LP relaxation of the rest
(:func:`~matcher.search.relaxation.pair_terms`). They search complete formations only: with
``allow_unassigned`` they place everyone (the ``unassigned`` term then at its best, 0), and
stand aside when they cannot.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from matcher.constraints.faces import Kept
from matcher.problem import Problem
from matcher.registry import make_constraints
from matcher.search import thresholds
from matcher.search.relaxation import coverage_attributes, pair_terms, unmodelled_terms

if TYPE_CHECKING:
    from matcher.search.compiled import CompiledProblem


def heuristic_rules(problem: Problem) -> Kept | None:
    """What the heuristics keep move by move (:class:`~matcher.constraints.faces.Kept`), or
    ``None`` when a rule cannot be kept (its :meth:`~matcher.constraints.base.Constraint.keep`
    face returns False)."""
    kept = Kept()
    for c in make_constraints(problem):
        if not c.keep(problem, kept):
            return None
    return kept


def warm_start_reason(problem: Problem, weights: Mapping[str, int] | None = None
                      ) -> str | None:
    """Why the heuristics' first teams
    (:func:`~matcher.search.heuristics.construction.heuristic_teams`, the CP-SAT hint of
    smaller cohorts) do not apply, or ``None`` when they do: every student is placed, every
    rule has a :meth:`~matcher.constraints.base.Constraint.keep` face, and the objective is
    preference points, coverage terms, ``moves`` (see
    :func:`~matcher.search.relaxation.coverage_attributes`) and sums over pairs of teammates
    (:func:`~matcher.search.relaxation.pair_terms`: ``wishes``)."""
    if problem.rules.allow_unassigned:
        return "students may stay without a team: the heuristics place everyone"
    extras = unmodelled_terms(problem, weights)
    if extras:
        return (f"term {extras[0][0].name!r} is scored move by move: only the large-cohort "
                "search scores it")
    rest, _, _ = pair_terms(problem, weights)
    if coverage_attributes(problem, rest) is None:
        return "the objective is not preference points, coverage, moves and pairs"
    if heuristic_rules(problem) is None:
        return "a rule has no keep face: the heuristics cannot keep it move by move"
    return None


def local_search_reason(problem: Problem, weights: Mapping[str, int] | None = None
                        ) -> str | None:
    """Why the large-cohort heuristics cannot search ``problem``, or ``None`` when they can
    (module docstring): every rule kept move by move, and every term scored with a proven
    bound."""
    if pair_terms(problem, weights)[2] is None:
        return "a term scored move by move has no proven bound"
    if heuristic_rules(problem) is None:
        return "a rule has no keep face: the heuristics cannot keep it move by move"
    return None


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


def heuristics_search(c: CompiledProblem) -> bool:
    """Whether the large-cohort heuristics search the problem: they keep its rules and
    objective (:func:`local_search_reason`), and the dense model is too large
    (:data:`~matcher.search.thresholds.DENSE_PAIR_LIMIT`) or the objective has pair terms
    with a proven upper bound (``wishes``) above
    :data:`~matcher.search.thresholds.WARM_PAIRS` pairs (CP-SAT alone from scratch was far
    from the heuristics there: benchmarks/results/wishes.md), or terms scored move by move
    (``pairwise``, ``blau``...) above :data:`~matcher.search.thresholds.LOCAL_SEARCH_PAIRS`
    (:func:`beyond_cp_sat`)."""
    if c.n_pairs > thresholds.DENSE_PAIR_LIMIT or beyond_cp_sat(c.problem, c.weights,
                                                                  c.n_pairs):
        return local_search_reason(c.problem, c.weights) is None
    if c.n_pairs <= thresholds.WARM_PAIRS:
        return False
    _, coeffs, bound = c.pair_terms
    return bool(coeffs) and bound is not None and c.warm_start_applies


def warm_start_applies(c: CompiledProblem, hint: Mapping[str, str | None] | None) -> bool:
    """Whether an attempt runs the warm start before CP-SAT: no hint given, above
    :data:`~matcher.search.thresholds.WARM_PAIRS` pairs, and the heuristics keep the rules and
    objective (:func:`warm_start_reason`)."""
    return not hint and c.n_pairs > thresholds.WARM_PAIRS and c.warm_start_applies


def lp_ignores_caps(c: CompiledProblem) -> bool:
    """Whether a rule the LP relaxation ignores caps the teams: a rule the heuristics cannot
    keep, or a cap they keep move by move (``max_per_value``, ``new_teammates``)."""
    if not c.warm_start_applies:
        return True
    return c.kept is None or bool(c.kept.caps)


def construction_applies(c: CompiledProblem, hint: Mapping[str, str | None] | None) -> bool:
    """Whether an attempt constructs first teams although the warm start does not apply
    (:func:`warm_start_applies`): no hint given, the warm start's objective test fails (a term
    scored move by move such as ``balance`` on scaled grades, or students who may stay
    without a team), yet every rule is kept move by move (:func:`heuristic_rules`). The
    construction places every student whatever the objective
    (:mod:`~matcher.search.heuristics.construction`), annealing then scores every term through
    its :meth:`~matcher.scoring.base.ScoringTerm.incremental` face: a valid problem is never
    answered "no formation found" because CP-SAT found none in time."""
    return not hint and not c.warm_start_applies and c.kept is not None


def objective_bounded(c: CompiledProblem) -> bool:
    """Whether :func:`~matcher.search.bounds.cheap_bound` is a proven bound of the whole
    objective: every term the relaxations leave out has its own bound
    (:func:`~matcher.search.relaxation.pair_terms`)."""
    return c.pair_terms[2] is not None
