"""Dissimilarity between two students: the ``[pairwise]`` section of a config.

The ``pairwise`` scoring term (:mod:`matcher.scoring.pairwise`) adds, over every team, the
dissimilarity of every pair of members: the objective of the maximally diverse grouping problem
(MDGP). The dissimilarity is an integer matrix ``d[i,j]`` built from attributes, given as a
matrix, or both (they add up)::

    [pairwise]
    attributes = { discipline = 2, gender = 1, year = 1 }   # attribute -> integer weight
    scale = 100                                              # a full mismatch is worth 100

    d[i,j] = matrix[i,j] + sum_a w_a * d_a(i,j)

- categorical attribute: ``d_a = scale`` when both values are known and differ, else 0;
- numeric attribute (every known value a number): ``d_a = round(scale * |v_i - v_j| / R)``
  with ``R`` the cohort's range (max - min) of the attribute; 0 when a value is unknown or
  ``R = 0``.

With neither ``attributes`` nor ``matrix``, the attributes are ``discipline = 1`` and
``institution = 1``. A matrix is indexed in the order of ``ids`` (student ids), or in cohort
order when ``ids`` is omitted; it must be square and symmetric; its diagonal is ignored;
students missing from ``ids`` have dissimilarity 0 to everyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from matcher.i18n import tr
from matcher.issues import RecordIssue

if TYPE_CHECKING:
    from matcher.problem import Problem

#: Attributes used when neither ``attributes`` nor ``matrix`` is given.
DEFAULT_ATTRIBUTES: dict[str, int] = {"discipline": 1, "institution": 1}


class Dissimilarity(BaseModel):
    """How different two students are (the ``[pairwise]`` config section).

    Attributes
    ----------
    attributes:
        ``{attribute: weight}``, integer weights; each attribute adds ``weight * d_a(i, j)``.
    scale:
        The dissimilarity of a full mismatch on one attribute (categorical values that differ,
        or numeric values at the two ends of the cohort's range). Integers stay exact in the
        model; 100 gives percent resolution to numeric attributes.
    matrix:
        Integer dissimilarities given directly, square and symmetric (the diagonal is ignored).
    ids:
        The student id of each row of ``matrix`` (default: cohort order).

    Model: the term is linear in ``d``; ``d`` itself is data, computed once per problem.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    attributes: dict[str, int] = Field(default_factory=dict)
    scale: int = Field(default=100, ge=1)
    matrix: list[list[int]] | None = None
    ids: list[str] | None = None

    def effective_attributes(self) -> dict[str, int]:
        """The attribute weights in force (:data:`DEFAULT_ATTRIBUTES` when nothing is given)."""
        if not self.attributes and self.matrix is None:
            return dict(DEFAULT_ATTRIBUTES)
        return dict(self.attributes)

    def issues(self, problem: Problem) -> list[RecordIssue]:
        """Unknown attributes, negative weights, a matrix of the wrong shape or asymmetric."""
        out: list[RecordIssue] = []
        known = problem.attributes()
        for attr, w in self.attributes.items():
            if attr not in known:
                out.append(RecordIssue("pairwise", None, "attributes",
                                       tr("unknown attribute {attribute!r} (known: {known})",
                                          attribute=attr, known=", ".join(sorted(known))),
                                       attr))
            if w < 0:
                out.append(RecordIssue("pairwise", None, "attributes",
                                       tr("weight of {attribute!r} must not be negative, got "
                                          "{weight}", attribute=attr, weight=w), w))
        if self.ids is not None and self.matrix is None:
            out.append(RecordIssue("pairwise", None, "ids", tr("ids given without a matrix")))
        if self.matrix is None:
            return out
        ids = self.ids if self.ids is not None else [s.id for s in problem.students]
        n = len(ids)
        if len(set(ids)) != n:
            out.append(RecordIssue("pairwise", None, "ids", tr("an id is listed twice")))
        for sid in ids:
            if sid not in problem.student_index:
                out.append(RecordIssue("pairwise", None, "ids",
                                       tr("unknown student {student!r}", student=sid),
                                       sid))
        if len(self.matrix) != n or any(len(row) != n for row in self.matrix):
            out.append(RecordIssue("pairwise", None, "matrix",
                                   tr("the matrix must be {n} x {n} (one row and column per "
                                      "listed id)", n=n) if self.ids is not None else
                                   tr("the matrix must be {n} x {n} (one row and column per "
                                      "student)", n=n)))
            return out
        m = np.asarray(self.matrix, dtype=np.int64)
        bad = np.argwhere(m != m.T)
        if len(bad):
            i, j = bad[0]
            out.append(RecordIssue("pairwise", None, "matrix",
                                   tr("the matrix is not symmetric: d[{a},{b}] = {ab} but "
                                      "d[{b},{a}] = {ba}", a=ids[i], b=ids[j], ab=m[i, j],
                                      ba=m[j, i])))
        return out


def dissimilarity_matrix(problem: Problem) -> np.ndarray:
    """The integer dissimilarity ``d[i, j]`` between students ``i`` and ``j`` (cohort order).

    Computed from :attr:`Problem.pairwise <matcher.problem.Problem.pairwise>` (see the module
    docstring), once per problem (cached). Symmetric, zero diagonal, ``int64``. Do not modify
    the returned array.

    Examples
    --------
    >>> from matcher import Problem, Project, Student
    >>> p = Problem(students=[Student(id="a", discipline="bio"),
    ...                       Student(id="b", discipline="info"),
    ...                       Student(id="c", discipline="bio")],
    ...             projects=[Project(id="P", max_size=3)])
    >>> dissimilarity_matrix(p).tolist()
    [[0, 100, 0], [100, 0, 100], [0, 100, 0]]
    """
    cache = problem.__dict__.setdefault("_pairwise_cache", {})
    if "matrix" not in cache:
        cache["matrix"] = _build(problem)
        cache["matrix"].setflags(write=False)
    return cache["matrix"]


def attribute_dissimilarity(problem: Problem, attribute: str, scale: int) -> np.ndarray:
    """``d_a``: the unweighted dissimilarity on one attribute, in ``0..scale``."""
    values = [s.value(attribute) for s in problem.students]
    n = len(values)
    known = np.array([v is not None for v in values], dtype=bool)
    both = known[:, None] & known[None, :]
    numbers = [v for v in values if v is not None]
    if numbers and all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers):
        arr = np.array([float(v) if v is not None else 0.0 for v in values])
        span = max(numbers) - min(numbers)
        if span == 0:
            return np.zeros((n, n), dtype=np.int64)
        d = np.rint(scale * np.abs(arr[:, None] - arr[None, :]) / span).astype(np.int64)
    else:
        codes: dict[object, int] = {}
        arr_codes = np.array([codes.setdefault(v, len(codes)) if v is not None else -1
                              for v in values], dtype=np.int64)
        d = np.where(arr_codes[:, None] != arr_codes[None, :], scale, 0).astype(np.int64)
    d[~both] = 0
    np.fill_diagonal(d, 0)
    return d


def _build(problem: Problem) -> np.ndarray:
    settings = problem.pairwise
    n = len(problem.students)
    d = np.zeros((n, n), dtype=np.int64)
    for attr, w in settings.effective_attributes().items():
        if w:
            d += w * attribute_dissimilarity(problem, attr, settings.scale)
    if settings.matrix is not None:
        ids = settings.ids if settings.ids is not None else [s.id for s in problem.students]
        pos = np.array([problem.student_index[sid] for sid in ids], dtype=np.int64)
        d[np.ix_(pos, pos)] += np.asarray(settings.matrix, dtype=np.int64)
    np.fill_diagonal(d, 0)
    return d
