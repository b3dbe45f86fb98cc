"""The whole-cohort counterfactual: the best formation with one student fixed elsewhere,
solved under the same rules, and the changes it forces in words.

Exact, and affordable on small cohorts (:data:`SMALL_COHORT` students); larger cohorts are
explained by exchanges and small neighbourhoods (:mod:`matcher.explain.exchange`,
:mod:`matcher.explain.neighbourhood`). :func:`place` is also what re-matching uses to say why
a student moved.
"""

from __future__ import annotations

from collections.abc import Mapping

from matcher.assignment import Assignment, teams, value_counts
from matcher.check import objective, score
from matcher.explain.explanation import Alternative, points_text
from matcher.explain.priced import PricedCohort
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.registry import effective_weights, make_term
from matcher.result import Status

#: Default seconds of search for each counterfactual.
DEFAULT_TIME_LIMIT = 10.0

#: At most this many individual changes are spelled out per counterfactual.
MAX_CHANGES = 8

#: Cohorts of at most this many students are explained by whole-cohort counterfactuals (exact
#: and fast at that size); larger ones never get a model of the whole cohort.
SMALL_COHORT = 300

_CPSAT_INFEASIBLE = "CP-SAT proved that no formation satisfies the rules"


def place(problem: Problem, assignment: Assignment, student_id: str, project_id: str, *,
          weights: Mapping[str, int] | None = None,
          time_limit: float | None = DEFAULT_TIME_LIMIT, workers: int | None = None,
          diagnose_infeasible: bool = True, action: str | None = None,
          reasons: list[str] | None = None,
          _base: tuple[int, dict[str, int]] | None = None,
          priced: PricedCohort | None = None,
          start: Mapping[str, str | None] | None = None) -> Alternative:
    """The counterfactual: the best formation with ``student_id`` fixed on ``project_id``
    (every other rule, the weights and the time limit unchanged), and what it costs against
    ``assignment``, with the changes it forces in words.

    ``action`` starts the sentence ("moving S012 there" by default); ``reasons`` are put
    before the ones found here. ``priced``: the formation's counterfactual model, built once
    (:func:`priced_cohort`): the question is re-solved on it instead of through
    :func:`matcher.solve`; ``start``: changes to ``assignment`` that place the student there
    (the best exchange), its first incumbent.
    """
    from matcher.solve import solve

    w = effective_weights(problem, weights)
    current = {x.id: assignment.get(x.id) for x in problem.students}
    base, base_terms = _base or (objective(problem, current, w), score(problem, current, w))
    q = project_id
    s = problem.students[problem.student_index[student_id]]
    q_rank = s.rank_of(q) or 0
    is_open = any(v == q for v in current.values())
    reasons = list(reasons or [])
    action = action or tr("moving {student} there", student=student_id)
    forced, fw, scale = _counterfactual(problem, current, w, student_id, q)
    hint = dict(current)
    hint[student_id] = q
    res = (priced.resolve(student_id, q, time_limit=time_limit, workers=workers, start=start)
           if priced is not None else None)
    if res is None:
        res = solve(forced, weights=fw, time_limit=time_limit, workers=workers, hint=hint)
    if res.status is Status.INFEASIBLE:
        why = list(res.reasons)
        if diagnose_infeasible and why in ([], [_CPSAT_INFEASIBLE]):
            from matcher.diagnose import diagnose

            d = diagnose(forced, time_limit=time_limit, workers=workers, suggest=False)
            why = d.reasons or why
        reasons.append(tr("no formation satisfies the rules with {student} on {project}: "
                          "{why}", student=student_id, project=q,
                          why="; ".join(why or [tr("CP-SAT proved it impossible")])))
        return Alternative(project=q, rank=q_rank, open=is_open, kind="counterfactual",
                           feasible=False, proven=True, reasons=reasons,
                           summary=tr("impossible under the rules ({why})",
                                      why="; ".join(why[:1] or [tr("proven by CP-SAT")])))
    if not res.has_solution:
        reasons.append(tr("no formation with {student} on {project} was found within the "
                          "time limit ({seconds} s)", student=student_id, project=q,
                          seconds=time_limit))
        return Alternative(project=q, rank=q_rank, open=is_open, kind="counterfactual",
                           feasible=None, reasons=reasons)
    after = res.assignment
    after_terms = score(problem, after, w)
    cost = base - objective(problem, after, w)
    proven = res.status is Status.OPTIMAL
    bound = res.best_bound if res.best_bound is not None else res.objective or 0
    lower = base - (bound + len(current)) // scale if scale > 1 else base - bound
    changes = {name: w.get(name, 0) * (after_terms.get(name, 0) - base_terms.get(name, 0))
               for name in base_terms}
    changes = {k: v for k, v in changes.items() if v}
    if cost == 0:
        head = tr("{action} is possible at no cost (a tie)", action=action)
    elif cost < 0:
        head = tr("{action} would gain the cohort {points}", action=action,
                  points=points_text(-cost))
    elif proven:
        head = tr("{action} would cost the cohort {points}", action=action,
                  points=points_text(cost))
    else:
        head = tr("{action} would cost the cohort at most {points}", action=action,
                  points=points_text(cost))
    if changes:
        head += " (" + ", ".join(f"{k} {v:+d}" for k, v in changes.items()) + ")"
    reasons.append(head)
    reasons.extend(differences(problem, current, after, w, exclude=student_id))
    placements = {sid: after.get(sid) for sid in current if after.get(sid) != current[sid]}
    if proven:
        summary = tr("re-solving the whole cohort with {student} there costs {points}",
                     student=student_id, points=points_text(cost))
    else:
        summary = tr("re-solving the whole cohort with {student} there costs at most "
                     "{points}", student=student_id, points=points_text(cost))
    return Alternative(
        project=q, rank=q_rank, open=is_open, kind="counterfactual", feasible=True, cost=cost,
        cost_lower=min(cost, lower), proven=proven, term_changes=changes,
        placements=placements, reasons=reasons, summary=summary)


