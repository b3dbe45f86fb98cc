"""Explanations for many students under one deadline: the cheap layers for everyone first,
then the exact layer with the time left, round by round."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

from matcher.assignment import Assignment
from matcher.explain.budget import ExplanationBudget
from matcher.explain.counterfactual import DEFAULT_TIME_LIMIT, SMALL_COHORT
from matcher.explain.explanation import Alternative, Explanation
from matcher.explain.local import Formation
from matcher.explain.student import (
    NEIGHBOURHOOD_LIMIT,
    build_explanation,
    exact_alternative,
    higher_choices,
    quick_alternative,
)
from matcher.i18n import tr
from matcher.problem import Problem

#: A student on this rank or worse, unranked or without a team is a *low placement*.
LOW_RANK = 4


def low_placements(problem: Problem, assignment: Assignment, *, worst_rank: int = LOW_RANK
                   ) -> list[str]:
    """Ids of the students on their ``worst_rank``-th choice or worse, on a project they did
    not rank, or without a team, in cohort order."""
    out = []
    for s in problem.students:
        pid = assignment.get(s.id)
        r = s.rank_of(pid) if pid else None
        if pid is None or r is None or r >= worst_rank:
            out.append(s.id)
    return out


def explain_all(
    problem: Problem,
    assignment: Assignment,
    *,
    weights: Mapping[str, int] | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    total_time: float | None = None,
    workers: int | None = None,
    deadline: float | None = None,
    students: Sequence[str] | None = None,
    formation: Formation | None = None,
    figures: bool = True,
) -> list[Explanation]:
    """:func:`~matcher.explain.explain` for every student (or ``students``), in that order,
    under one budget.

    First, for every student (the worst placed first), the layers without a solver: why a
    project stayed closed, the best single move or swap, the rule that forbids it. Then, with
    the time left, the exact layer (a few teams re-solved, or the whole cohort when it is
    small), one project per student per round. A student reached by neither gets a note
    saying the time ran out.

    Parameters
    ----------
    time_limit:
        Seconds at most for one exact solve (``None``: no cap but the budget).
    total_time, deadline:
        The budget: seconds from now, and/or a :func:`time.monotonic` deadline (the earlier
        wins; neither: no limit).
    students:
        The students to explain (default: the whole cohort).
    formation:
        The formation compiled by :class:`~matcher.explain.local.Formation`, when the caller
        has it.
    figures:
        Describe each student's team (:attr:`Explanation.team`); a list of reasons does not
        need it.
    """
    budget = ExplanationBudget.of(deadline, total_time)
    f = formation or Formation(problem, assignment, weights)
    ids = list(students) if students is not None else [s.id for s in problem.students]
    order = sorted(ids, key=lambda sid: -_badness(f, sid))
    starts: dict[str, float] = {}
    alts: dict[str, list[Alternative]] = {}
    for sid in order:  # the cheap layers, for everyone
        if budget.expired():
            break
        starts[sid] = time.perf_counter()
        alts[sid] = [quick_alternative(f, sid, q) for q in higher_choices(f, sid)]
    cap = time_limit
    if len(problem.students) > SMALL_COHORT:
        cap = NEIGHBOURHOOD_LIMIT if cap is None else min(cap, NEIGHBOURHOOD_LIMIT)
    round_ = 0
    # Seconds an exact solve has taken beyond the limit it was given (building its model, its
    # bound): none starts that would end past the deadline, which the caller may enforce by
    # killing the process, losing every explanation made so far.
    overrun = 0.0
    while not budget.expired():  # the exact layer, one project per student per round
        todo = [sid for sid in alts if round_ < len(alts[sid])]
        if not todo:
            break
        for k, sid in enumerate(todo):
            limit = min(budget.share(len(todo) - k, cap), budget.left() - overrun)
            if limit <= 0:
                break
            began = time.monotonic()
            alts[sid][round_] = exact_alternative(f, sid, alts[sid][round_],
                                                  time_limit=limit, workers=workers,
                                                  diagnose_infeasible=False)
            overrun = max(overrun, time.monotonic() - began - limit)
        else:
            round_ += 1
            continue
        break
    out = []
    late = [tr("not explained: the time for explanations ran out")]
    for sid in ids:
        if sid in alts:
            out.append(build_explanation(f, sid, alts[sid], start=starts[sid],
                                         figures=figures))
        else:
            out.append(build_explanation(f, sid, [], start=time.perf_counter(),
                                         notes=late if higher_choices(f, sid) else [],
                                         figures=figures))
    return out


def _badness(formation: Formation, student_id: str) -> int:
    """How many projects the student ranked above their team (all of them without one)."""
    return len(higher_choices(formation, student_id))
