"""Arithmetic that rules out any solution, found before solving and said in words."""

from __future__ import annotations

from matcher.problem import Problem


def precheck(problem: Problem) -> list[str]:
    """Reasons, in words, why no team formation can exist; empty when none is found.

    These checks are sufficient, not complete: an empty list does not promise a solution.
    """
    reasons: list[str] = []
    rules = problem.rules
    n = len(problem.students)
    projects = problem.projects
    mandatory = [p for p in projects if not p.optional]
    if not rules.allow_unassigned:
        capacity = sum(p.max_size for p in projects)
        if capacity < n:
            reasons.append(
                f"the {len(projects)} ideas hold at most {capacity} students "
                f"(sum of max_size), fewer than the {n} in the cohort")
    need = sum(p.min_size for p in mandatory)
    if need > n:
        names = ", ".join(p.id for p in mandatory[:8]) + ("..." if len(mandatory) > 8 else "")
        reasons.append(
            f"the {len(mandatory)} ideas that must open ({names}) need at least {need} members "
            f"(sum of min_size), more than the {n} students in the cohort")
    reasons.extend(_pair_conflicts(problem))
    reasons.extend(_placement_conflicts(problem))
    return reasons


def _pair_conflicts(problem: Problem) -> list[str]:
    rules = problem.rules
    if not rules.keep_together and not rules.keep_apart:
        return []
    import networkx as nx  # here, not at module level: only pair rules need it (~0.2 s import)

    g = nx.Graph()
    for group in rules.keep_together:
        nx.add_path(g, group)
    # When students may stay without a team, a group kept together may stay out whole (which
    # breaks no pair rule), unless one of its members must be placed: fixed, or proposer of
    # an idea that must open.
    forced = None if not rules.allow_unassigned else set(rules.fixed) | {
        sid for p in problem.projects if not p.optional for sid in p.proposers}

    def must_place(component: set[str]) -> bool:
        return forced is None or bool(component & forced)

    out = []
    for group in rules.keep_apart:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a in g and b in g and nx.has_path(g, a, b) \
                        and must_place(nx.node_connected_component(g, a)):
                    chain = nx.shortest_path(g, a, b)
                    links = ", ".join(f"{u} with {v}" for u, v in zip(chain, chain[1:],
                                                                    strict=False))
                    out.append(f"contradictory pair rules: {links} keeps {a} and {b} together, "
                               f"but {a} and {b} must be apart")
    biggest = max((p.max_size for p in problem.projects), default=0)
    for component in nx.connected_components(g):
        if len(component) > biggest and must_place(component):
            out.append(f"keep-together rules join {len(component)} students "
                       f"({', '.join(sorted(component))}), more than the largest team "
                       f"({biggest})")
    return out


def _placement_conflicts(problem: Problem) -> list[str]:
    rules = problem.rules
    out = []
    fixed_count: dict[str, int] = {}
    for sid, pid in rules.fixed.items():
        fixed_count[pid] = fixed_count.get(pid, 0) + 1
        s = problem.students[problem.student_index[sid]]
        if pid in s.refused:
            out.append(f"student {sid} is fixed on {pid}, which they refused")
        if rules.top_k and s.preferences and pid not in s.preferences[: rules.top_k]:
            out.append(f"student {sid} is fixed on {pid}, outside their top {rules.top_k}")
    by_id = {p.id: p for p in problem.projects}
    for pid, k in fixed_count.items():
        if k > by_id[pid].max_size:
            out.append(f"{k} students are fixed on {pid}, which holds at most "
                       f"{by_id[pid].max_size}")
    for p in problem.projects:
        if not p.optional and len(p.proposers) > p.max_size:
            out.append(f"idea {p.id} must open with its {len(p.proposers)} proposers, but "
                       f"holds at most {p.max_size}")
        for sid in p.proposers:
            elsewhere = rules.fixed.get(sid)
            if not p.optional and elsewhere is not None and elsewhere != p.id:
                out.append(f"{sid} proposes {p.id}, which must open, but is fixed on "
                           f"{elsewhere}")
    if not rules.allow_unassigned:
        k = rules.top_k
        for s in problem.students:
            allowed = {p.id for p in problem.projects} - set(s.refused)
            if k and s.preferences:
                allowed &= set(s.preferences[:k])
            if not allowed:
                out.append(f"student {s.id} may join no project (refusals and top-{k} rule)")
    return out
