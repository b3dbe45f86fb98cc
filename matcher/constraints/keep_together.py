"""Rule 6a: students who must share a team."""

from __future__ import annotations

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


class KeepTogether(Constraint):
    """All students of ``group`` are on the same team (or, when students may stay unassigned,
    all of them unassigned).

    Model: ``x[a,p] == x[b,p]`` for consecutive members ``a, b`` of the group and every
    project ``p`` (a pruned pair counts as 0).
    """

    name: ClassVar[str] = "keep_together"
    without: ClassVar[Mapping[str, str]] = without_faces({
        "hint": "posts over the x alone",
        "admits": "a member may join any idea the others may",
        "ranked_words held_elsewhere student_notes": (
            "its words are the team figures' (holds) and the violations'"),
        "default_weights": "brings no scoring term"})
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "keep_together": (list[list[str]], Field(
            examples=[[["S1", "S2"]]],
            default_factory=list, description="Groups of student ids that must share a team.",
            json_schema_extra={"items": {"items": {"type": "string"}, "minItems": 2,
                                         "type": "array"}}))}
    local: ClassVar[bool] = True

    def __init__(self, group: list[str]) -> None:
        self.group = list(group)

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """Groups of fewer than two, unknown students."""
        return group_issues(problem, "keep_together", problem.rules.keep_together)

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """Students joined by chains of groups, more than the largest team holds (when they
        must be placed: :func:`~matcher.constraints.pair_graph.must_place`)."""
        if not problem.rules.keep_together:
            return []
        groups = PairGraph(problem.rules.keep_together)
        biggest = max((p.max_size for p in problem.projects), default=0)
        return [tr("keep-together rules join {count} students ({ids}), more than the largest "
                   "team ({biggest})", count=len(component), ids=", ".join(sorted(component)),
                   biggest=biggest)
                for component in groups.components()
                if len(component) > biggest and must_place(problem, component)]

    @classmethod
    def close_domain(cls, problem: Problem, domains: list[set[int]]) -> None:
        """The members of a group share the union of their domains (disjoint domains would
        make the restriction infeasible)."""
        sindex = problem.student_index
        for group in problem.rules.keep_together:
            members = [sindex[sid] for sid in group if sid in sindex]
            union = set().union(*(domains[si] for si in members)) if members else set()
            for si in members:
                domains[si] = set(union)

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(g) for g in problem.rules.keep_together]

    def post(self, builder: ModelBuilder) -> None:
        index = builder.problem.student_index
        ids = [index[s] for s in self.group]
        for pi in range(len(builder.problem.projects)):
            for a, b in zip(ids, ids[1:], strict=False):
                va, vb = builder.var(a, pi), builder.var(b, pi)
                if isinstance(va, int) and isinstance(vb, int):
                    continue
                builder.model.add(va == vb)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """The group on one team: placed together, moved only by the LNS (which posts it);
        not kept when students may stay unassigned (the heuristics place everyone)."""
        if problem.rules.allow_unassigned:
            return False
        index = problem.student_index
        kept.keep_together([index[s] for s in self.group])
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        where = {sid: assignment.get(sid) for sid in self.group}
        if len(set(where.values())) <= 1:
            return []
        detail = ", ".join(tr("{student} on {project}", student=sid,
                              project=pid or tr("no team")) for sid, pid in where.items())
        return [Violation(rule=self.name, students=tuple(self.group),
                          message=tr("{students} must be together: {detail}",
                                     students=tr(" and ").join(self.group), detail=detail))]

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Names its students: they leave the interchangeable types."""
        index = problem.student_index
        return LinearNeeds(students=frozenset(index[s] for s in self.group))

    def linear_rows(self, model: LinearModel) -> None:
        """``x[a,p] = x[b,p]`` for consecutive members and every idea (a missing column
        is 0)."""
        index = model.problem.student_index
        ids = [index[s] for s in self.group]
        for pi in range(len(model.problem.projects)):
            for a, b in zip(ids, ids[1:], strict=False):
                entries = [(j, v) for j, v in ((model.x(a, pi), 1.0), (model.x(b, pi), -1.0))
                           if j is not None]
                if entries:
                    model.row(entries, 0.0, 0.0)

    def atoms(self, problem: Problem) -> list[Atom]:
        """One atom: the whole group."""
        from matcher.constraints.atom import Atom

        return [Atom(self.name, ",".join(self.group),
                     tr("{students} must be on the same team", students=join_words(self.group)),
                     self.post, constraint=self)]

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Drop this group."""
        rules = problem.rules
        kept = [g for g in getattr(rules, self.name) if g != self.group]
        return (tr("drop the rule keeping {students} together", students=join_words(self.group)),
                problem.with_changes(rules=rules.model_copy(update={self.name: kept})))

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        """The whole group on it must stay together."""
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        if not members:
            return []
        ids = {s.id for s in members}
        if not set(self.group) <= ids:
            return []
        return [tr("{students} must stay together", students=", ".join(self.group))]

    def describe(self) -> str:
        return tr("keep together {students}", students=", ".join(self.group))
