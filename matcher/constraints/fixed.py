"""Rule 8: placements decided in advance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from matcher.assignment import teams
from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.faces import LinearNeeds
from matcher.constraints.parameters import issue
from matcher.constraints.top_k import TopK
from matcher.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, RecordIssue, Student


class Fixed(Constraint):
    """Student ``s`` is on project ``placements[s]`` (re-matching builds on this).

    Model: the other ``x[s,q]`` are not created, and ``x[s,p] == 1``.
    """

    name: ClassVar[str] = "fixed"
    without: ClassVar[Mapping[str, str]] = without_faces({
        "linear_rows": "a fixed placement is forbidden pairs: the linear models keep one column",
        "hint": "posts over the x alone",
        "ranked_words": (
            "a fixed student does not count among another idea's fans (admits): the count "
            "keeps its plain words"),
        "default_weights": "brings no scoring term"})
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "fixed": (dict[str, str], Field(
            examples=[{"S6": "P2"}],
            default_factory=dict, description="``{student id: project id}``: placements "
            "decided in advance."))}
    local: ClassVar[bool] = True

    def __init__(self, placements: dict[str, str]) -> None:
        self.placements = dict(placements)

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """Unknown students and projects."""
        out = []
        for sid, pid in problem.rules.fixed.items():
            if sid not in problem.student_index:
                out.append(issue("fixed", tr("unknown student {student!r}", student=sid), sid))
            if pid not in problem.project_index:
                out.append(issue("fixed", tr("unknown project {project!r}", project=pid), pid))
        return out

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """A student fixed where they refused or outside their top ``k``, more students fixed
        on an idea than it holds, a proposer of an idea that must open fixed elsewhere."""
        rules = problem.rules
        out = []
        fixed_count: dict[str, int] = {}
        for sid, pid in rules.fixed.items():
            fixed_count[pid] = fixed_count.get(pid, 0) + 1
            s = problem.students[problem.student_index[sid]]
            if pid in s.refused:
                out.append(tr("student {student} is fixed on {project}, which they refused",
                              student=sid, project=pid))
            if not TopK.admits(problem, s, pid):
                out.append(tr("student {student} is fixed on {project}, outside their top {k}",
                              student=sid, project=pid, k=rules.top_k))
        by_id = {p.id: p for p in problem.projects}
        for pid, k in fixed_count.items():
            if k > by_id[pid].max_size:
                out.append(tr("{count} students are fixed on {project}, which holds at most "
                              "{max_size}", count=k, project=pid, max_size=by_id[pid].max_size))
        for p in problem.projects:
            for sid in p.proposers:
                elsewhere = rules.fixed.get(sid)
                if not p.optional and elsewhere is not None and elsewhere != p.id:
                    out.append(tr("{student} proposes {project}, which must open, but is fixed "
                                  "on {other}", student=sid, project=p.id, other=elsewhere))
        return out

    @classmethod
    def close_domain(cls, problem: Problem, domains: list[set[int]]) -> None:
        """A fixed student keeps their idea."""
        sindex, pindex = problem.student_index, problem.project_index
        for sid, pid in problem.rules.fixed.items():
            if sid in sindex and pid in pindex:
                domains[sindex[sid]].add(pindex[pid])

    @classmethod
    def held_elsewhere(cls, problem: Problem, student_id: str, project_id: str) -> str | None:
        """A proposer fixed on another idea."""
        fixed = problem.rules.fixed.get(student_id)
        if fixed is None or fixed == project_id:
            return None
        return tr("its proposer {student} is fixed on {project}", student=student_id,
                  project=fixed)

    @classmethod
    def student_notes(cls, problem: Problem, student_id: str) -> list[str]:
        """The idea the student is fixed on."""
        fixed_at = problem.rules.fixed.get(student_id)
        if fixed_at is None:
            return []
        return [tr("the rules fix {student} on {project}", student=student_id,
                   project=fixed_at)]

    @classmethod
    def admits(cls, problem: Problem, student: Student, project_id: str) -> bool:
        """Not a student fixed elsewhere."""
        return problem.rules.fixed.get(student.id, project_id) == project_id

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
