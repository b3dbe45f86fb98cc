"""A few teams re-solved exactly with a student forced onto a project, everyone else fixed.

For student ``S`` on ``Q`` and a project ``P``, the neighbourhood is ``P``, ``Q``, the teams of
``P``'s proposers (when ``P`` is closed), and the teams most linked to them: where the members
of ``P`` and ``Q`` would like to go, and where the students who ranked ``P`` or ``Q`` highly
are (at most :data:`MAX_TEAMS` teams and :data:`MAX_STUDENTS` students). CP-SAT places the
members of those teams among them, ``S`` on ``P``, every other student where they are::

    sum_{p in T} x[s,p] = 1                       s in F (the members of the teams T)
    x[S,P] = 1
    lo_p o_p <= sum_{s in F} x[s,p] <= hi_p o_p   p in T   (o_p = 1 for a mandatory idea)
    x[s,p] = o_p                                  s a proposer of p (o_p = 0 if s is not in F)
    has[p,a,v] <= sum_{s in F, a(s)=v} x[s,p]
    max  w_pref sum points(s,p) x[s,p] + sum_a w_a sum_{p,v} has[p,a,v]

The rest of the cohort is fixed, so the objective change is local; the cost reported is
re-computed on the formation found (:meth:`Formation.delta`). Applies to the problems the
warm start's heuristics model exactly (:func:`~matcher.search.routing.warm_start_reason`:
sizes, proposers, refusals, ``top_k``; preference and coverage terms); other problems are
explained by exchanges, or by whole-cohort counterfactuals when small.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from matcher.explain.local import Formation
from matcher.search.heuristics.instance import Instance
from matcher.search.routing import warm_start_reason

#: At most this many teams, and this many students, are re-solved per question.
MAX_TEAMS, MAX_STUDENTS = 4, 48


@dataclass
class Neighbourhood:
    """The best formation of a few teams with the student on the project.

    ``status``: ``"optimal"`` (proven for these teams), ``"feasible"`` (found, not proven),
    ``"infeasible"`` (no formation of these teams keeps the rules with the student there),
    ``"unknown"`` (nothing found in time). ``cost`` is the cost of the formation found
    (exact); ``cost_lower`` a proven lower bound on the best cost of these teams.
    """

    teams: list[str]
    status: str
    cost: int | None = None
    cost_lower: int | None = None
    changes: dict[str, str | None] = field(default_factory=dict)


def supports_neighbourhood(formation: Formation) -> bool:
    """The neighbourhood model is exact for this problem (module docstring)."""
    cached = getattr(formation, "_neighbourhood_ok", None)
    if cached is None:
        w = formation.weights
        cached = (warm_start_reason(formation.problem, w) is None) and all(
            formation.project_of(sid) is not None for sid in formation.current)
        formation._neighbourhood_ok = cached  # type: ignore[attr-defined]
    return cached


def choose_teams(formation: Formation, student_id: str, project_id: str, *,
                 max_teams: int = MAX_TEAMS, max_students: int = MAX_STUDENTS) -> list[str]:
    """``P``, ``Q``, the teams of ``P``'s proposers, then the teams most linked to them."""
    problem = formation.problem
    q = formation.project_of(student_id)
    chosen = [project_id] + ([q] if q is not None and q != project_id else [])
    p = problem.projects[problem.project_index[project_id]]
    for r in p.proposers:
        t = formation.project_of(r)
        if t is not None and t not in chosen:
            chosen.append(t)
    score: Counter[str] = Counter()
    index = problem.student_index
    for team in chosen[:2]:
        for t in formation.members[team]:
            for r, other in enumerate(problem.students[index[t]].preferences[:3]):
                score[other] += 3 - r
    for team, weight in ((project_id, 2), (q, 1)):
        if team is None:
            continue
        for sid in formation.fans(team):
            s = problem.students[index[sid]]
            rank = s.rank_of(team) or 99
            where = formation.project_of(sid)
            if rank <= 3 and where is not None:
                score[where] += weight * (4 - rank)
    size = sum(formation.size(t) for t in chosen)
    for team, _ in score.most_common():
        if len(chosen) >= max_teams:
            break
        if team in chosen or not formation.members.get(team):
            continue
        if size + formation.size(team) > max_students:
            continue
        chosen.append(team)
        size += formation.size(team)
    return chosen


