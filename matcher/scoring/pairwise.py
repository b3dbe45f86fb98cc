"""Pairwise diversity: the sum of the dissimilarity of every pair of teammates (MDGP)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from ortools.sat.python import cp_model

from matcher.assignment import teams
from matcher.dissimilarity import dissimilarity_matrix
from matcher.model import lsum
from matcher.scoring.base import ScoringTerm

if TYPE_CHECKING:
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
    """

    kind: ClassVar[str] = "pairwise"
    without: ClassVar[Mapping[str, str]] = {
        "decompose": ("dissimilarity over every pair of teammates: quadratic, with a pair for most "
                      "pairs of students")}

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        problem = builder.problem
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
