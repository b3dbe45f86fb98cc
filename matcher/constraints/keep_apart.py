"""Rule 6b: students who must not share a team."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from matcher.assignment import teams
from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.faces import LinearNeeds
from matcher.constraints.pair_graph import PairGraph, must_place
from matcher.constraints.parameters import group_issues
from matcher.i18n import tr
from matcher.words import join_words

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept, LinearModel
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, RecordIssue, Student


class KeepApart(Constraint):
    """No two students of ``group`` are on the same team.

    Model: ``sum_{s in group} x[s,p] <= 1`` for every project ``p`` (``add_at_most_one``).
    """

    name: ClassVar[str] = "keep_apart"
    without: ClassVar[Mapping[str, str]] = without_faces({
        "hint": "posts over the x alone",
        "domain": "keeping students apart never needs an idea added to a domain",
        "admits": "keeps students apart, not off an idea",
        "ranked_words held_elsewhere student_notes": (
            "its words are the team figures' (holds) and the violations'"),
        "default_weights": "brings no scoring term"})
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "keep_apart": (list[list[str]], Field(
            examples=[[["S1", "S3"]]],
            default_factory=list, description="Groups of student ids no two of whom may share "
            "a team.", json_schema_extra={"items": {"items": {"type": "string"}, "minItems": 2,
                                                    "type": "array"}}))}
    local: ClassVar[bool] = True

    def __init__(self, group: list[str]) -> None:
        self.group = list(group)

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """Groups of fewer than two, unknown students."""
        return group_issues(problem, "keep_apart", problem.rules.keep_apart)

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """Two students a chain of ``keep_together`` groups joins, that a group keeps apart
        (when they must be placed: :func:`~matcher.constraints.pair_graph.must_place`)."""
        rules = problem.rules
        if not rules.keep_apart:
            return []
        groups = PairGraph(rules.keep_together)
        out = []
        for group in rules.keep_apart:
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if groups.joined(a, b) and must_place(problem, groups.component(a)):
                        chain = groups.chain(a, b)
                        links = ", ".join(tr("{a} with {b}", a=u, b=v)
                                          for u, v in zip(chain, chain[1:], strict=False))
                        out.append(tr("contradictory pair rules: {links} keeps {a} and {b} "
                                      "together, but {a} and {b} must be apart",
                                      links=links, a=a, b=b))
        return out

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(g) for g in problem.rules.keep_apart]

    def post(self, builder: ModelBuilder) -> None:
        index = builder.problem.student_index
        for pi in range(len(builder.problem.projects)):
            xs = [builder.x[index[s], pi] for s in self.group if (index[s], pi) in builder.x]
            if len(xs) > 1:
                builder.model.add_at_most_one(xs)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Every two students of the group kept apart, move by move."""
        index = problem.student_index
        ids = [index[s] for s in self.group if s in index]
        for k, i in enumerate(ids):
            for j in ids[k + 1:]:
                kept.keep_apart(i, j)
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        by_project: dict[str, list[str]] = {}
        for sid in self.group:
            pid = assignment.get(sid)
            if pid is not None:
                by_project.setdefault(pid, []).append(sid)
        for pid, ids in by_project.items():
            if len(ids) > 1:
                out.append(Violation(rule=self.name, project=pid, students=tuple(ids),
                                     message=tr("{students} must be apart but are together "
                                                "on {project}", students=tr(" and ").join(ids),
                                                project=pid)))
        return out

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Names its students: they leave the interchangeable types."""
        index = problem.student_index
        return LinearNeeds(students=frozenset(index[s] for s in self.group if s in index))

    def linear_rows(self, model: LinearModel) -> None:
        """``sum_{s in group} x[s,p] <= 1`` for every idea ``p``."""
        index = model.problem.student_index
        ids = [index[s] for s in self.group if s in index]
        for pi in range(len(model.problem.projects)):
            xs = [j for j in (model.x(si, pi) for si in ids) if j is not None]
            if len(xs) > 1:
                model.row([(j, 1.0) for j in xs], -math.inf, 1.0)

    def atoms(self, problem: Problem) -> list[Atom]:
        """One atom: the whole group."""
        from matcher.constraints.atom import Atom

        return [Atom(self.name, ",".join(self.group),
                     tr("{students} must be on different teams", students=join_words(self.group)),
                     self.post, constraint=self)]

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Drop this group."""
        rules = problem.rules
        kept = [g for g in getattr(rules, self.name) if g != self.group]
        return (tr("drop the rule keeping {students} apart", students=join_words(self.group)),
                problem.with_changes(rules=rules.model_copy(update={self.name: kept})))

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        """A member of the group on it keeps the others out."""
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        if not members:
            return []
        ids = {s.id for s in members}
        inside = [sid for sid in self.group if sid in ids]
        outside = [sid for sid in self.group if sid not in ids]
        if not (inside and outside):
            return []
        return [tr("{inside} keeps {outside} out", inside=", ".join(inside),
                   outside=", ".join(outside))]

    def describe(self) -> str:
        return tr("keep apart {students}", students=", ".join(self.group))
