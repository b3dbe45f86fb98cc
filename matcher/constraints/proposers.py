"""Rule 3: proposers stay on their own idea when it opens."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import teams
from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.faces import LinearNeeds
from matcher.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, Student


class ProposersStay(Constraint):
    """A proposer of an open project is on it; if their optional idea stays closed, they join
    another team like anyone else.

    Model: ``x[s,p] == open[p]`` for every proposer ``s`` of ``p`` (``open[p] == 0`` when the
    pair was pruned, e.g. the proposer is fixed elsewhere).
    """

    name: ClassVar[str] = "proposers"
    without: ClassVar[Mapping[str, str]] = without_faces({
        "linear_rows": "proposers on their open idea are the linear models' own structure",
        "hint": (
            "posts over the x and the builder's own variables (open, present), which the "
            "search hints"),
        "domain": "restricted_domain itself keeps a proposer's own idea",
        "admits": "a proposer may join another idea when theirs stays closed",
        "ranked_words held_elsewhere student_notes": (
            "its words are the team figures' (holds) and explain/closed.py's, which reads the "
            "proposers column"),
        "default_weights": "brings no scoring term",
        "parameters parameter_issues": (
            "read from the ideas' proposers column, which Problem checks")})
    local: ClassVar[bool] = True

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """An idea that must open with more proposers than it holds."""
        return [tr("idea {project} must open with its {count} proposers, but holds at most "
                   "{max_size}", project=p.id, count=len(p.proposers), max_size=p.max_size)
                for p in problem.projects if not p.optional and len(p.proposers) > p.max_size]

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls()] if any(p.proposers for p in problem.projects) else []

    def post(self, builder: ModelBuilder) -> None:
        index = builder.problem.student_index
        for pi, p in enumerate(builder.problem.projects):
            for sid in p.proposers:
                builder.model.add(builder.var(index[sid], pi) == builder.open[pi])

    def binding(self, problem: Problem, violation: Violation) -> str:
        """``S00011 proposed P0034, which must open`` (or ``..., which is open``)."""
        from matcher.i18n import tr

        pid = violation.project or ""
        sid = ", ".join(violation.students)
        project = problem.projects[problem.project_index[pid]] if pid else None
        if project is not None and not project.optional:
            return tr("{student} proposed {project}, which must open", student=sid, project=pid)
        return tr("{student} proposed {project}, which is open: a proposer stays on their "
                  "open idea", student=sid, project=pid)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Kept by the heuristics' own structure (proposers on their open ideas)."""
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        by_id = {p.id: p for p in problem.projects}
        for pid, members in teams(problem, assignment).items():
            if not members:
                continue
            ids = {s.id for s in members}
            for sid in by_id[pid].proposers:
                if sid not in ids:
                    where = assignment.get(sid)
                    out.append(Violation(
                        rule=self.name, project=pid, students=(sid,),
                        message=tr("proposer {student} of open project {project} is on "
                                   "{other} instead", student=sid, project=pid, other=where)
                        if where else tr("proposer {student} of open project {project} is "
                                         "not on it", student=sid, project=pid)))
        return out

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Kept by the linear models' own structure (a proposer's column and open row)."""
        return LinearNeeds()

    def atoms(self, problem: Problem) -> list[Atom]:
        """One atom per proposer: on their idea whenever it opens."""
        from matcher.constraints.atom import Atom

        out = []
        for pi, p in enumerate(problem.projects):
            for sid in p.proposers:
                si = problem.student_index[sid]
                out.append(Atom("proposer", f"{p.id}:{sid}",
                                tr("{student} proposed {project} and is on it whenever it "
                                   "opens", student=sid, project=p.id),
                                lambda b, si=si, pi=pi: b.model.add(b.var(si, pi) == b.open[pi]),
                                constraint=self, priority=4))
        return out

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Release the proposer from their idea."""
        pid, sid = atom.subject.split(":")
        projects = tuple(p.model_copy(update={"proposers": tuple(x for x in p.proposers
                                                                 if x != sid)})
                         if p.id == pid else p for p in problem.projects)
        return (tr("release {student} from proposing {project}", student=sid, project=pid),
                problem.with_changes(projects=projects))

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        """Its proposers on it stay."""
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        if not members:
            return []
        p = problem.projects[problem.project_index[project_id]]
        ids = {s.id for s in members}
        return [tr("{student} proposed it and stays on it", student=sid)
                for sid in p.proposers if sid in ids]
