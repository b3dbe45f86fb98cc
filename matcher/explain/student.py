"""Why one student landed where they did, in layers from the cheapest to the exact.

For each project ``P`` the student ``S`` ranked above their team ``Q``:

1. ``P`` stayed closed: why, by arithmetic (:func:`~matcher.explain.closed.closed_reasons`).
2. The best single move or swap putting ``S`` on ``P`` (:func:`~matcher.explain.exchange.
   best_exchange`), priced on the two teams; when none keeps the rules, the rule every one
   breaks, named with its records by its plug-in ("S00011 proposed P0034, which must open").
3. With the time left: the exact answer of a bigger question. On a small cohort
   (:data:`~matcher.explain.counterfactual.SMALL_COHORT` students) the whole cohort is
   re-solved with ``S`` on ``P``; on a larger one, a few teams around ``P`` and ``Q``
   (:mod:`~matcher.explain.neighbourhood`), never a model of the whole cohort.

Each sentence says what was proven: "no single move or swap gains; the best costs 9 points",
"re-solving these 3 teams with S on P costs 7 points", "at most"/"at least" when not proven.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

from matcher.assignment import Assignment
from matcher.constraints.base import Violation
from matcher.explain.budget import ExplanationBudget
from matcher.explain.closed import closed_reasons
from matcher.explain.counterfactual import (
    DEFAULT_TIME_LIMIT,
    SMALL_COHORT,
    differences,
    place,
    priced_cohort,
)
from matcher.explain.exchange import Exchange, best_exchange
from matcher.explain.explanation import Alternative, Explanation, points_text
from matcher.explain.figures import team_figures
from matcher.explain.local import Formation
from matcher.explain.neighbourhood import resolve, supports_neighbourhood
from matcher.explain.priced import PricedCohort
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.registry import RULES
from matcher.teammates import teammate_notes

#: Seconds at most for one neighbourhood re-solve.
NEIGHBOURHOOD_LIMIT = 3.0

#: Below this many seconds left, no exact solve is started.
MIN_SOLVE = 0.05


def higher_choices(formation: Formation, student_id: str,
                   max_alternatives: int | None = None) -> list[str]:
    """The projects ``student_id`` ranked above their team (all they ranked, without one)."""
    problem = formation.problem
    s = problem.students[problem.student_index[student_id]]
    pid = formation.project_of(student_id)
    rank = s.rank_of(pid) if pid else None
    higher = list(s.preferences[: (rank - 1 if rank else len(s.preferences))])
    return higher if max_alternatives is None else higher[:max_alternatives]


def _words(formation: Formation, violations: list[Violation]) -> list[str]:
    """Each violation in the words of its rule's plug-in (:meth:`Constraint.binding`)."""
    rules = {c.name: c for c in formation.local_rules + formation.global_rules}
    out = []
    for v in violations:
        rule = rules.get(v.rule)
        text = rule.binding(formation.problem, v) if rule is not None else v.message
        if text not in out:
            out.append(text)
    return out


def _how(ex: Exchange, student_id: str, project_id: str) -> str:
    if ex.companions:
        return tr("moving {student} with {others} to {project}", student=student_id,
                  others=", ".join(ex.companions), project=project_id)
    if ex.partner is None:
        return tr("moving {student} to {project}", student=student_id, project=project_id)
    assert ex.changes is not None
    return tr("swapping {student} with {partner} (who goes to {team})", student=student_id,
              partner=ex.partner, team=ex.changes[ex.partner] or tr("no team"))


def _exchange_words(ex: Exchange, student_id: str, project_id: str) -> str:
    """What the exchange layer proved, in one sentence."""
    assert ex.cost is not None
    how = _how(ex, student_id, project_id)
    if ex.companions:
        return tr("no single move or swap keeps the rules; {how} costs {points}", how=how,
                  points=points_text(ex.cost))
    if ex.cost > 0:
        return tr("no single move or swap gains; the best, {how}, costs {points}",
                  how=how, points=points_text(ex.cost))
    if ex.cost == 0:
        return tr("{how} is a tie (no points lost)", how=how)
    return tr("{how} would gain {points}", how=how, points=points_text(-ex.cost))


