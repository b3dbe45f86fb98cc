"""The problem as flat lists for the heuristics: :class:`Instance`, shared by the
construction, the local search, the annealing and the LNS (:mod:`matcher.search.heuristics`).

Its sizes and previous formation carry the :class:`~matcher.search.compiled.CompiledProblem`'s
names (``n_students``, ``n_projects``, ``previous``); indices are positions in
``problem.students`` and ``problem.projects``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from matcher.constraints.faces import Kept
from matcher.problem import Problem
from matcher.scoring.incremental import Incremental
from matcher.scoring.moves import stayers
from matcher.search.compiled import CompiledProblem, compiled_for
from matcher.search.relaxation import terms_bound, unmodelled_terms


@dataclass
class Instance:
    """The problem as flat lists, shared by the warm start and the LNS.

    ``points[s]`` maps project index -> points (ranked ideas only); ``forbidden[s]`` the
    project indices ``s`` may not join; ``codes[a][s]`` the value code of student ``s`` for
    the ``a``-th coverage attribute (-1 unknown); ``proposers[p]`` the proposer indices of
    ``p``; ``proposes[s]`` the ideas ``s`` proposes; ``pinned[s]`` the idea a ``fixed`` rule
    puts ``s`` on (-1: none; the other ideas are not listed in ``forbidden``: a pinned student
    never moves); ``previous[s]`` the idea ``s`` was on in the previous formation (-1: none, or
    it no longer exists), each student on it earning ``w_moves``, and ``moves_offset`` the
    constant ``-w_moves |previous|`` of the ``moves`` term. ``partners[s]``: ``(t, c)``, the
    weighted coefficient ``c`` earned while ``s`` and ``t`` share a team (pair terms,
    ``wishes``), listed on both sides; ``apart[s]`` the students ``s`` may never be with;
    ``caps``: ``(codes, k)``, at most ``k`` students of a group ``codes[s]`` per team;
    ``floors``: ``(codes, k)``, at least ``k`` distinct codes per open team; ``together``:
    groups of students on one team (never moved one by one; the LNS moves them).
    ``pairs``: per ``no_isolated`` rule, ``codes[s]`` (-1: none), each code held by 0 or at
    least 2 members of a team. ``extras``: ``(face, weight)`` of the terms scored move by
    move through their :meth:`~matcher.scoring.base.ScoringTerm.incremental` face
    (``pairwise``, ``blau``...),
    ``extra_bound`` a proven upper bound on their weighted sum (``None``: unknown).
    """

    n_students: int
    n_projects: int
    #: each idea's minimum and maximum team size
    min_sizes: list[int]
    max_sizes: list[int]
    optional: list[bool]
    points: list[dict[int, int]]
    prefs: list[list[int]]
    forbidden: list[set[int]]
    codes: list[list[int]]
    n_values: list[int]
    w_attr: list[int]
    w_pref: int
    proposers: list[list[int]]
    proposes: list[list[int]]
    pinned: list[int] = field(default_factory=list)
    previous: list[int] = field(default_factory=list)
    w_moves: int = 0
    moves_offset: int = 0
    partners: list[list[tuple[int, int]]] = field(default_factory=list)
    apart: list[list[int]] = field(default_factory=list)
    caps: list[tuple[list[int], int]] = field(default_factory=list)
    floors: list[tuple[list[int], int]] = field(default_factory=list)
    together: list[list[int]] = field(default_factory=list)
    pairs: list[list[int]] = field(default_factory=list)
    #: (compared by their terms' bound only: faces hold the same data for the same terms)
    extras: list[tuple[Incremental, int]] = field(default_factory=list, compare=False)
    extra_bound: int | None = 0

    def __post_init__(self) -> None:
        if not self.pinned:
            self.pinned = [-1] * self.n_students
        if not self.previous:
            self.previous = [-1] * self.n_students
        if not self.partners:
            self.partners = [[] for _ in range(self.n_students)]
        if not self.apart:
            self.apart = [[] for _ in range(self.n_students)]
        #: the caps on a student's groups: (cap index, group code, k)
        self.capped = [[(c, codes[s], k) for c, (codes, k) in enumerate(self.caps)
                        if codes[s] >= 0] for s in range(self.n_students)]
        #: the group of ``together`` a student belongs to (-1: none)
        self.group_of = [-1] * self.n_students
        for g, members in enumerate(self.together):
            for s in members:
                self.group_of[s] = g

    @classmethod
    def from_problem(cls, problem: Problem, weights: Mapping[str, int] | None = None, *,
                     compiled: CompiledProblem | None = None) -> Instance:
        """Flatten ``problem`` (see :func:`~matcher.search.routing.warm_start_reason`);
        ``compiled``: the solve's
        :class:`~matcher.search.compiled.CompiledProblem`, if at hand."""
        compiled = compiled_for(problem, weights, compiled)
        w = compiled.weights
        rest, pair_coeffs, _ = compiled.pair_terms
        attrs = compiled.rest_coverage or {}
        kept = compiled.kept or Kept()
        partners: list[list[tuple[int, int]]] = [[] for _ in problem.students]
        for (i, j), c in pair_coeffs.items():
            partners[i].append((j, c))
            partners[j].append((i, c))
        apart: list[list[int]] = [[] for _ in problem.students]
        for i, j in set(kept.apart):
            apart[i].append(j)
            apart[j].append(i)
        students, projects = problem.students, problem.projects
        pindex, sindex = problem.project_index, problem.student_index
        points = [dict(ideas) for ideas in compiled.points]
        prefs = [list(ideas) for ideas in compiled.prefs]
        # fixed: its n P pairs kept as one idea per student instead (pinned)
        forbidden = [set(ideas) for ideas in compiled.forbidden_by_student]
        pinned = list(compiled.pinned)
        prev = [-1] * len(students)
        # a negative moves weight is scored move by move (an extra), not natively
        w_moves = rest.get("moves", 0)
        extra_terms = unmodelled_terms(problem, w)
        before = stayers(problem) if w_moves else {}
        for sid, pid in before.items():
            prev[sindex[sid]] = pindex.get(pid, -1)
        codes, n_values, w_attr = [], [], []
        for attr, weight in attrs.items():
            code, values = compiled.codes(attr)
            codes.append(code.tolist())
            n_values.append(len(values))
            w_attr.append(weight)
        proposers = [[sindex[sid] for sid in p.proposers] for p in projects]
        proposes: list[list[int]] = [[] for _ in students]
        for pi, props in enumerate(proposers):
            for si in props:
                proposes[si].append(pi)
        return cls(n_students=len(students), n_projects=len(projects),
                   min_sizes=[p.min_size for p in projects],
                   max_sizes=[p.max_size for p in projects],
                   optional=[p.optional for p in projects],
                   points=points, prefs=prefs, forbidden=forbidden, codes=codes,
                   n_values=n_values, w_attr=w_attr, w_pref=w.get("preference", 0),
                   proposers=proposers, proposes=proposes, pinned=pinned, previous=prev,
                   w_moves=w_moves, moves_offset=-w_moves * len(before), partners=partners,
                   apart=apart, caps=kept.caps, floors=kept.floors,
                   together=merged_groups(kept.together, len(students)), pairs=kept.pairs,
                   extras=[(t.incremental(problem), wt) for t, wt in extra_terms],
                   extra_bound=terms_bound(problem, extra_terms))

    def gain(self, s: int, p: int) -> int:
        """The separable part of ``s``'s objective on ``p``: weighted points, plus ``w_moves``
        on their previous idea."""
        g = self.w_pref * self.points[s].get(p, 0)
        if p == self.previous[s]:
            g += self.w_moves
        return g


def merged_groups(groups: list[list[int]], n: int) -> list[list[int]]:
    """``groups`` with the overlapping ones merged (a student in two groups joins them)."""
    parent = list(range(n))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for g in groups:
        for a in g[1:]:
            parent[root(a)] = root(g[0])
    out: dict[int, list[int]] = {}
    for s in sorted({s for g in groups for s in g}):
        out.setdefault(root(s), []).append(s)
    return [g for g in out.values() if len(g) > 1]
