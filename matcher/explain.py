"""Why a student landed where they did: counterfactuals solved under the same rules.

For every project a student ranked above the one they got, :func:`explain` says why not: the
project stayed closed (and why), or forcing the student there costs the cohort ``N`` objective
points, found by solving the counterfactual (the student fixed there with
:attr:`Rules.fixed <matcher.rules.Rules.fixed>`, every other rule and the time limit
unchanged), with the changes that make up the cost in words ("P03 would lose its only design
student"). :func:`team_figures` describes a team: its disciplines and institutions against the
cohort's, and which rules bind it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from matcher.assignment import Assignment, teams, value_counts
from matcher.check import objective, score
from matcher.problem import Problem
from matcher.registry import effective_weights, make_constraints, make_term
from matcher.result import Status
from matcher.teammates import teammate_notes

#: Default seconds of search for each counterfactual.
DEFAULT_TIME_LIMIT = 10.0

#: At most this many individual changes are spelled out per counterfactual.
MAX_CHANGES = 8


class Alternative(BaseModel):
    """A project the student ranked above the one they got, and why they are not on it.

    Attributes
    ----------
    project, rank:
        The project and the rank the student gave it.
    open:
        Whether the project is open in the formation explained.
    feasible:
        Whether some formation satisfies every rule with the student there (``None``: the time
        limit ended before one was found or ruled out).
    cost:
        ``objective(current) - objective(counterfactual)``: the points the cohort would lose
        (negative: gain). An upper bound when ``proven`` is false.
    cost_lower:
        A proven lower bound on the cost (equal to ``cost`` when ``proven``).
    proven:
        The counterfactual was solved to optimality.
    term_changes:
        Weighted change of each objective term (counterfactual minus current).
    reasons:
        The explanation in words, most important first.
    """

    model_config = ConfigDict(frozen=True)

    project: str
    rank: int
    open: bool
    feasible: bool | None = None
    cost: int | None = None
    cost_lower: int | None = None
    proven: bool = False
    term_changes: dict[str, int] = Field(default_factory=dict)
    reasons: list[str] = Field(default_factory=list)

    def brief(self) -> str:
        """A few words: ``P03 (choice 1) would cost 9 points`` / ``... stayed closed``."""
        head = f"{self.project} (choice {self.rank})"
        if self.feasible is False:
            return f"{head} is impossible under the rules"
        if self.feasible is None:
            return f"{head}: no formation found in time"
        closed = "" if self.open else " stayed closed;"
        cost = self.cost or 0
        if cost <= 0:
            return f"{head}{closed} is a tie or better ({-cost:+d} points)"
        return f"{head}{closed} would cost {cost} point{'s' if cost != 1 else ''}"

    def text(self) -> str:
        """One line: ``P03 (choice 1): <reasons>``."""
        return f"{self.project} (choice {self.rank}): " + "; ".join(self.reasons)


class TeamFigures(BaseModel):
    """A team's make-up against the cohort's, and the rules that bind it.

    ``best_disciplines`` is the most distinct disciplines a team of this size could have,
    ``min(size, disciplines in the cohort)``; likewise ``best_institutions``.
    """

    model_config = ConfigDict(frozen=True)

    project: str
    title: str = ""
    size: int
    min_size: int
    max_size: int
    optional: bool = False
    members: list[str] = Field(default_factory=list)
    disciplines: dict[str, int] = Field(default_factory=dict)
    institutions: dict[str, int] = Field(default_factory=dict)
    cohort_disciplines: int = 0
    cohort_institutions: int = 0
    best_disciplines: int = 0
    best_institutions: int = 0
    ranks: dict[str, int | None] = Field(default_factory=dict)
    binding: list[str] = Field(default_factory=list)

    def text(self) -> str:
        """Two lines: the make-up, then the binding rules."""
        head = (f"team {self.project}: {self.size} members ({self.min_size} to {self.max_size}), "
                f"{len(self.disciplines)} of the cohort's {self.cohort_disciplines} disciplines "
                f"(best possible {self.best_disciplines}), {len(self.institutions)} of "
                f"{self.cohort_institutions} institutions (best possible "
                f"{self.best_institutions})")
        bind = "binding rules: " + ("; ".join(self.binding) if self.binding else "none")
        return head + "\n" + bind


class Explanation(BaseModel):
    """Why a student is where they are: see :func:`explain`."""

    model_config = ConfigDict(frozen=True)

    student: str
    name: str = ""
    project: str | None = None
    rank: int | None = None
    points: int = 0
    preferences: list[str] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    team: TeamFigures | None = None
    notes: list[str] = Field(default_factory=list)
    time_s: float = 0.0

    def headline(self) -> str:
        """One sentence: who is where, at which rank."""
        who = f"{self.student} ({self.name})" if self.name else self.student
        if self.project is None:
            return f"{who} has no team."
        if self.rank is None:
            what = "a project they did not rank" if self.preferences else "they ranked no project"
            return f"{who} is on {self.project} ({what})."
        return f"{who} is on {self.project}, their choice {self.rank} of {len(self.preferences)}."

    def text(self) -> str:
        """The whole explanation as plain text lines."""
        lines = [self.headline()]
        lines += [f"  {n}" for n in self.notes]
        lines += [f"- {a.text()}" for a in self.alternatives]
        if self.team is not None:
            lines += ["  " + line for line in self.team.text().splitlines()]
        return "\n".join(lines)

    def reason(self) -> str:
        """A short reason for a low placement: the cheapest way up, or why none exists."""
        if not self.preferences:
            return "they ranked no project"
        if not self.alternatives:
            return "placed on their first choice" if self.rank == 1 else "no better choice"
        return "; ".join(a.text() for a in self.alternatives)


# ---------------------------------------------------------------------- team figures


def team_figures(problem: Problem, assignment: Assignment, project_id: str) -> TeamFigures:
    """The make-up of team ``project_id`` and the rules that bind it (no solver).

    A rule *binds* a team when it stops a member from leaving or a student from joining:
    full at ``max_size``, at ``min_size``, at a ``max_per_value`` cap, at exactly the
    ``min_distinct`` minimum, a pair kept by ``no_isolated``, proposers, fixed placements and
    keep-together groups.
    """
    p = problem.projects[problem.project_index[project_id]]
    members = teams(problem, assignment)[project_id]
    ids = [s.id for s in members]
    n = len(members)
    disciplines = {str(k): v for k, v in value_counts(members, "discipline").items()}
    institutions = {str(k): v for k, v in value_counts(members, "institution").items()}
    n_disc = len(problem.groups("discipline"))
    n_inst = len(problem.groups("institution"))
    rules = problem.rules
    binding: list[str] = []
    if n:
        if not p.optional:
            binding.append("must open")
        if n == p.max_size:
            binding.append(f"full: {n} of at most {p.max_size}")
        if n == p.min_size:
            binding.append(f"at its minimum size {p.min_size}: "
                           + ("nobody can leave without closing it" if p.optional
                              else "nobody can leave"))
        for sid in p.proposers:
            if sid in ids:
                binding.append(f"{sid} proposed it and stays on it")
        for sid, pid in rules.fixed.items():
            if pid == project_id:
                binding.append(f"{sid} is fixed on it")
        for attr, k in rules.max_per_value.items():
            for value, c in value_counts(members, attr).items():
                if c >= k:
                    binding.append(f"{c} members with {attr} {value}: at the cap of {k}")
        for attr, k in rules.min_distinct.items():
            d = len(value_counts(members, attr))
            if d <= k:
                binding.append(f"{d} distinct {attr} values: the minimum is {k}")
        for attr, values in rules.no_isolated.items():
            for value, c in value_counts(members, attr).items():
                if c == 2 and (not values or str(value) in {str(v) for v in values}):
                    binding.append(f"two members with {attr} {value}: neither can leave alone")
        for group in rules.keep_together:
            if set(group) <= set(ids):
                binding.append(f"{', '.join(group)} must stay together")
        for group in rules.keep_apart:
            inside = [sid for sid in group if sid in ids]
            outside = [sid for sid in group if sid not in ids]
            if inside and outside:
                binding.append(f"{', '.join(inside)} keeps {', '.join(outside)} out")
        for c in make_constraints(problem):
            binding.extend(c.binding(problem, assignment, project_id))
    ranks = {s.id: s.rank_of(project_id) for s in members}
    return TeamFigures(
        project=p.id, title=p.title, size=n, min_size=p.min_size, max_size=p.max_size,
        optional=p.optional, members=ids, disciplines=disciplines, institutions=institutions,
        cohort_disciplines=n_disc, cohort_institutions=n_inst,
        best_disciplines=min(n, n_disc), best_institutions=min(n, n_inst), ranks=ranks,
        binding=binding)


# ---------------------------------------------------------------------- explain


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
) -> Explanation:
    """Why ``student_id`` is where ``assignment`` puts them.

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
        Seconds of search for *each* counterfactual (``None``: until proven optimal).
    workers:
        CP-SAT workers for the counterfactuals.
    diagnose_infeasible:
        When a counterfactual has no solution, name the rules in conflict with
        :func:`matcher.diagnose.diagnose` (within the same time limit).
    max_alternatives:
        Explain only the student's ``max_alternatives`` favourite projects among those ranked
        higher (``None``: all of them; each costs one counterfactual solve).

    Returns
    -------
    Explanation
        The rank obtained; for every project ranked higher, an :class:`Alternative` whose
        ``cost`` is ``objective(assignment) - objective(best formation with the student
        there)``; and the student's team figures.

    Raises
    ------
    KeyError
        ``student_id`` is not a student of ``problem``.
    """
    start = time.perf_counter()
    if student_id not in problem.student_index:
        raise KeyError(f"unknown student {student_id!r}")
    s = problem.students[problem.student_index[student_id]]
    w = effective_weights(problem, weights)
    current = {x.id: assignment.get(x.id) for x in problem.students}
    pid = current[student_id] if current[student_id] in problem.project_index else None
    rank = s.rank_of(pid) if pid else None
    base = objective(problem, current, w)
    base_terms = score(problem, current, w)
    higher = list(s.preferences[: (rank - 1 if rank else len(s.preferences))])
    if max_alternatives is not None:
        higher = higher[:max_alternatives]
    members = teams(problem, current)
    notes: list[str] = []
    fixed_at = problem.rules.fixed.get(student_id)
    if fixed_at is not None:
        notes.append(f"the rules fix {student_id} on {fixed_at}")
    alternatives = []
    for q in higher:
        q_rank = s.rank_of(q) or 0
        is_open = bool(members.get(q))
        reasons = [] if is_open else closed_reasons(problem, current, q)
        q_project = problem.projects[problem.project_index[q]]
        if is_open and len(members[q]) >= q_project.max_size:
            reasons.append(f"{q} is full ({len(members[q])} of {q_project.max_size}): someone "
                           f"must leave it for {student_id} to join")
        if fixed_at is not None and fixed_at != q:
            alternatives.append(Alternative(
                project=q, rank=q_rank, open=is_open, feasible=False,
                reasons=reasons + [f"the rules fix {student_id} on {fixed_at}"]))
            continue
        alternatives.append(place(problem, current, student_id, q, weights=w,
                                  time_limit=time_limit, workers=workers,
                                  diagnose_infeasible=diagnose_infeasible, reasons=reasons,
                                  _base=(base, base_terms)))
    if not s.preferences:
        notes.append(f"{student_id} ranked no project: any team is as good for them")
    notes.extend(teammate_notes(problem, current, student_id))
    team = team_figures(problem, current, pid) if pid else None
    return Explanation(
        student=s.id, name=s.name, project=pid, rank=rank,
        points=problem.points(s, pid) if pid else 0, preferences=list(s.preferences),
        alternatives=alternatives, team=team, notes=notes,
        time_s=time.perf_counter() - start)


def place(problem: Problem, assignment: Assignment, student_id: str, project_id: str, *,
          weights: Mapping[str, int] | None = None,
          time_limit: float | None = DEFAULT_TIME_LIMIT, workers: int | None = None,
          diagnose_infeasible: bool = True, action: str | None = None,
          reasons: list[str] | None = None,
          _base: tuple[int, dict[str, int]] | None = None) -> Alternative:
    """The counterfactual: the best formation with ``student_id`` fixed on ``project_id``
    (every other rule, the weights and the time limit unchanged), and what it costs against
    ``assignment``, with the changes it forces in words.

    ``action`` starts the sentence ("moving S012 there" by default); ``reasons`` are put
    before the ones found here.
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
    action = action or f"moving {student_id} there"
    forced, fw, scale = _counterfactual(problem, current, w, student_id, q)
    hint = dict(current)
    hint[student_id] = q
    res = solve(forced, weights=fw, time_limit=time_limit, workers=workers, hint=hint)
    if res.status is Status.INFEASIBLE:
        why = list(res.reasons)
        if diagnose_infeasible and why in ([], [_CPSAT_INFEASIBLE]):
            from matcher.diagnose import diagnose

            d = diagnose(forced, time_limit=time_limit, workers=workers, suggest=False)
            why = d.reasons or why
        reasons.append(f"no formation satisfies the rules with {student_id} on {q}: "
                       + "; ".join(why or ["CP-SAT proved it impossible"]))
        return Alternative(project=q, rank=q_rank, open=is_open, feasible=False,
                           reasons=reasons)
    if not res.has_solution:
        reasons.append(f"no formation with {student_id} on {q} was found within the "
                       f"time limit ({time_limit} s)")
        return Alternative(project=q, rank=q_rank, open=is_open, feasible=None,
                           reasons=reasons)
    after = res.assignment
    after_terms = score(problem, after, w)
    cost = base - objective(problem, after, w)
    proven = res.status is Status.OPTIMAL
    bound = res.best_bound if res.best_bound is not None else res.objective or 0
    lower = base - (bound + len(current)) // scale if scale > 1 else base - bound
    changes = {name: w.get(name, 0) * (after_terms.get(name, 0) - base_terms.get(name, 0))
               for name in base_terms}
    changes = {k: v for k, v in changes.items() if v}
    verb = "would cost the cohort" if cost > 0 else "would gain the cohort"
    amount = abs(cost) if proven else f"at most {abs(cost)}" if cost > 0 else abs(cost)
    if cost == 0:
        head = f"{action} is possible at no cost (a tie)"
    else:
        head = f"{action} {verb} {amount} point{'s' if cost != 1 else ''}"
    if changes:
        head += " (" + ", ".join(f"{k} {v:+d}" for k, v in changes.items()) + ")"
    reasons.append(head)
    reasons.extend(differences(problem, current, after, w, exclude=student_id))
    return Alternative(
        project=q, rank=q_rank, open=is_open, feasible=True, cost=cost,
        cost_lower=min(cost, lower), proven=proven, term_changes=changes,
        reasons=reasons)