def quick_alternative(formation: Formation, student_id: str, project_id: str) -> Alternative:
    """Layers 1 and 2 for one project (module docstring): no solver, two teams at a time."""
    problem = formation.problem
    s = problem.students[problem.student_index[student_id]]
    rank = s.rank_of(project_id) or 0
    q = formation.project_of(student_id)
    is_open = formation.size(project_id) > 0
    reasons: list[str] = []
    if not is_open:
        reasons = closed_reasons(problem, formation.current, project_id,
                                 ranked_by=formation.fans(project_id))
    ex = best_exchange(formation, student_id, project_id)
    teams = [t for t in (project_id, q) if t is not None]
    if ex.found:
        words = _exchange_words(ex, student_id, project_id)
        assert ex.changes is not None
        return Alternative(
            project=project_id, rank=rank, open=is_open, kind="exchange", feasible=True,
            cost=ex.cost, cost_lower=None, proven=False, teams=teams,
            placements=dict(ex.changes), reasons=reasons + [words],
            summary=(reasons[1] + "; " if not is_open and len(reasons) > 1 else "") + words)
    rules = _words(formation, ex.common)
    if not is_open:
        summary = "; ".join(reasons[1:3]) if len(reasons) > 1 else reasons[0]
        return Alternative(project=project_id, rank=rank, open=False, kind="closed",
                           teams=teams, rules=rules, reasons=reasons, summary=summary)
    if rules:
        sentence = tr("every single move or swap putting {student} there breaks a rule: "
                      "{rules}", student=student_id, rules="; ".join(rules))
        if ex.group_broken:
            sentence += "; " + tr("moving {student} with {others} breaks: {rules}",
                                  student=student_id, others=", ".join(ex.companions),
                                  rules="; ".join(_words(formation, ex.group_broken)))
        return Alternative(project=project_id, rank=rank, open=True, kind="rule",
                           teams=teams, rules=rules, reasons=reasons + [sentence],
                           summary="; ".join(rules))
    first = _words(formation, next(b for c, b in ex.broken if len(c) == 1))
    best_swap = next((b for c, b in ex.broken if len(c) > 1), None)
    parts = [tr("moving {student} breaks: {rules}", student=student_id,
                rules="; ".join(first))]
    if best_swap is not None:
        parts.append(tr("the best swap breaks: {rules}",
                        rules="; ".join(_words(formation, best_swap))))
    sentence = tr("no single move or swap keeps the rules ({details})",
                  details="; ".join(parts))
    return Alternative(project=project_id, rank=rank, open=True, kind="rule", teams=teams,
                       rules=first, reasons=reasons + [sentence], summary=sentence)


