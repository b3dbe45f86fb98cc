"""Students' wishes to work with given classmates: the wishes granted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.model import lsum
from matcher.scoring.base import ScoringTerm
from matcher.teammates import granted, wish_weights

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem


class Wishes(ScoringTerm):
    """Wishes granted: the number of (student, wished teammate) pairs on the same team.

    A wish is directed: ``A`` listing ``B`` in their ``wishes`` column counts 1 when both share
    a team, and a mutual wish counts 2. Students without a team grant no wish.

    Model: for every unordered pair ``{a, b}`` carrying ``w_ab`` wishes (1 or 2) and every
    project ``p`` both may join, a boolean ``y[a,b,p] = x[a,p] AND x[b,p]``, linked exactly::

        y[a,b,p] <= x[a,p],   y[a,b,p] <= x[b,p],   y[a,b,p] >= x[a,p] + x[b,p] - 1

    term ``sum_{a,b,p} w_ab * y[a,b,p]`` (a student is on one project, so at most one
    ``y[a,b,p]`` per pair is 1). Exact on every solution, with either sign of weight; its LP
    relaxation grants ``min(x[a,p], x[b,p])``, the tightest linear bound. Size: one boolean
    and three clauses per wish and shared project.
    """

    kind: ClassVar[str] = "wishes"
    team_sum: ClassVar[bool] = True
    without: ClassVar[Mapping[str, str]] = {
        "incremental": (
            "the generic TeamSum pricing: a wish is granted within one team, so the two "
            "touched teams' change is the move's")}
    #: a wish between a shown team and another is granted neither before nor after a change
    #: of the shown teams: the change of value is that of the pairs within them
    local: ClassVar[bool] = True

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        problem = builder.problem
        index = problem.student_index
        m = builder.model
        terms = []
        self._helpers = []
        for (a, b), w in wish_weights(problem).items():
            ia, ib = index[a], index[b]
            xb = dict(builder.by_student[ib])
            for pi, xa in builder.by_student[ia]:
                if pi not in xb:
                    continue
                y = m.new_bool_var(f"with[{a},{b},{problem.projects[pi].id}]")
                m.add_implication(y, xa)
                m.add_implication(y, xb[pi])
                m.add_bool_or([xa.Not(), xb[pi].Not(), y])
                terms.append(w * y)
                self._helpers.append((y, a, b, problem.projects[pi].id))
        return lsum(terms)

    def hint(self, builder: ModelBuilder, assignment: Assignment) -> None:
        """``y[a,b,p]`` hinted true when ``a`` and ``b`` are both on ``p``."""
        for y, a, b, pid in getattr(self, "_helpers", ()):
            builder.model.add_hint(y, assignment.get(a) == pid and assignment.get(b) == pid)

    def pairs(self, problem: Problem) -> dict[tuple[int, int], int]:
        """Each unordered pair of students with its number of wishes (1, or 2 if mutual)."""
        index = problem.student_index
        return {(index[a], index[b]): w for (a, b), w in wish_weights(problem).items()}

    def upper_bound(self, problem: Problem) -> int:
        """A student shares a team with at most the largest team's size less one others:
        ``sum_a`` (the wishes of ``a`` naming their ``max_p max_size_p - 1`` most named
        classmates)."""
        index = problem.student_index
        room = max((p.max_size for p in problem.projects), default=1) - 1
        total = 0
        for s in problem.students:
            named: dict[str, int] = {}
            for o in s.wishes:
                if o in index and o != s.id:
                    named[o] = named.get(o, 0) + 1
            total += sum(sorted(named.values(), reverse=True)[:max(0, room)])
        return total

    def lower_bound(self, problem: Problem) -> int:
        """No wish granted: 0."""
        return 0

    def value(self, problem: Problem, assignment: Assignment) -> int:
        return len(granted(problem, assignment))