_CPSAT_INFEASIBLE = "CP-SAT proved that no formation satisfies the rules"


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


def closed_reasons(problem: Problem, assignment: Assignment, project_id: str) -> list[str]:
    """Why a project stayed closed, by arithmetic on the rules (no solver)."""
    p = problem.projects[problem.project_index[project_id]]
    rules = problem.rules
    out = [f"{project_id} stayed closed (it is optional)"]
    fans = []
    for s in problem.students:
        if project_id not in s.preferences or project_id in s.refused:
            continue
        if rules.top_k and project_id not in s.preferences[: rules.top_k]:
            continue
        if rules.fixed.get(s.id, project_id) != project_id:
            continue
        fans.append(s.id)
    if len(fans) < p.min_size:
        out.append(f"only {len(fans)} student{'s' if len(fans) != 1 else ''} ranked it"
                   f"{f' in their top {rules.top_k}' if rules.top_k else ''}, and it needs "
                   f"at least {p.min_size}")
    else:
        out.append(f"{len(fans)} students ranked it; it needs at least {p.min_size}")
    mandatory = {sid: q.id for q in problem.projects if not q.optional for sid in q.proposers}
    for sid in p.proposers:
        fixed = rules.fixed.get(sid)
        if fixed is not None and fixed != project_id:
            out.append(f"its proposer {sid} is fixed on {fixed}")
        elif sid in mandatory and mandatory[sid] != project_id:
            out.append(f"its proposer {sid} must be on {mandatory[sid]}, which must open")
        elif assignment.get(sid) and assignment.get(sid) != project_id:
            out.append(f"opening it would take its proposer {sid} away from "
                       f"{assignment.get(sid)}")
    return out


