"""Pairwise diversity: the sum of the dissimilarity of every pair of teammates (MDGP)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from matcher.assignment import teams
from matcher.dissimilarity import dissimilarity_matrix
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm
from matcher.scoring.incremental import Incremental

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


class Pairwise(ScoringTerm):
    """Pairwise diversity: ``sum_teams sum_{i<j in team} d[i,j]``, the objective of the maximally
    diverse grouping problem.

    ``d`` is the integer dissimilarity of :func:`matcher.dissimilarity.dissimilarity_matrix`,
    set by the ``[pairwise]`` config section: per-attribute weights (a categorical mismatch or a
    numeric distance across the whole cohort range is worth ``scale`` = 100) and/or a matrix.

    Model: one boolean ``same[i,j]`` per pair with ``d[i,j] != 0`` that may share a project,
    linked exactly to the assignment (``C`` = projects open to both)::

        x[i,p] + x[j,p] - 1 <= same[i,j]                (p in C: together => same)
        same[i,j] <= sum_{p in C} x[i,p]                (same => i on a shared project...)
        same[i,j] + x[i,p] - x[j,p] <= 1, and with i, j swapped   (... and j on it too)

    term ``sum_{i<j} d[i,j] * same[i,j]``. Exact on every solution, with either sign of weight.
    Redundant cut (tightens the LP bound): ``sum_j same[i,j] <= sum_p (max_size_p - 1) x[i,p]``.
    Size: O(n^2 |P|) constraints, meant for cohorts of up to a few hundred students.

    When ``d`` is made of categorical attributes only (no matrix, no numeric attribute), the
    term is ``scale sum_a w_a blau_a`` exactly (a pair differing on ``a`` with both values
    known adds ``w_a scale``), and is modelled so (:class:`~matcher.scoring.blau.Blau`:
    per-team counts of each value, ``O(|P| (V + max size))`` variables).
    """

    kind: ClassVar[str] = "pairwise"
    team_sum: ClassVar[bool] = True
    without: ClassVar[Mapping[str, str]] = {
        "hint": (
            "not yet: its auxiliary variables (same) are left out of the hint, and CP-SAT "
            "repairs them (a partial hint)"),
        "decompose": ("dissimilarity over every pair of teammates: quadratic, with a pair for most "
                      "pairs of students")}

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        problem = builder.problem
        categorical = categorical_weights(problem)
        if categorical is not None:
            # a sum of Blau terms: per-team counts instead of a boolean per pair
            from matcher.scoring.blau import Blau

            scale = problem.pairwise.scale
            return lsum(w * scale * Blau(f"blau.{a}", a).expression(builder)
                        for a, w in categorical.items())
        d = dissimilarity_matrix(problem)
        m = builder.model
        students = problem.students
        allowed = [dict(row) for row in builder.by_student]
        terms = []
        partners: list[list[cp_model.IntVar]] = [[] for _ in students]
        n = len(students)
        for i in range(n):
            xi = allowed[i]
            if not xi:
                continue
            for j in range(i + 1, n):
                dij = int(d[i, j])
                if dij == 0:
                    continue
                xj = allowed[j]
                common = [p for p in xi if p in xj]
                if not common:
                    continue
                same = m.new_bool_var(f"same[{students[i].id},{students[j].id}]")
                m.add(lsum(xi[p] for p in common) >= same)
                m.add(lsum(xj[p] for p in common) >= same)
                for p in common:
                    m.add_bool_or([xi[p].Not(), xj[p].Not(), same])
                    m.add_bool_or([same.Not(), xi[p].Not(), xj[p]])
                    m.add_bool_or([same.Not(), xj[p].Not(), xi[p]])
                terms.append(dij * same)
                partners[i].append(same)
                partners[j].append(same)
        # Redundant cut: a student has at most (team size - 1) teammates. Implied by the
        # linking over the integers; it gives the LP a bound near the best teammates of each
        # student instead of every pair at once.
        projects = problem.projects
        for i, same_i in enumerate(partners):
            if len(same_i) > 1:
                m.add(lsum(same_i) <= lsum((projects[p].max_size - 1) * v
                                           for p, v in allowed[i].items()))
        return lsum(terms)

    def value(self, problem: Problem, assignment: Assignment) -> int:
        d = dissimilarity_matrix(problem)
        index = problem.student_index
        out = 0
        for members in teams(problem, assignment).values():
            idx = [index[s.id] for s in members]
            if len(idx) > 1:
                out += int(d[[[i] for i in idx], idx].sum()) // 2
        return out

    def incremental(self, problem: Problem) -> PairwiseGains:
        """The MDGP gain matrix (:class:`PairwiseGains`): a move or a swap priced in constant
        time, a team change kept up to date in ``O(n)``."""
        return PairwiseGains(dissimilarity_matrix(problem))

    def upper_bound(self, problem: Problem) -> int:
        """The smaller of two proven bounds (:func:`pairwise_upper_bound`)."""
        return pairwise_upper_bound(problem)

    def lower_bound(self, problem: Problem) -> int:
        """0 when no dissimilarity is negative; else half the sum, over the students, of
        their ``max_p max_size_p - 1`` most negative dissimilarities (rounded up)."""
        d = dissimilarity_matrix(problem)
        if d.size == 0 or d.min() >= 0:
            return 0
        k = _room(problem)
        neg = np.minimum(d, 0)
        if k < neg.shape[1]:
            neg = np.partition(neg, k - 1, axis=1)[:, :k]
        total = int(neg.sum())
        return -((-total) // 2)


def categorical_weights(problem: Problem) -> dict[str, int] | None:
    """``{attribute: weight}`` when ``d`` is ``sum_a w_a d_a`` over categorical attributes
    only (no matrix, no numeric attribute, positive weights); ``None`` otherwise."""
    settings = problem.pairwise
    if settings.matrix is not None:
        return None
    out = {}
    for attr, w in settings.effective_attributes().items():
        if w == 0:
            continue
        known = [v for s in problem.students if (v := s.value(attr)) is not None]
        if w < 0 or (known and all(isinstance(v, int | float) and not isinstance(v, bool)
                                   for v in known)):
            return None
        out[attr] = w
    return out


def _room(problem: Problem) -> int:
    """The most teammates a student can have: the largest team's size less one (at least 1)."""
    return max(1, max((p.max_size for p in problem.projects), default=1) - 1)


