"""The ``keep_together`` groups as a graph, for the arithmetic that finds contradictory pair
rules before solving (:meth:`KeepTogether.precheck
<matcher.constraints.keep_together.KeepTogether.precheck>`, :meth:`KeepApart.precheck
<matcher.constraints.keep_apart.KeepApart.precheck>`)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matcher.problem import Problem


def must_place(problem: Problem, component: set[str]) -> bool:
    """Whether students joined together must be on a team: always, unless students may stay
    without one; then a group kept together may stay out whole (which breaks no pair rule),
    unless one of its members must be placed: fixed, or proposer of an idea that must open."""
    rules = problem.rules
    if not rules.allow_unassigned:
        return True
    forced = set(rules.fixed) | {sid for p in problem.projects if not p.optional
                                 for sid in p.proposers}
    return bool(component & forced)


class PairGraph:
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
