"""Worst-off fairness on preferences: the lowest points earned by any student."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.scoring.base import ScoringTerm
from matcher.scoring.incremental import Histogram, Incremental

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


#: the most students who ranked for which :meth:`MinPoints.upper_bound` runs its flow
#: (0.3 s at 1,000 sampled students, 5 s at 3,000)
FLOW_LIMIT = 2000


def varying(problem: Problem) -> list[int]:
    """The students whose points can vary: those who ranked at least one project.

    A student who ranked nothing earns 0 in every placement (unassigned too): counting them
    would pin the minimum at 0 whatever the teams, and the term would only drag the search.
    """
    return [si for si, s in enumerate(problem.students) if s.preferences]


class MinPoints(ScoringTerm):
    """Worst-off student: the lowest preference points earned by any student who ranked
    something (0 if such a student is unranked or unassigned; 0 if nobody ranked anything).

    Model: ``z == min_{s in V} points(s)`` over ``V``, the students who ranked at least one
    project (:func:`varying`; ``add_min_equality``, exact on every solution). Students who
    ranked nothing earn 0 in every placement and are left out.
    """

    kind: ClassVar[str] = "min_points"
    without: ClassVar[Mapping[str, str]] = {
        "hint": (
            "not yet: its auxiliary variables (min_points) are left out of the hint, and "
            "CP-SAT repairs them (a partial hint)"),
        "decompose": ("the lowest points of any student (a max-min): not a sum over placements")}

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        students = varying(builder.problem)
        if not students:
            return 0
        z = builder.model.new_int_var(0, builder.problem.max_preferences, "min_points")
        builder.model.add_min_equality(z, [builder.points(si) for si in students])
        return z

    def incremental(self, problem: Problem) -> MinPointsHistogram:
        """A histogram of the students' points (:class:`MinPointsHistogram`): not a sum over
        teams, but a move changes two students' points only."""
        pindex = problem.project_index
        points = [{pindex[pid]: problem.points(s, pid) for pid in s.preferences}
                  for s in problem.students]
        return MinPointsHistogram(points, problem.max_preferences,
                                  set(varying(problem)))

    def upper_bound(self, problem: Problem) -> int:
        """The largest ``k`` such that every student who ranked something can sit on a
        project worth at least ``k`` points to them at once, within the maximum sizes (0 if
        nobody ranked anything).

        Model: ``min_{s in V} points(s) >= k`` needs each ``s`` of ``V`` on one of their top
        ``K - k + 1`` ranks, the teams within their maximum sizes: a transportation problem,
        feasible iff its maximum flow places all of ``V`` (:func:`fits`). Other rules only
        remove formations, so the bound holds under them. Beyond :data:`FLOW_LIMIT` students
        who ranked, the flow (pure Python, seconds there) is skipped and the bound is ``K``.
        """
        students = problem.students
        chosen = varying(problem)
        if not chosen:
            return 0
        k_max = problem.max_preferences
        if len(chosen) > FLOW_LIMIT:
            return k_max
        pindex = problem.project_index
        caps = [p.max_size for p in problem.projects]
        for k in range(k_max, 0, -1):
            ranks = k_max - k + 1  # points >= k <=> rank <= K - k + 1
            classes: dict[tuple[int, ...], int] = {}
            for si in chosen:
                key = tuple(sorted(pindex[pid] for pid in students[si].preferences[:ranks]))
                classes[key] = classes.get(key, 0) + 1
            if fits(classes, caps):
                return k
        return 0
    def lower_bound(self, problem: Problem) -> int:
        """0."""
        return 0

    def value(self, problem: Problem, assignment: Assignment) -> int:
        students = problem.students
        return min(
            (problem.points(s, pid) if (pid := assignment.get(s.id)) is not None else 0
             for s in (students[si] for si in varying(problem))),
            default=0,
        )


def fits(classes: Mapping[tuple[int, ...], int], caps: list[int]) -> bool:
    """Whether ``classes`` (projects a group of students accepts -> how many) can all sit on
    projects they accept, project ``p`` holding at most ``caps[p]``.

    Model: maximum flow source -> class (its size) -> accepted project -> sink (its cap), by
    shortest augmenting paths from a greedy flow; feasible iff the flow equals the students'
    number.
    """
    keys = list(classes)
    n_c = len(keys)
    # nodes: 0 source, 1..n_c classes, n_c+1..n_c+P projects, n_c+P+1 sink
    sink = n_c + len(caps) + 1
    cap: dict[tuple[int, int], int] = {}
    adj: list[list[int]] = [[] for _ in range(sink + 1)]

    def edge(a: int, b: int, c: int) -> None:
        if (a, b) not in cap:
            adj[a].append(b)
            adj[b].append(a)
            cap.setdefault((b, a), 0)
        cap[(a, b)] = cap.get((a, b), 0) + c

    need = 0
    for i, key in enumerate(keys, start=1):
        edge(0, i, classes[key])
        need += classes[key]
        for pi in key:
            edge(i, n_c + 1 + pi, classes[key])
    for pi, c in enumerate(caps):
        edge(n_c + 1 + pi, sink, c)
    flow = 0
    for i, key in enumerate(keys, start=1):  # a greedy flow first: few paths left to find
        for pi in key:
            node = n_c + 1 + pi
            push = min(cap[(0, i)], cap[(node, sink)])
            for a, b in ((0, i), (i, node), (node, sink)):
                cap[(a, b)] -= push
                cap[(b, a)] += push
            flow += push
    while flow < need:
        parent = {0: 0}
        queue = [0]
        for a in queue:  # breadth first
            for b in adj[a]:
                if b not in parent and cap[(a, b)] > 0:
                    parent[b] = a
                    queue.append(b)
            if sink in parent:
                break
        if sink not in parent:
            return False
        push, b = need - flow, sink
        while b != 0:
            push = min(push, cap[(parent[b], b)])
            b = parent[b]
        b = sink
        while b != 0:
            cap[(parent[b], b)] -= push
            cap[(b, parent[b])] += push
            b = parent[b]
        flow += push
    return True


class MinPointsHistogram(Incremental):
    """The ``min_points`` term move by move: how many students earn each number of points
    (``0..K``) among the students who can vary (``varies``); the term is the smallest number
    held. A student outside ``varies`` is never counted and their moves change nothing."""

    def __init__(self, points: list[dict[int, int]], k: int, varies: set[int]) -> None:
        self.points, self.k, self.varies = points, k, varies

    def reset(self, team: list[int], n_p: int) -> None:
        self.hist = Histogram(self.k)
        for s, p in enumerate(team):
            if s in self.varies:
                self.hist.add(self.points[s].get(p, 0) if p >= 0 else 0)

    def add(self, s: int, p: int) -> None:
        if s in self.varies:
            self.hist.add(0, -1)
            self.hist.add(self.points[s].get(p, 0))

    def remove(self, s: int, p: int) -> None:
        if s in self.varies:
            self.hist.add(self.points[s].get(p, 0), -1)
            self.hist.add(0)

    def value(self) -> int:
        return self.hist.minimum()

    def move_delta(self, s: int, p: int, q: int) -> int:
        if s not in self.varies:
            return 0
        pts = self.points[s]
        return self.hist.minimum_with([(pts.get(p, 0), -1), (pts.get(q, 0), 1)]) - self.value()

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        ps, pt = self.points[s], self.points[t]
        changes = []
        if s in self.varies:
            changes += [(ps.get(p, 0), -1), (ps.get(q, 0), 1)]
        if t in self.varies:
            changes += [(pt.get(q, 0), -1), (pt.get(p, 0), 1)]
        return self.hist.minimum_with(changes) - self.value()
