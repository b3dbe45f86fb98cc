"""CP-SAT's side of the pipeline: its worker portfolio, its status names, and complete hints."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from ortools.sat.python import cp_model

from matcher.model import ModelBuilder
from matcher.result import Status
from matcher.scoring.base import ScoringTerm
from matcher.search.relaxation import LpBound

#: CP-SAT's status codes as :class:`~matcher.result.Status` (anything else: an invalid model).
STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


def default_workers() -> int:
    """CP-SAT workers when none is given: the machine's cores, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


#: Full subsolvers used when fewer than 8 workers are given, in order. CP-SAT's own portfolio
#: for 2-7 workers leaves out ``max_lp`` (linearization level 2), whose LP relaxation is what
#: proves optimality on this model (measured: benchmarks/results/thresholds.md).
SMALL_PORTFOLIO = ("max_lp", "quick_restart", "core", "default_lp", "reduced_costs",
                   "pseudo_costs", "no_lp")


def configure_search(params: object, workers: int) -> None:
    """Set the CP-SAT worker count and, below 8 workers, a portfolio that keeps ``max_lp``."""
    params.num_workers = workers  # type: ignore[attr-defined]
    if workers == 1:
        params.linearization_level = 2  # type: ignore[attr-defined]
    elif workers < 8:
        for name in SMALL_PORTFOLIO[:workers]:
            params.subsolvers.append(name)  # type: ignore[attr-defined]


def add_lp_hint(builder: ModelBuilder, relaxed: LpBound) -> None:
    """Hint each student on the ranked idea the LP relaxation gives most of them."""
    best: dict[int, tuple[float, int]] = {}
    for (si, pi), v in relaxed.ranked.items():
        if v > best.get(si, (0.0, -1))[0]:
            best[si] = (v, pi)
    for si, (_, pi) in best.items():
        var = builder.x.get((si, pi))
        if var is not None:
            builder.model.add_hint(var, True)


def add_hint(builder: ModelBuilder, hint: Mapping[str, str | None],
             terms: Iterable[ScoringTerm] = ()) -> None:
    """Hint every ``x``, and the ``open`` and presence indicators they imply, and the
    auxiliary variables of ``terms`` (their :meth:`~matcher.scoring.base.ScoringTerm.hint`
    face) and of the rules (:meth:`~matcher.constraints.base.Constraint.hint`): a complete
    hint, CP-SAT then starts from it instead of repairing a partial one. The constants the
    model building made variables of (``model.add(True)``, a constant literal) are hinted at
    their only value, so that no variable of the model is left out."""
    for term in terms:
        term.hint(builder, hint)
    for rule in builder.constraints:
        rule.hint(builder, hint)
    p = builder.problem
    for (si, pi), var in builder.x.items():
        builder.model.add_hint(var, hint.get(p.students[si].id) == p.projects[pi].id)
    sizes: dict[str, int] = {}
    for pid in hint.values():
        if pid is not None:
            sizes[pid] = sizes.get(pid, 0) + 1
    for pi, proj in enumerate(p.projects):
        builder.model.add_hint(builder.open[pi], sizes.get(proj.id, 0) > 0)
    x_index = {v.index for v in builder.x.values()}
    for (pi, attr, value), var in builder._present.items():
        if isinstance(var, int) or var.index in x_index:
            continue
        pid = p.projects[pi].id
        builder.model.add_hint(var, any(
            hint.get(p.students[si].id) == pid for si in p.groups(attr).get(value, ())))
    hint_constants(builder.model)


def hint_constants(model: cp_model.CpModel) -> None:
    """Hint, at its only value, every fixed variable of ``model`` not hinted yet."""
    proto = model.proto
    hinted = set(proto.solution_hint.vars)
    for index, var in enumerate(proto.variables):
        if index not in hinted and len(var.domain) == 2 and var.domain[0] == var.domain[1]:
            model.add_hint(model.get_int_var_from_proto_index(index), var.domain[0])