def resolve(formation: Formation, student_id: str, project_id: str, *, time_limit: float,
            teams: list[str] | None = None, hint: dict[str, str | None] | None = None,
            seed: int = 0) -> Neighbourhood:
    """Re-solve ``teams`` (default :func:`choose_teams`) exactly with ``student_id`` on
    ``project_id`` (module docstring), within ``time_limit`` seconds. ``hint``: changes to
    the current formation that put the student there and keep the rules (the best exchange),
    a first solution for CP-SAT."""
    problem = formation.problem
    inst = formation.instance()
    teams = teams or choose_teams(formation, student_id, project_id)
    pindex, sindex = problem.project_index, problem.student_index
    ps = [pindex[t] for t in teams]
    freed = sorted({sindex[sid] for t in teams for sid in formation.members[t]}
                   | {sindex[student_id]})
    s_star, p_star = sindex[student_id], pindex[project_id]
    if p_star in inst.forbidden[s_star]:
        return Neighbourhood(teams, "infeasible")
    m = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_team: dict[int, list[tuple[int, cp_model.IntVar]]] = {p: [] for p in ps}
    for s in freed:
        row = []
        for p in ([p_star] if s == s_star else ps):
            if p in inst.forbidden[s]:
                continue
            v = m.new_bool_var(f"x[{problem.students[s].id},{problem.projects[p].id}]")
            x[s, p] = v
            row.append(v)
            by_team[p].append((s, v))
        if not row:
            return Neighbourhood(teams, "infeasible")
        m.add_exactly_one(row)
    for p in ps:
        xs = [v for _, v in by_team[p]]
        if inst.optional[p]:
            o: cp_model.IntVar | int = m.new_bool_var(f"open[{problem.projects[p].id}]")
            m.add(sum(xs) >= inst.min_sizes[p] * o)
            m.add(sum(xs) <= inst.max_sizes[p] * o)
        else:
            o = 1
            m.add(sum(xs) >= inst.min_sizes[p])
            m.add(sum(xs) <= inst.max_sizes[p])
        for r in inst.proposers[p]:
            if (r, p) in x:
                m.add(x[r, p] == o)
            elif isinstance(o, int):
                m.add_bool_or([])  # a mandatory idea whose proposer cannot be on it
            else:
                m.add(o == 0)  # its proposer is held elsewhere: it stays closed
    terms, coeffs = [], []
    for (s, p), v in x.items():
        pts = inst.points[s].get(p, 0) * inst.w_pref
        if pts:
            terms.append(v)
            coeffs.append(pts)
    for a, code in enumerate(inst.codes):
        for p in ps:
            holders: dict[int, list[cp_model.IntVar]] = {}
            for s, v in by_team[p]:
                if code[s] >= 0:
                    holders.setdefault(code[s], []).append(v)
            for xs in holders.values():
                h = m.new_bool_var("")
                m.add(sum(xs) >= h)
                terms.append(h)
                coeffs.append(inst.w_attr[a])
    m.maximize(cp_model.LinearExpr.weighted_sum(terms, coeffs))
    current = {s: pindex[formation.current[problem.students[s].id]] for s in freed}
    start = dict(current)
    for sid, pid in (hint or {}).items():
        if sid in sindex and pid in pindex and sindex[sid] in start:
            start[sindex[sid]] = pindex[pid]
    for (s, p), v in x.items():
        m.add_hint(v, start[s] == p)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.random_seed = seed
    solver.parameters.catch_sigint_signal = False
    status = solver.solve(m)
    if status == cp_model.INFEASIBLE:
        return Neighbourhood(teams, "infeasible")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Neighbourhood(teams, "unknown")
    changes: dict[str, str | None] = {}
    for (s, p), v in x.items():
        if solver.boolean_value(v) and current[s] != p:
            changes[problem.students[s].id] = problem.projects[p].id
    cost = -formation.delta(changes)
    local_now = _local_value(inst, formation, freed, ps)
    lower = local_now - math.floor(solver.best_objective_bound + 1e-6)
    proven = status == cp_model.OPTIMAL
    return Neighbourhood(teams, "optimal" if proven else "feasible", cost=cost,
                         cost_lower=cost if proven else min(cost, lower), changes=changes)


def _local_value(inst: Instance, formation: Formation, freed: list[int], ps: list[int]
                 ) -> int:
    """The model's objective on the current placement of ``freed`` among ``ps``."""
    problem = formation.problem
    pindex = problem.project_index
    total = 0
    for s in freed:
        total += inst.w_pref * inst.points[s].get(pindex[formation.current[
            problem.students[s].id]], 0)
    for a, code in enumerate(inst.codes):
        for p in ps:
            values = {code[problem.student_index[sid]]
                      for sid in formation.members[problem.projects[p].id]}
            total += inst.w_attr[a] * len(values - {-1})
    return total