def differences(problem: Problem, before: Assignment, after: Assignment,
                weights: Mapping[str, int], *, exclude: str | None = None) -> list[str]:
    """What changes from ``before`` to ``after``, in words: teams that open or close, the
    attribute values a team loses or gains (for each attribute an objective term with a
    non-zero weight measures), and who moves with which change of rank."""
    out: list[str] = []
    t0, t1 = teams(problem, before), teams(problem, after)
    for pid in t0:
        if t0[pid] and not t1[pid]:
            out.append(f"{pid} would close")
        elif t1[pid] and not t0[pid]:
            out.append(f"{pid} would open")
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
                    only = "its only" if c0[v] == 1 else f"all {c0[v]} of its"
                    out.append(f"{pid} would lose {only} {_holder(attr, v, c0[v])}")
            elif len(gained) > len(lost):
                out.append(f"{pid} would gain " + " and ".join(
                    _holder(attr, v, 1, article=True) for v in gained))
    moved = []
    for s in problem.students:
        a, b = before.get(s.id), after.get(s.id)
        if a == b or s.id == exclude:
            continue
        ra, rb = (s.rank_of(a) if a else None), (s.rank_of(b) if b else None)
        moved.append(f"{s.id} {a or 'no team'}→{b or 'no team'} "
                     f"({_rank_word(ra)}→{_rank_word(rb)})")
    if moved:
        shown = moved[:MAX_CHANGES]
        more = f" and {len(moved) - len(shown)} more" if len(moved) > len(shown) else ""
        out.append(f"{len(moved)} other student{'s' if len(moved) > 1 else ''} would move: "
                   + ", ".join(shown) + more)
    if len(out) > 2 * MAX_CHANGES:
        out = out[: 2 * MAX_CHANGES] + [f"and {len(out) - 2 * MAX_CHANGES} more changes"]
    return out


