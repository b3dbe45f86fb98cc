"""Whole-cohort counterfactuals priced on one model: built once per formation, re-solved with
one student fixed for each question, warm-started from the formation explained.

:func:`~matcher.explain.counterfactual.place` answers "what would the best formation be with
this student on that idea?" exactly. Asked through :func:`matcher.solve`, every question
rebuilt the cohort's models, waited for the exact MIP's head start, ran a warm start and CP-SAT:
a minute for 70 low placements of a 300-student cohort solved in 2 s. Here the exact MIP of the
counterfactual objective (:mod:`matcher.search.exact_mip`, the model that proves small cohorts;
:func:`~matcher.explain.counterfactual._counterfactual` without the fixed student: the
formation explained is the ``previous`` one, the same for every question) is built once and
handed to HiGHS once; each question fixes one column and re-solves, from the formation with
the student moved when it keeps the rules.

Model: ``max (n+1) sum_t w_t f_t(x) + moves(x)`` under every rule (the aggregated MIP of
:mod:`matcher.search.exact_mip`: a column ``x[s,q]`` for every idea ``s`` ranks), question
``(s, q)`` the bounds ``1 <= x[s,q] <= 1``, put back to ``[0, 1]`` after. The MIP is exact
(its optimum realises to an optimal assignment, its dual bound is proven), so the answer is
the counterfactual's, proven when HiGHS closes the gap.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from matcher.assignment import Assignment
from matcher.check import check, objective
from matcher.problem import Problem
from matcher.result import Status
from matcher.search.exact_mip import _Model, exact_mip_reason
from matcher.search.highs import quiet_highs


@dataclass
class Resolved:
    """One question's answer, read as :func:`~matcher.explain.counterfactual.place` reads a
    :class:`~matcher.result.Result`: the status, the teams (if any), the objective and the
    proven bound in the counterfactual objective's units."""

    status: Status
    assignment: dict[str, str | None] = field(default_factory=dict)
    objective: int | None = None
    best_bound: int | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def has_solution(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


class PricedCohort:
    """The counterfactual MIP of a formation (module docstring), built on first use.

    Parameters
    ----------
    problem:
        The counterfactual problem without the fixed student: ``previous`` is the formation
        explained (:func:`~matcher.explain.counterfactual._counterfactual`).
    weights:
        Its scaled weights (``moves`` of weight 1 included).
    current:
        The formation explained, the start of every hint.
    """

    def __init__(self, problem: Problem, weights: Mapping[str, int],
                 current: Assignment) -> None:
        self.problem, self.weights = problem, dict(weights)
        self.current = {s.id: current.get(s.id) for s in problem.students}
        self._model: _Model | None = None
        self._highs: object | None = None
        self.applies = exact_mip_reason(problem, self.weights) is None
        #: seconds spent building the model and solving the questions (for benchmarks)
        self.build_seconds = 0.0
        self.questions = 0

    def _build(self) -> tuple[_Model, object]:
        if self._model is None:
            t0 = time.perf_counter()
            model = _Model(self.problem, self.weights)
            h = quiet_highs()
            h.setOptionValue("threads", 1)
            h.setOptionValue("mip_rel_gap", 0.0)
            h.setOptionValue("mip_abs_gap", 0.999)  # integer objective: below 1 proves it
            h.setOptionValue("presolve", "off")  # as the prover (exact_mip.MipProver)
            h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
            h.setOptionValue("mip_lp_solver", "ipm")
            h.passModel(model.to_highs(maximize=True, integer=True))
            self._model, self._highs = model, h
            self.build_seconds = time.perf_counter() - t0
        return self._model, self._highs

    def resolve(self, student_id: str, project_id: str, *, time_limit: float | None,
                workers: int | None = None,
                start: Mapping[str, str | None] | None = None) -> Resolved | None:
        """The best formation with ``student_id`` on ``project_id`` (status OPTIMAL when
        proven), or ``None`` when the MIP does not model the problem or has no column for the
        placement (an idea the student did not rank, a rule forbids it): the caller's own
        path answers then. ``start``: changes to the formation that place the student there
        (the best exchange), HiGHS's first incumbent when they keep the rules."""
        import highspy

        if not self.applies:
            return None
        model, h = self._build()
        p = self.problem
        j = model.xcol.get((p.student_index[student_id], p.project_index[project_id]))
        if j is None:
            return None
        self.questions += 1
        h.setOptionValue("time_limit", math.inf if time_limit is None
                         else max(0.01, float(time_limit)))
        h.changeColBounds(j, 1.0, 1.0)
        try:
            hint = dict(self.current)
            hint.update(start or {})
            hint[student_id] = project_id
            if not check(p, hint):  # a valid start: HiGHS's first incumbent
                sol = highspy.HighsSolution()
                sol.col_value = list(model.point(hint))
                h.setSolution(sol)
            h.run()
            info = h.getInfo()
            status = h.getModelStatus()
            values = (np.array(h.getSolution().col_value)
                      if info.primal_solution_status == 2 else None)
            dual = info.mip_dual_bound
        finally:
            h.changeColBounds(j, 0.0, 1.0)
        if status == highspy.HighsModelStatus.kInfeasible:
            return Resolved(status=Status.INFEASIBLE)
        assignment = model.realise(values) if values is not None else None
        if assignment is None:
            return Resolved(status=Status.UNKNOWN)
        value = objective(p, assignment, self.weights)
        if status == highspy.HighsModelStatus.kOptimal:
            return Resolved(status=Status.OPTIMAL, assignment=assignment, objective=value,
                            best_bound=value)
        bound = math.floor(dual + 1e-6) if math.isfinite(dual) else None
        return Resolved(status=Status.FEASIBLE, assignment=assignment, objective=value,
                        best_bound=None if bound is None else max(bound, value))
