"""Rule 7b: never place a student on a project they refused."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar

from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.forbidding import ForbiddingRule
from matcher.constraints.top_k import TopK
from matcher.i18n import tr
from matcher.words import join_words

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, Student


class Refused(ForbiddingRule):
    """A student is never on a project listed in their ``refused`` field.

    Model: ``x[s,p]`` is not created for refused pairs (domain pruning).
    """

    name: ClassVar[str] = "refused"
    atom_priority: ClassVar[int] = 6
    without: ClassVar[Mapping[str, str]] = without_faces({
        "holds": (
            "a refusal keeps one student off an idea, not a team in place: an explanation "
            "says it through the violation's words (binding)"),
        "linear_rows": "refused pairs are forbidden pairs: the linear models leave them out",
        "hint": "posts nothing: forbidden pairs remove the x",
        "domain": "only takes ideas out of a student's domain",
        "ranked_words held_elsewhere student_notes": (
            "its admits says it: a refusal does not count among an idea's fans"),
        "default_weights": "brings no scoring term",
        "parameters parameter_issues": (
            "read from the students' refused column, which Problem checks")})
    local: ClassVar[bool] = True

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """Everyone placed, but a student refused every idea they may join (within their top
        ``k``: :meth:`TopK.admits <matcher.constraints.top_k.TopK.admits>`)."""
        if problem.rules.allow_unassigned:
            return []
        return [tr("student {student} may join no project (refusals and top-{k} rule)",
                   student=s.id, k=problem.rules.top_k)
                for s in problem.students
                if not any(p.id not in s.refused and TopK.admits(problem, s, p.id)
                           for p in problem.projects)]

    @classmethod
    def admits(cls, problem: Problem, student: Student, project_id: str) -> bool:
        """Not an idea the student refused."""
        return project_id not in student.refused

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls()] if any(s.refused for s in problem.students) else []

    def forbidden_pairs(self, problem: Problem) -> Iterable[tuple[int, int]]:
        index = problem.project_index
        for si, s in enumerate(problem.students):
            for pid in s.refused:
                yield si, index[pid]

    def post(self, builder: ModelBuilder) -> None:
        """Nothing to post: :meth:`forbidden_pairs` removed the variables."""

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Kept by the heuristics' own structure (forbidden pairs)."""
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        return [
            Violation(rule=self.name, students=(s.id,), project=assignment.get(s.id),
                      message=tr("student {student} is on {project}, which they refused",
                                 student=s.id, project=assignment.get(s.id)))
            for s in problem.students
            if assignment.get(s.id) is not None and assignment.get(s.id) in s.refused
        ]

    def _atom_text(self, problem: Problem, si: int, pis: list[int]) -> str:
        return tr("{student} refuses {projects}", student=problem.students[si].id,
                  projects=join_words([problem.projects[pi].id for pi in pis]))

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Let the student join the ideas they refused."""
        s = problem.students[problem.student_index[atom.subject]]
        students = tuple(x.model_copy(update={"refused": ()}) if x.id == atom.subject else x
                         for x in problem.students)
        return (tr("let {student} join {projects}, which they refused", student=atom.subject,
                   projects=join_words(list(s.refused))),
                problem.with_changes(students=students))
