"""The compiled problem: what every search phase reads, computed once per solve.

:func:`matcher.solve` compiles the problem once (:func:`compile_problem`) and hands the result
to every phase of the pipeline (:mod:`matcher.search.pipeline`), the model builder
(:class:`~matcher.model.ModelBuilder`'s ``forbidden`` and ``points``), the warm start and the
LNS (:meth:`~matcher.search.heuristics.instance.Instance.from_problem`), instead of each recomputing
the effective weights, the rules' instances, the points of every (student, idea) pair, the
forbidden pairs, the attribute codes and which paths apply. Every field is computed on first
use: a phase that never runs costs nothing. (The LP bound and the exact MIP still flatten the
problem themselves: their internals are being rewritten around the plug-ins' linear faces.)

Indices are positions in ``problem.students`` and ``problem.projects`` (the problem's own
``student_index`` and ``project_index``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from matcher.constraints.faces import Kept
from matcher.constraints.fixed import Fixed
from matcher.registry import effective_weights, make_constraints, make_terms
from matcher.scoring.moves import stayers
from matcher.search.relaxation import coverage_attributes, pair_terms
from matcher.search.routing import warm_start_reason

if TYPE_CHECKING:
    from matcher.constraints.base import Constraint
    from matcher.problem import Problem, Value
    from matcher.scoring.base import ScoringTerm


@dataclass(eq=False)
class CompiledProblem:
    """A problem and its effective weights, flattened for the searches (see the module
    docstring). Build it with :func:`compile_problem`; read-only once built."""

    problem: Problem
    #: the effective weights (:func:`~matcher.registry.effective_weights`), validated
    weights: dict[str, int]
    _codes: dict[str, tuple[np.ndarray, list[Value]]] = field(default_factory=dict,
                                                               repr=False)

    # ------------------------------------------------------------------ sizes
    @property
    def n_students(self) -> int:
        """Students in the cohort."""
        return len(self.problem.students)

    @property
    def n_projects(self) -> int:
        """Project ideas."""
        return len(self.problem.projects)

    @property
    def n_pairs(self) -> int:
        """(student, idea) pairs: the size of the dense model."""
        return self.n_students * self.n_projects

    # ------------------------------------------------------------------ plug-ins
    @cached_property
    def constraints(self) -> list[Constraint]:
        """Every rule instance of the problem (:func:`~matcher.registry.make_constraints`)."""
        return make_constraints(self.problem)

    @cached_property
    def terms(self) -> list[tuple[ScoringTerm, int]]:
        """(term, weight) of every term of the effective weights, zero weights included."""
        return make_terms(self.problem, self.weights)

    @cached_property
    def kept(self) -> Kept | None:
        """What the heuristics keep move by move, or ``None`` when a rule cannot be kept
        (:func:`~matcher.search.routing.heuristic_rules`)."""
        kept = Kept()
        for c in self.constraints:
            if not c.keep(self.problem, kept):
                return None
        return kept

    # ------------------------------------------------------------------ objective parts
    @cached_property
    def coverage(self) -> dict[str, int] | None:
        """``{attribute: weight}`` of the coverage terms, ``None`` when the objective has a
        term the LP does not model (:func:`~matcher.search.relaxation.coverage_attributes`)."""
        return coverage_attributes(self.problem, self.weights)

    @cached_property
    def pair_terms(self) -> tuple[dict[str, int], dict[tuple[int, int], int], int | None]:
        """The sums over pairs of teammates set apart
        (:func:`~matcher.search.relaxation.pair_terms`): (the other weights, coefficients,
        their upper bound)."""
        return pair_terms(self.problem, self.weights)

    @cached_property
    def rest_coverage(self) -> dict[str, int] | None:
        """:attr:`coverage` of the objective without its pair terms."""
        return coverage_attributes(self.problem, self.pair_terms[0])

    @cached_property
    def warm_start_applies(self) -> bool:
        """:func:`~matcher.search.routing.warm_start_reason` has no reason: the heuristics
        keep every rule and score every term."""
        return warm_start_reason(self.problem, self.weights) is None

    # ------------------------------------------------------------------ pairs
    @cached_property
    def points(self) -> list[dict[int, int]]:
        """``points[s]``: idea index -> preference points, for the ideas ``s`` ranks."""
        problem, pindex = self.problem, self.problem.project_index
        return [{pindex[pid]: problem.points(s, pid) for pid in s.preferences}
                for s in problem.students]

    @cached_property
    def prefs(self) -> list[list[int]]:
        """``prefs[s]``: the idea indices ``s`` ranks, favourite first."""
        pindex = self.problem.project_index
        return [[pindex[pid] for pid in s.preferences] for s in self.problem.students]

    @cached_property
    def pinned(self) -> list[int]:
        """``pinned[s]``: the idea a ``fixed`` rule puts ``s`` on, -1 for none."""
        sindex, pindex = self.problem.student_index, self.problem.project_index
        out = [-1] * self.n_students
        for c in self.constraints:
            if isinstance(c, Fixed):
                for sid, pid in c.placements.items():
                    out[sindex[sid]] = pindex[pid]
        return out

    @cached_property
    def forbidden_by_student(self) -> list[set[int]]:
        """``forbidden[s]``: the ideas a rule forbids ``s`` (its
        :meth:`~matcher.constraints.base.Constraint.forbidden_pairs` face), but those of
        ``fixed`` (``n P`` pairs: :attr:`pinned` says them as one idea per student)."""
        out: list[set[int]] = [set() for _ in range(self.n_students)]
        for c in self.constraints:
            if isinstance(c, Fixed):
                continue
            for si, pi in c.forbidden_pairs(self.problem):
                out[si].add(pi)
        return out

    @cached_property
    def forbidden(self) -> list[set[int]]:
        """``forbidden[s]``: every idea a rule forbids ``s``, ``fixed`` included (all ideas but
        the pinned one): the model builder's."""
        out = [set(ideas) for ideas in self.forbidden_by_student]
        everything = range(self.n_projects)
        for si, pi in enumerate(self.pinned):
            if pi >= 0:
                out[si].update(q for q in everything if q != pi)
        return out

    @cached_property
    def previous(self) -> list[int]:
        """``previous[s]``: the idea ``s`` was on in the previous formation (-1: none, or it no
        longer exists); all -1 when the ``moves`` term is not weighted."""
        out = [-1] * self.n_students
        if self.weights.get("moves", 0):
            sindex, pindex = self.problem.student_index, self.problem.project_index
            for sid, pid in self.stayers.items():
                out[sindex[sid]] = pindex.get(pid, -1)
        return out

    @cached_property
    def stayers(self) -> dict[str, str]:
        """:func:`~matcher.scoring.moves.stayers` of the problem."""
        return stayers(self.problem)

    @cached_property
    def proposers(self) -> list[list[int]]:
        """``proposers[p]``: the student indices who proposed idea ``p``."""
        sindex = self.problem.student_index
        return [[sindex[sid] for sid in p.proposers] for p in self.problem.projects]

    @cached_property
    def proposes(self) -> list[list[int]]:
        """``proposes[s]``: the idea indices ``s`` proposed."""
        out: list[list[int]] = [[] for _ in range(self.n_students)]
        for pi, props in enumerate(self.proposers):
            for si in props:
                out[si].append(pi)
        return out

    # ------------------------------------------------------------------ attributes
    def codes(self, attribute: str) -> tuple[np.ndarray, list[Value]]:
        """``(codes, values)``: ``codes[s]`` is the position in ``values`` of student ``s``'s
        value of ``attribute`` (-1: unknown); ``values`` in order of first holder."""
        if attribute not in self._codes:
            code = np.asarray(self.problem.value_codes(attribute), dtype=np.int32)
            self._codes[attribute] = (code, list(self.problem.groups(attribute)))
        return self._codes[attribute]


def compile_problem(problem: Problem, weights: Mapping[str, int] | None = None
                    ) -> CompiledProblem:
    """The problem compiled with its effective weights (``weights`` overriding the
    problem's); raises :class:`~matcher.problem.ProblemValidationError` on an unknown term or
    attribute."""
    return CompiledProblem(problem, effective_weights(problem, weights))


def compiled_for(problem: Problem, weights: Mapping[str, int] | None,
                 compiled: CompiledProblem | None) -> CompiledProblem:
    """``compiled`` when it is ``problem``'s with these weights (``None``: any), else a new
    one: how a phase that may also run alone (tests, ``explain``) takes the solve's."""
    if compiled is not None and compiled.problem is problem and (
            weights is None or dict(weights) == compiled.weights):
        return compiled
    return compile_problem(problem, weights)