def _top_k_bound(d: np.ndarray, k: int) -> int:
    """``floor(sum_i (sum of the k largest positive d[i, j]) / 2)``: each student has at most
    ``k`` teammates, and the sum over students of their teammates' dissimilarity counts every
    pair twice."""
    if d.shape[0] < 2:
        return 0
    pos = np.maximum(d, 0)
    if k < pos.shape[1]:
        pos = np.partition(pos, pos.shape[1] - k, axis=1)[:, pos.shape[1] - k:]
    return int(pos.sum()) // 2


def pairwise_upper_bound(problem: Problem) -> int:
    """A proven upper bound on the ``pairwise`` term over every assignment: the smaller of

    - the per-student bound :func:`_top_k_bound` of the whole matrix, and
    - the sum of one bound per component of ``d`` (the maximum of a sum is at most the sum
      of the maxima): for a categorical attribute of weight ``w``, ``w * scale * (most pairs
      of teammates among the students with a known value - fewest pairs of teammates sharing
      a value)`` (:func:`~matcher.scoring.incremental.most_pairs`,
      :func:`~matcher.scoring.incremental.fewest_alike_pairs`: the Blau bound,
      :func:`~matcher.scoring.blau.blau_upper_bound`); for a numeric
      attribute and for a given matrix, :func:`_top_k_bound` of that component.
    """
    cache = problem.__dict__.setdefault("_pairwise_cache", {})
    # what the bound reads besides d (a copy of the problem may share this cache)
    key = ("upper_bound", tuple((p.max_size, p.optional) for p in problem.projects),
           problem.rules.allow_unassigned, tuple(s.id for s in problem.students))
    if key not in cache:
        cache[key] = _upper_bound(problem)
    return cache[key]


def _upper_bound(problem: Problem) -> int:
    """:func:`pairwise_upper_bound`, computed."""
    from matcher.dissimilarity import attribute_dissimilarity
    from matcher.scoring.blau import blau_upper_bound

    d = dissimilarity_matrix(problem)
    k = _room(problem)
    whole = _top_k_bound(d, k)
    settings = problem.pairwise
    parts = 0
    rest = d.copy()
    for attr, w in settings.effective_attributes().items():
        if not w:
            continue
        d_a = attribute_dissimilarity(problem, attr, settings.scale)
        rest -= w * d_a
        values = [s.value(attr) for s in problem.students]
        known = [v for v in values if v is not None]
        numeric = bool(known) and all(isinstance(v, int | float) and not isinstance(v, bool)
                                      for v in known)
        if numeric or w < 0:
            parts += _top_k_bound(w * d_a, k)
        else:
            parts += w * settings.scale * blau_upper_bound(problem, attr)
    parts += _top_k_bound(rest, k)  # the matrix, if any
    return min(whole, parts)


class PairwiseGains(Incremental):
    """The ``pairwise`` term move by move, as the MDGP local search does
    (:mod:`matcher.mdgp.local_search`): the gain matrix ``G[p, k] = sum_{j on p} d[k, j]``.

    Model: moving ``s`` from ``p`` to ``q`` changes the term by ``G[q, s] - G[p, s]``;
    swapping ``s`` (on ``p``) and ``t`` (on ``q``) by ``G[q, s] - G[p, s] + G[p, t] -
    G[q, t] - 2 d[s, t]``; a student joining or leaving ``p`` adds or subtracts their row of
    ``d`` to ``G[p]`` (numpy, ``O(n)``).
    """

    def __init__(self, d: np.ndarray) -> None:
        self.d = d

    def reset(self, team: list[int], n_p: int) -> None:
        n = self.d.shape[0]
        self.where = list(team)
        onehot = np.zeros((n_p, n))
        for s, p in enumerate(team):
            if p >= 0:
                onehot[p, s] = 1.0
        # exact: integer sums far below 2**53
        self.gains = np.rint(onehot @ self.d.astype(np.float64)).astype(np.int64)

    def add(self, s: int, p: int) -> None:
        self.gains[p] += self.d[s]
        self.where[s] = p

    def remove(self, s: int, p: int) -> None:
        self.gains[p] -= self.d[s]
        self.where[s] = -1

    def value(self) -> int:
        g = self.gains
        return sum(int(g[p, s]) for s, p in enumerate(self.where) if p >= 0) // 2

    def pair_matrix(self) -> np.ndarray:
        return self.d

    def move_delta(self, s: int, p: int, q: int) -> int:
        g = self.gains
        return int(g[q, s] - g[p, s])

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        g = self.gains
        return int(g[q, s] - g[p, s] + g[p, t] - g[q, t] - 2 * self.d[s, t])
