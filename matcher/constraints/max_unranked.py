"""Rule: at most ``k`` students placed on an idea they did not rank.

The rule behind *choices first* (:mod:`matcher.search.lexicographic`): the search first proves
the fewest students who must land off their ranking, then optimises the weighted objective
with this rule capping the count at that minimum. Organisers may also set it themselves.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.faces import LinearNeeds
from matcher.i18n import tr
from matcher.model import lsum

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import LinearModel
    from matcher.model import ModelBuilder
    from matcher.problem import Problem


def unranked_students(problem: Problem, assignment: Assignment) -> list[str]:
    """The students who ranked some idea and are placed on one they did not rank (students
    who ranked nothing, and students without a team, are not counted)."""
    out = []
    for s in problem.students:
        pid = assignment.get(s.id)
        if pid is not None and s.preferences and pid not in s.preferences:
            out.append(s.id)
    return out


def unranked_pairs(problem: Problem) -> list[tuple[int, int]]:
    """(student index, idea index) of every placement :func:`unranked_students` counts."""
    out = []
    for si, s in enumerate(problem.students):
        if not s.preferences:
            continue
        ranked = set(s.preferences)
        out.extend((si, pi) for pi, p in enumerate(problem.projects) if p.id not in ranked)
    return out


class MaxUnranked(Constraint):
    """At most ``k`` students on an idea they did not rank (of those who ranked some idea).

    Model: ``sum_{s ranks something, p not ranked by s} x[s,p] <= k``.
    """

    name: ClassVar[str] = "max_unranked"
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "max_unranked": (int | None, Field(
            examples=[1], default=None, ge=0,
            description="At most this many students placed on an idea they did not rank "
            "(students who ranked nothing are not counted)."))}
    without: ClassVar[Mapping[str, str]] = without_faces({
        "keep": ("a count over the whole cohort, which the heuristics' moves do not track "
                 "yet: a problem with it goes to CP-SAT and the exact MIP"),
        "hint": "a sum over the x alone: no auxiliary variable to hint",
        "precheck": ("whether k students suffice is an optimisation (the choices-first "
                     "minimum, matcher.search.lexicographic), not arithmetic"),
        "domain": ("a restricted domain only takes pairs out, which never raises the "
                   "count; choices first keeps every pair (matcher.search.lexicographic)"),
        "holds": ("a count over the whole cohort, not a team held in place: an explanation "
                  "says it through the violation's words (binding)"),
        "admits": "lets any student join any idea: the count is the cohort's",
        "ranked_words held_elsewhere student_notes": (
            "closes no idea by itself and holds nobody: its words are the violation's"),
        "atoms": ("one atom, the whole count (the default): its students are the search's "
                  "choice, not the rule's"),
        "default_weights": "brings no scoring term",
        "parameter_issues": "a whole number at least 0, which its type checks"})

    def __init__(self, k: int) -> None:
        self.k = k

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        k = problem.rules.max_unranked
        return [cls(k)] if k is not None else []

    def post(self, builder: ModelBuilder) -> None:
        pairs = [builder.x[pair] for pair in unranked_pairs(builder.problem)
                 if pair in builder.x]
        if len(pairs) > self.k:
            builder.model.add(lsum(pairs) <= self.k)

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        ids = unranked_students(problem, assignment)
        if len(ids) <= self.k:
            return []
        return [Violation(rule=self.name, students=tuple(ids),
                          message=tr("{count} students are on an idea they did not rank, "
                                     "more than {k}", count=len(ids), k=self.k))]

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Names every student who ranked some idea (a column on every idea they may join:
        whether a placement is ranked depends on the student, not on a type)."""
        return LinearNeeds(students=frozenset(
            si for si, s in enumerate(problem.students) if s.preferences))

    def linear_rows(self, model: LinearModel) -> None:
        """``sum x[s,p] <= k`` over the unranked pairs of the named students."""
        entries = [(j, 1.0) for si, pi in unranked_pairs(model.problem)
                   if (j := model.x(si, pi)) is not None]
        if len(entries) > self.k:
            model.row(entries, -math.inf, float(self.k))

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Raise ``k`` to the count in ``witness`` (at least by one)."""
        new = self.k + 1
        if witness:
            new = max(new, len(unranked_students(problem, witness)))
        rules = problem.rules
        return (tr("allow {new} students on an idea they did not rank (max_unranked was "
                   "{old})", new=new, old=self.k),
                problem.with_changes(rules=rules.model_copy(update={"max_unranked": new})))

    def describe(self) -> str:
        return tr("at most {k} students on an idea they did not rank", k=self.k)
