"""Rule 8: placements decided in advance."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import teams
from matcher.constraints.base import Constraint, Violation
from matcher.constraints.faces import LinearNeeds
from matcher.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, Student


class Fixed(Constraint):
    """Student ``s`` is on project ``placements[s]`` (re-matching builds on this).

    Model: the other ``x[s,q]`` are not created, and ``x[s,p] == 1``.
    """

    name: ClassVar[str] = "fixed"
    local: ClassVar[bool] = True

    def __init__(self, placements: dict[str, str]) -> None:
        self.placements = dict(placements)

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(problem.rules.fixed)] if problem.rules.fixed else []

    def forbidden_pairs(self, problem: Problem) -> Iterable[tuple[int, int]]:
        for sid, pid in self.placements.items():
            si = problem.student_index[sid]
            for pi, p in enumerate(problem.projects):
                if p.id != pid:
                    yield si, pi

    def post(self, builder: ModelBuilder) -> None:
        p = builder.problem
        for sid, pid in self.placements.items():
            v = builder.var(p.student_index[sid], p.project_index[pid])
            if isinstance(v, int):  # pruned by another rule (refused, top-k): impossible
                builder.model.add_bool_or([])
            else:
                builder.model.add(v == 1)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Kept by the heuristics' own structure (pinned students, never moved)."""
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        return [
            Violation(rule=self.name, students=(sid,), project=pid,
                      message=tr("student {student} must be on {project} but is on {other}",
                                 student=sid, project=pid,
                                 other=assignment.get(sid) or tr("no team")))
            for sid, pid in self.placements.items()
            if assignment.get(sid) != pid
        ]

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Kept by the linear models' own structure (forbidden pairs: one column left)."""
        return LinearNeeds()

    def atoms(self, problem: Problem) -> list[Atom]:
        """One atom per fixed placement."""
        from matcher.constraints.atom import Atom

        out = []
        for sid, pid in self.placements.items():
            one = Fixed({sid: pid})
            si, pi = problem.student_index[sid], problem.project_index[pid]
            out.append(Atom("fixed", sid, tr("{student} is fixed on {project}", student=sid,
                                             project=pid),
                            lambda b, si=si, pi=pi: _post_fixed(b, si, pi), constraint=one))
        return out

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Unfix the student."""
        rules = problem.rules
        fixed = {k: v for k, v in rules.fixed.items() if k != atom.subject}
        return (tr("unfix {student} (fixed on {project})", student=atom.subject,
                   project=rules.fixed[atom.subject]),
                problem.with_changes(rules=rules.model_copy(update={"fixed": fixed})))

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        """Its members fixed on it."""
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        if not members:
            return []
        return [tr("{student} is fixed on it", student=s.id) for s in members
                if self.placements.get(s.id) == project_id]

    def describe(self) -> str:
        return tr("{count} fixed placements", count=len(self.placements))


def _post_fixed(b: ModelBuilder, si: int, pi: int) -> None:
    for other, v in b.by_student[si]:
        b.model.add(v == (1 if other == pi else 0))