def priced_cohort(problem: Problem, current: Assignment,
                  weights: Mapping[str, int] | None = None) -> PricedCohort | None:
    """The counterfactual model of ``current`` (:class:`~matcher.explain.priced.PricedCohort`),
    or ``None`` when re-matching (the ``moves`` term is then the problem's own, counted from
    its previous formation: :func:`place` keeps its own path)."""
    if problem.previous:
        return None
    w = effective_weights(problem, weights)
    scale = len(problem.students) + 1
    fw = {k: v * scale for k, v in w.items()}
    fw["moves"] = 1
    previous = {k: v for k, v in current.items() if v is not None}
    return PricedCohort(problem.with_changes(previous=previous), fw, current)


def _counterfactual(problem: Problem, current: Assignment, weights: Mapping[str, int],
                    student_id: str, project_id: str) -> tuple[Problem, dict[str, int], int]:
    """The problem with ``student_id`` fixed on ``project_id``, its weights and their scale.

    Among the formations of best objective, the one closest to ``current`` is wanted, so that
    the changes listed are those the move forces, not an arbitrary tie: the weights are
    multiplied by ``n + 1`` and a ``moves`` term of weight 1 counted from ``current`` is added,
    which orders by objective first, then by fewest moves. When the problem already re-matches
    a previous formation (its own ``moves`` term), the weights are left as they are.
    """
    rules = problem.rules.model_copy(
        update={"fixed": {**problem.rules.fixed, student_id: project_id}})
    if problem.previous:
        return problem.with_changes(rules=rules), dict(weights), 1
    scale = len(problem.students) + 1
    fw = {k: v * scale for k, v in weights.items()}
    fw["moves"] = 1
    previous = {k: v for k, v in current.items() if v is not None}
    return problem.with_changes(rules=rules, previous=previous), fw, scale


def differences(problem: Problem, before: Assignment, after: Assignment,
                weights: Mapping[str, int], *, exclude: str | None = None) -> list[str]:
    """What changes from ``before`` to ``after``, in words: teams that open or close, the
    attribute values a team loses or gains (for each attribute an objective term with a
    non-zero weight measures), and who moves with which change of rank."""
    out: list[str] = []
    t0, t1 = teams(problem, before), teams(problem, after)
    for pid in t0:
        if t0[pid] and not t1[pid]:
            out.append(tr("{project} would close", project=pid))
        elif t1[pid] and not t0[pid]:
            out.append(tr("{project} would open", project=pid))
    attributes: list[str] = []
    for name, weight in weights.items():
        if weight == 0:
            continue
        try:
            term = make_term(name)
        except KeyError:
            continue
        if term.attribute and term.attribute not in attributes:
            attributes.append(term.attribute)
    for attr in attributes:
        for pid in t0:
            if not t0[pid] or not t1[pid]:
                continue
            c0, c1 = value_counts(t0[pid], attr), value_counts(t1[pid], attr)
            lost = [v for v in c0 if v not in c1]
            gained = [v for v in c1 if v not in c0]
            if len(lost) > len(gained):  # the team's count of distinct values drops
                for v in lost:
                    if c0[v] == 1:
                        out.append(tr("{project} would lose its only {holder}", project=pid,
                                      holder=_holder(attr, v, 1)))
                    else:
                        out.append(tr("{project} would lose all {count} of its {holder}",
                                      project=pid, count=c0[v],
                                      holder=_holder(attr, v, c0[v])))
            elif len(gained) > len(lost):
                out.append(tr("{project} would gain {holders}", project=pid,
                              holders=", ".join(
                                  _holder(attr, v, 1, article=True) for v in gained)))
    moved = []
    for s in problem.students:
        a, b = before.get(s.id), after.get(s.id)
        if a == b or s.id == exclude:
            continue
        ra, rb = (s.rank_of(a) if a else None), (s.rank_of(b) if b else None)
        moved.append(f"{s.id} {a or tr('no team')}→{b or tr('no team')} "
                     f"({_rank_word(ra)}→{_rank_word(rb)})")
    if moved:
        shown = moved[:MAX_CHANGES]
        more = (tr(" and {count} more", count=len(moved) - len(shown))
                if len(moved) > len(shown) else "")
        who = ", ".join(shown) + more
        out.append(tr("1 other student would move: {who}", who=who) if len(moved) == 1
                   else tr("{count} other students would move: {who}", count=len(moved),
                           who=who))
    if len(out) > 2 * MAX_CHANGES:
        out = out[: 2 * MAX_CHANGES] + [tr("and {count} more changes",
                                           count=len(out) - 2 * MAX_CHANGES)]
    return out


def _holder(attribute: str, value: object, n: int, *, article: bool = False) -> str:
    """``design student`` / ``a student in design`` / ``member with gender F``."""
    if attribute == "discipline":
        if article:
            return tr("a student in {value}", value=value)
        return tr("{value} students", value=value) if n > 1 else tr("{value} student",
                                                                      value=value)
    if attribute == "institution":
        if article:
            return tr("a student from {value}", value=value)
        return tr("students from {value}", value=value) if n > 1 else tr(
            "student from {value}", value=value)
    if article:
        return tr("a member with {attribute} {value}", attribute=attribute, value=value)
    return (tr("members with {attribute} {value}", attribute=attribute, value=value) if n > 1
            else tr("member with {attribute} {value}", attribute=attribute, value=value))


def _rank_word(rank: int | None) -> str:
    return tr("unranked") if rank is None else tr("choice {rank}", rank=rank)