def exact_alternative(formation: Formation, student_id: str, alt: Alternative, *,
                      time_limit: float, workers: int | None = None,
                      diagnose_infeasible: bool = False, words: bool = False) -> Alternative:
    """Layer 3 for one project (module docstring), within ``time_limit`` seconds; the
    alternative of layers 1-2 when the problem is beyond both exact layers or time is out."""
    problem = formation.problem
    if time_limit < MIN_SOLVE:
        return alt
    if len(problem.students) <= SMALL_COHORT:
        lead = alt.reasons[:-1] if alt.kind == "exchange" else list(alt.reasons)
        out = place(problem, formation.current, student_id, alt.project,
                    weights=formation.weights,
                    time_limit=None if math.isinf(time_limit) else time_limit, workers=workers,
                    diagnose_infeasible=diagnose_infeasible, reasons=lead,
                    priced=_priced(formation), start=alt.placements or None)
        if out.feasible is None:  # nothing found in time: the cheap answer stands
            return alt
        prefix = alt.summary if alt.kind in ("closed", "rule") else ""
        summary = (prefix + "; " if prefix else "") + out.summary
        return out.model_copy(update={"summary": summary, "rules": alt.rules,
                                      "open": alt.open})
    if not supports_neighbourhood(formation):
        return alt
    nb = resolve(formation, student_id, alt.project, time_limit=time_limit,
                 hint=alt.placements or None)
    teams = ", ".join(nb.teams)
    count = len(nb.teams)
    if nb.status == "unknown":
        return alt
    if nb.status == "infeasible":
        sentence = tr("no formation of these {count} teams ({teams}) keeps the rules with "
                      "{student} on {project}", count=count, teams=teams, student=student_id,
                      project=alt.project)
        return alt.model_copy(update={
            "kind": "neighbourhood" if alt.kind != "exchange" else alt.kind,
            "teams": nb.teams, "reasons": alt.reasons + [sentence],
            "summary": alt.summary + "; " + sentence if alt.summary else sentence})
    assert nb.cost is not None and nb.cost_lower is not None
    where = dict(count=count, teams=teams, student=student_id, project=alt.project)
    if nb.status == "optimal":
        if nb.cost > 0:
            sentence = tr("re-solving these {count} teams ({teams}) with {student} on "
                          "{project} costs {points}", points=points_text(nb.cost), **where)
        elif nb.cost == 0:
            sentence = tr("re-solving these {count} teams ({teams}) with {student} on "
                          "{project} costs nothing (a tie)", **where)
        else:
            sentence = tr("re-solving these {count} teams ({teams}) with {student} on "
                          "{project} gains {points}", points=points_text(-nb.cost), **where)
    elif alt.cost is not None and alt.cost <= nb.cost:
        sentence = tr("re-solving these {count} teams ({teams}) with {student} on {project} "
                      "found nothing cheaper in {seconds:.1f} s; the best costs at least "
                      "{points}", points=points_text(nb.cost_lower), seconds=time_limit,
                      **where)
    else:
        sentence = tr("re-solving these {count} teams ({teams}) with {student} on {project} "
                      "costs at most {points} (at least {lower}; not proven in {seconds:.1f} "
                      "s)", points=points_text(nb.cost), lower=nb.cost_lower,
                      seconds=time_limit, **where)
    placements, cost = nb.changes, nb.cost
    if alt.cost is not None and alt.cost < cost:  # the exchange is better than the unproven
        placements, cost = alt.placements, alt.cost
    reasons = alt.reasons + [sentence]
    if words:
        reasons += differences(problem, formation.current, formation.apply(placements),
                               formation.weights, exclude=student_id)
    if alt.kind == "exchange" and alt.cost is not None and alt.cost > 0:
        lead = tr("no single move or swap gains (the best costs {points})",
                  points=points_text(alt.cost))
    else:
        lead = alt.summary if alt.kind in ("closed", "rule") else ""
    return alt.model_copy(update={
        "kind": "neighbourhood", "feasible": True, "cost": cost,
        "cost_lower": nb.cost_lower, "proven": nb.status == "optimal", "teams": nb.teams,
        "placements": placements, "reasons": reasons,
        "summary": (lead + "; " if lead else "") + sentence})


def _priced(formation: Formation) -> PricedCohort | None:
    """The formation's counterfactual model (:mod:`matcher.explain.priced`), made once and
    kept on it: every exact question on the formation re-solves the same model."""
    if not hasattr(formation, "_priced_cohort"):
        formation._priced_cohort = priced_cohort(  # type: ignore[attr-defined]
            formation.problem, formation.current, formation.weights)
    return formation._priced_cohort  # type: ignore[attr-defined]


def alternative(problem: Problem, assignment: Assignment, student_id: str, project_id: str,
                *, weights: Mapping[str, int] | None = None,
                time_limit: float | None = DEFAULT_TIME_LIMIT, deadline: float | None = None,
                workers: int | None = None, formation: Formation | None = None
                ) -> Alternative:
    """Why ``student_id`` is not on ``project_id`` (any project, ranked or not): every layer
    of the module docstring, the exact one within ``time_limit`` seconds and ``deadline``.
    Re-matching asks this to say why a student left their previous team."""
    budget = ExplanationBudget.of(deadline, time_limit)
    f = formation or Formation(problem, assignment, weights)
    alt = quick_alternative(f, student_id, project_id)
    limit = budget.share(1)
    if len(problem.students) > SMALL_COHORT:
        limit = min(limit, NEIGHBOURHOOD_LIMIT)
    return exact_alternative(f, student_id, alt, time_limit=limit, workers=workers,
                             words=True)


