"""Rule 1: every student is in exactly one team (or at most one, when allowed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.faces import LinearNeeds
from matcher.i18n import tr

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept
    from matcher.model import ModelBuilder
    from matcher.problem import Problem

#: Weight of ``unassigned`` when students may stay without a team and no weight is given.
DEFAULT_UNASSIGNED_WEIGHT = 100


class OneTeamPerStudent(Constraint):
    """Each student is on exactly one team; with ``rules.allow_unassigned``, on at most one.

    Model: ``sum_p x[s,p] == 1`` (``add_exactly_one``), or ``<= 1`` (``add_at_most_one``).
    The solver-free face also rejects assignments that name unknown students or projects.
    """

    name: ClassVar[str] = "assignment"
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "allow_unassigned": (bool, Field(
            default=False, description="Students may stay without a team; each one left out "
            "costs the ``unassigned`` term."))}
    without: ClassVar[Mapping[str, str]] = without_faces({
        "holds": (
            "every student on one team holds no team in place beyond its size (team_size's "
            "words)"),
        "linear_rows": "every student placed once is the linear models' own structure",
        "hint": "posts over the x alone",
        "domain admits": "ties no student to an idea or to another student",
        "ranked_words held_elsewhere student_notes": (
            "says nothing of one idea or one student beyond its violations' words (binding)"),
        "parameter_issues": "allow_unassigned is a boolean: its type says everything"})
    local: ClassVar[bool] = True

    def __init__(self, allow_unassigned: bool = False) -> None:
        self.allow_unassigned = allow_unassigned

    @classmethod
    def default_weights(cls, problem: Problem) -> dict[str, int]:
        """``unassigned`` at :data:`DEFAULT_UNASSIGNED_WEIGHT` when students may stay without a
        team."""
        return {"unassigned": DEFAULT_UNASSIGNED_WEIGHT} if problem.rules.allow_unassigned else {}

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """Everyone placed, but the ideas hold fewer students than the cohort."""
        n, projects = len(problem.students), problem.projects
        capacity = sum(p.max_size for p in projects)
        if problem.rules.allow_unassigned or capacity >= n:
            return []
        return [tr("the {ideas} ideas hold at most {capacity} students (sum of max_size), "
                   "fewer than the {students} in the cohort", ideas=len(projects),
                   capacity=capacity, students=n)]

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(problem.rules.allow_unassigned)]

    def post(self, builder: ModelBuilder) -> None:
        for row in builder.by_student:
            xs = [v for _, v in row]
            if self.allow_unassigned:
                if len(xs) > 1:
                    builder.model.add_at_most_one(xs)
            elif xs:
                builder.model.add_exactly_one(xs)
            else:  # no project left for this student: the model is infeasible
                builder.model.add_bool_or([])

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Kept by the heuristics' own structure (every student placed once)."""
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        for sid, pid in assignment.items():
            if sid not in problem.student_index:
                out.append(Violation(rule=self.name,
                                     message=tr("unknown student {student!r}", student=sid),
                                     students=(str(sid),)))
            elif pid is not None and pid not in problem.project_index:
                out.append(Violation(rule=self.name, students=(sid,), project=str(pid),
                                     message=tr("student {student} is on unknown project "
                                                "{project!r}", student=sid, project=pid)))
        if not self.allow_unassigned:
            for s in problem.students:
                if assignment.get(s.id) is None:
                    out.append(Violation(rule=self.name, students=(s.id,),
                                         message=tr("student {student} has no team",
                                                    student=s.id)))
        return out

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Every student placed: the linear models' own structure. When students may stay
        without a team, not modelled (the models place everyone)."""
        if self.allow_unassigned:
            return ("students may stay without a team: the LP relaxation and the exact MIP "
                    "place every student")
        return LinearNeeds()

    def atoms(self, problem: Problem) -> list[Atom]:
        """One atom: every student on a team (none when students may stay without one)."""
        from matcher.constraints.atom import Atom

        if problem.rules.allow_unassigned:
            return []

        def placed(b: ModelBuilder) -> None:
            for row in b.by_student:
                b.model.add(sum(v for _, v in row) >= 1)
        return [Atom("placed", "*", tr("every student must be on a team"), placed,
                     constraint=self, priority=0)]

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Let students stay without a team."""
        rules = problem.rules.model_copy(update={"allow_unassigned": True})
        return (tr("let students stay without a team (rules.allow_unassigned)"),
                problem.with_changes(rules=rules))
