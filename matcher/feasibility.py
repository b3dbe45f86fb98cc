"""Arithmetic that rules out any solution, found before solving and said in words."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from matcher.i18n import tr
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
            reasons.append(tr(
                "the {ideas} ideas hold at most {capacity} students (sum of max_size), fewer "
                "than the {students} in the cohort", ideas=len(projects), capacity=capacity,
                students=n))
    need = sum(p.min_size for p in mandatory)
    if need > n:
        names = ", ".join(p.id for p in mandatory[:8]) + ("..." if len(mandatory) > 8 else "")
        reasons.append(tr(
            "the {ideas} ideas that must open ({names}) need at least {need} members "
            "(sum of min_size), more than the {students} students in the cohort",
            ideas=len(mandatory), names=names, need=need, students=n))
    reasons.extend(_pair_conflicts(problem))
    reasons.extend(_placement_conflicts(problem))
    return reasons


def _pair_conflicts(problem: Problem) -> list[str]:
    rules = problem.rules
    if not rules.keep_together and not rules.keep_apart:
        return []
    groups = _PairGraph(rules.keep_together)
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
                if groups.joined(a, b) and must_place(groups.component(a)):
                    chain = groups.chain(a, b)
                    links = ", ".join(tr("{a} with {b}", a=u, b=v)
                                      for u, v in zip(chain, chain[1:], strict=False))
                    out.append(tr("contradictory pair rules: {links} keeps {a} and {b} "
                                  "together, but {a} and {b} must be apart",
                                  links=links, a=a, b=b))
    biggest = max((p.max_size for p in problem.projects), default=0)
    for component in groups.components():
        if len(component) > biggest and must_place(component):
            out.append(tr("keep-together rules join {count} students ({ids}), more than the "
                          "largest team ({biggest})", count=len(component),
                          ids=", ".join(sorted(component)), biggest=biggest))
    return out


class _PairGraph:
    """The keep-together rules as a graph (each group a path through its members): a
    union-find for who is joined to whom, and a breadth-first search for the chain of rules
    between two students, needed only to word a conflict. Plain Python: a graph library's
    import (networkx, about 0.2 s idle and seconds under load) would come out of the search's
    time for a few thousand edges at most."""

    def __init__(self, groups: Sequence[Sequence[str]]) -> None:
        self._parent: dict[str, str] = {}
        self._next: dict[str, list[str]] = {}
        for group in groups:
            for sid in group:
                self._parent.setdefault(sid, sid)
                self._next.setdefault(sid, [])
            for a, b in zip(group, group[1:], strict=False):
                if a == b or b in self._next[a]:
                    continue
                self._next[a].append(b)
                self._next[b].append(a)
                ra, rb = self._root(a), self._root(b)
                if ra != rb:
                    self._parent[rb] = ra

    def _root(self, sid: str) -> str:
        parent = self._parent
        root = sid
        while parent[root] != root:
            root = parent[root]
        while parent[sid] != root:  # path compression
            parent[sid], sid = root, parent[sid]
        return root

    def joined(self, a: str, b: str) -> bool:
        """``a`` and ``b`` are both in some keep-together group, linked by a chain of them."""
        return a in self._parent and b in self._parent and self._root(a) == self._root(b)

    def component(self, sid: str) -> set[str]:
        """Every student joined to ``sid`` (``sid`` included)."""
        root = self._root(sid)
        return {s for s in self._parent if self._root(s) == root}

    def components(self) -> list[set[str]]:
        """The groups of students joined together, in the order their first member appears."""
        by_root: dict[str, set[str]] = {}
        for sid in self._parent:
            by_root.setdefault(self._root(sid), set()).add(sid)
        return list(by_root.values())

    def chain(self, a: str, b: str) -> list[str]:
        """A shortest chain of students from ``a`` to ``b`` (:meth:`joined` ones)."""
        came_from: dict[str, str | None] = {a: None}
        frontier = deque([a])
        while frontier:
            u = frontier.popleft()
            if u == b:
                break
            for v in self._next[u]:
                if v not in came_from:
                    came_from[v] = u
                    frontier.append(v)
        path: list[str] = []
        node: str | None = b
        while node is not None:
            path.append(node)
            node = came_from[node]
        return path[::-1]


def _placement_conflicts(problem: Problem) -> list[str]:
    rules = problem.rules
    out = []
    fixed_count: dict[str, int] = {}
    for sid, pid in rules.fixed.items():
        fixed_count[pid] = fixed_count.get(pid, 0) + 1
        s = problem.students[problem.student_index[sid]]
        if pid in s.refused:
            out.append(tr("student {student} is fixed on {project}, which they refused",
                          student=sid, project=pid))
        if rules.top_k and s.preferences and pid not in s.preferences[: rules.top_k]:
            out.append(tr("student {student} is fixed on {project}, outside their top {k}",
                          student=sid, project=pid, k=rules.top_k))
    by_id = {p.id: p for p in problem.projects}
    for pid, k in fixed_count.items():
        if k > by_id[pid].max_size:
            out.append(tr("{count} students are fixed on {project}, which holds at most "
                          "{max_size}", count=k, project=pid, max_size=by_id[pid].max_size))
    for p in problem.projects:
        if not p.optional and len(p.proposers) > p.max_size:
            out.append(tr("idea {project} must open with its {count} proposers, but holds at "
                          "most {max_size}", project=p.id, count=len(p.proposers),
                          max_size=p.max_size))
        for sid in p.proposers:
            elsewhere = rules.fixed.get(sid)
            if not p.optional and elsewhere is not None and elsewhere != p.id:
                out.append(tr("{student} proposes {project}, which must open, but is fixed "
                              "on {other}", student=sid, project=p.id, other=elsewhere))
    if not rules.allow_unassigned:
        k = rules.top_k
        for s in problem.students:
            allowed = {p.id for p in problem.projects} - set(s.refused)
            if k and s.preferences:
                allowed &= set(s.preferences[:k])
            if not allowed:
                out.append(tr("student {student} may join no project (refusals and top-{k} "
                              "rule)", student=s.id, k=k))
    return out