def explain(
    problem: Problem,
    assignment: Assignment,
    student_id: str,
    *,
    weights: Mapping[str, int] | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    workers: int | None = None,
    diagnose_infeasible: bool = True,
    max_alternatives: int | None = None,
    deadline: float | None = None,
    formation: Formation | None = None,
) -> Explanation:
    """Why ``student_id`` is where ``assignment`` puts them (module docstring).

    Parameters
    ----------
    problem:
        The problem the formation was made for.
    assignment:
        The formation: student id -> project id (``None`` for no team).
    student_id:
        The student to explain.
    weights:
        Objective weights overriding the problem's (as for :func:`matcher.solve`).
    time_limit:
        Seconds for the whole explanation (``None``: no limit); the exact layer shares them
        among the projects ranked higher.
    workers:
        CP-SAT workers for whole-cohort counterfactuals (small cohorts).
    diagnose_infeasible:
        When a whole-cohort counterfactual has no solution, name the rules in conflict with
        :func:`matcher.diagnose.diagnose`.
    max_alternatives:
        Explain only the student's ``max_alternatives`` favourite projects among those ranked
        higher (``None``: all of them).
    deadline:
        A :func:`time.monotonic` value no work goes past (with ``time_limit``, the earlier).
    formation:
        The formation compiled by :class:`~matcher.explain.local.Formation`, when the caller
        explains several students.

    Returns
    -------
    Explanation
        The rank obtained; for every project ranked higher an :class:`Alternative` (why it
        stayed closed, the rule that forbids it, or what it costs, worded for what was
        proven); and the student's team figures.

    Raises
    ------
    KeyError
        ``student_id`` is not a student of ``problem``.
    """
    start = time.perf_counter()
    if student_id not in problem.student_index:
        raise KeyError(f"unknown student {student_id!r}")
    budget = ExplanationBudget.of(deadline, time_limit)
    f = formation or Formation(problem, assignment, weights)
    alts = [quick_alternative(f, student_id, q)
            for q in higher_choices(f, student_id, max_alternatives)]
    for i, alt in enumerate(alts):
        limit = budget.share(len(alts) - i)
        if len(problem.students) > SMALL_COHORT:
            limit = min(limit, NEIGHBOURHOOD_LIMIT)
        alts[i] = exact_alternative(f, student_id, alt, time_limit=limit, workers=workers,
                                    diagnose_infeasible=diagnose_infeasible, words=True)
    return build_explanation(f, student_id, alts, start=start)


def build_explanation(formation: Formation, student_id: str, alternatives: list[Alternative],
                      *, start: float, notes: list[str] | None = None,
                      figures: bool = True) -> Explanation:
    """The :class:`Explanation` of ``student_id`` with these alternatives (and the figures
    of their team, unless ``figures`` is false)."""
    problem = formation.problem
    s = problem.students[problem.student_index[student_id]]
    pid = formation.project_of(student_id)
    notes = list(notes or [])
    notes[:0] = [note for cls in RULES.values() for note in cls.student_notes(problem, student_id)]
    if not s.preferences:
        notes.append(tr("{student} ranked no project: any team is as good for them",
                        student=student_id))
    notes.extend(teammate_notes(problem, formation.current, student_id))
    team = None
    if pid is not None and figures:
        members = {q: [problem.students[problem.student_index[m]]
                       for m in formation.members[q]] for q in (pid,)}
        team = team_figures(problem, formation.current, pid, members=members[pid])
    return Explanation(
        student=s.id, name=s.name, project=pid, rank=s.rank_of(pid) if pid else None,
        points=problem.points(s, pid) if pid else 0, preferences=list(s.preferences),
        alternatives=alternatives, team=team, notes=notes,
        time_s=time.perf_counter() - start)