def _holder(attribute: str, value: object, n: int, *, article: bool = False) -> str:
    """``design student`` / ``a student in design`` / ``member with gender F``."""
    plural = "s" if n > 1 else ""
    if attribute == "discipline":
        return f"a student in {value}" if article else f"{value} student{plural}"
    if attribute == "institution":
        return f"{'a ' if article else ''}student{plural} from {value}"
    return f"{'a ' if article else ''}member{plural} with {attribute} {value}"


def _rank_word(rank: int | None) -> str:
    return "unranked" if rank is None else f"choice {rank}"


def low_placements(problem: Problem, assignment: Assignment, *, worst_rank: int = 4
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
) -> list[Explanation]:
    """:func:`explain` for every student, in cohort order.

    ``time_limit`` bounds each counterfactual; ``total_time`` bounds the whole: once it is
    spent, the remaining students get their team figures without counterfactuals (their
    ``notes`` say so).
    """
    start = time.perf_counter()
    out = []
    for s in problem.students:
        spent = time.perf_counter() - start
        pid = assignment.get(s.id)
        first = pid is not None and s.rank_of(pid) == 1
        if first or total_time is None or spent < total_time:
            limit = time_limit
            if total_time is not None and not first:
                limit = max(0.05, min(time_limit or total_time, total_time - spent))
            out.append(explain(problem, assignment, s.id, weights=weights, time_limit=limit,
                               workers=workers))
            continue
        out.append(Explanation(
            student=s.id, name=s.name, project=pid if pid in problem.project_index else None,
            rank=s.rank_of(pid) if pid else None,
            points=problem.points(s, pid) if pid in problem.project_index else 0,
            preferences=list(s.preferences),
            team=team_figures(problem, assignment, pid) if pid in problem.project_index
            else None,
            notes=["not explained: the time for explanations ran out"]))
    return out
