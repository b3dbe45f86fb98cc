"""Rule 2: team sizes, and ideas that must open."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from matcher.assignment import teams
from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.faces import LinearNeeds
from matcher.i18n import tr

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, Student


class TeamSize(Constraint):
    """An open project has between ``min_size`` and ``max_size`` members; a project that is
    not optional is open. (A closed project has no members by the definition of ``open``.)

    Model: ``min_size * open[p] <= sum_s x[s,p] <= max_size * open[p]``, and ``open[p] == 1``
    for every project that is not optional.
    """

    name: ClassVar[str] = "team_size"
    without: ClassVar[Mapping[str, str]] = without_faces({
        "linear_rows": "team sizes are the linear models' own structure",
        "hint": (
            "posts over the x and the builder's own variables (open, present), which the "
            "search hints"),
        "domain admits": "bounds teams, not who may join which idea",
        "ranked_words held_elsewhere student_notes": (
            "its words are the team figures' (holds) and the violations'"),
        "default_weights": "brings no scoring term",
        "parameters parameter_issues": (
            "read from the ideas' min_size and max_size columns, which Problem checks")})
    local: ClassVar[bool] = True

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """The ideas that must open need more members than the cohort has."""
        n = len(problem.students)
        mandatory = [p for p in problem.projects if not p.optional]
        need = sum(p.min_size for p in mandatory)
        if need <= n:
            return []
        names = ", ".join(p.id for p in mandatory[:8]) + ("..." if len(mandatory) > 8 else "")
        return [tr("the {ideas} ideas that must open ({names}) need at least {need} members "
                   "(sum of min_size), more than the {students} students in the cohort",
                   ideas=len(mandatory), names=names, need=need, students=n)]

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls()]

    def post(self, builder: ModelBuilder) -> None:
        for pi, p in enumerate(builder.problem.projects):
            size, is_open = builder.size(pi), builder.open[pi]
            builder.model.add(size >= p.min_size * is_open)
            builder.model.add(size <= p.max_size * is_open)
            if not p.optional:
                builder.model.add(is_open == 1)

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Kept by the heuristics' own structure (team sizes)."""
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        by_id = {p.id: p for p in problem.projects}
        for pid, members in teams(problem, assignment).items():
            p = by_id[pid]
            n = len(members)
            ids = tuple(s.id for s in members)
            if n == 0 and not p.optional:
                out.append(Violation(rule=self.name, project=pid,
                                     message=tr("project {project} must open but has no "
                                                "members", project=pid)))
            elif n and not p.min_size <= n <= p.max_size:
                out.append(Violation(rule=self.name, project=pid, students=ids,
                                     message=tr("project {project} has {count} members, "
                                                "outside {min_size}..{max_size}", project=pid,
                                                count=n, min_size=p.min_size,
                                                max_size=p.max_size)))
        return out

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """Kept by the linear models' own structure (size rows per idea)."""
        return LinearNeeds()

    def atoms(self, problem: Problem) -> list[Atom]:
        """Per idea: its lower size bound, its upper one, and its opening if mandatory."""
        from matcher.constraints.atom import Atom

        out = []
        for pi, p in enumerate(problem.projects):
            out.append(Atom("min", p.id, tr("{project} needs at least {n} members if it opens",
                                            project=p.id, n=p.min_size),
                            _post_min(pi, p.min_size), constraint=self, bound=p.min_size,
                            priority=3))
            out.append(Atom("max", p.id, tr("{project} holds at most {n} members", project=p.id,
                                            n=p.max_size),
                            _post_max(pi, p.max_size), constraint=self, bound=p.max_size,
                            priority=2))
            if not p.optional:
                out.append(Atom("open", p.id, tr("{project} must open", project=p.id),
                                _post_open(pi), constraint=self, priority=1))
        return out

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Make the idea optional, or move its size bound to the witness's team size."""
        pid = atom.subject

        def project_change(**update: object) -> Problem:
            projects = tuple(p.model_copy(update=update) if p.id == pid else p
                             for p in problem.projects)
            return problem.with_changes(projects=projects)

        if atom.kind == "open":
            return tr("make {project} optional", project=pid), project_change(optional=True)
        size = sum(1 for q in (witness or {}).values() if q == pid) if witness else None
        p = problem.projects[problem.project_index[pid]]
        if atom.kind == "max":
            new = max(size if size else p.max_size + 1, p.max_size + 1)
            return (tr("raise {project}'s max_size from {old} to {new}", project=pid,
                       old=p.max_size, new=new), project_change(max_size=new))
        new = min(max(1, size if size else p.min_size - 1), p.min_size - 1)
        if new < 1:
            return None
        return (tr("lower {project}'s min_size from {old} to {new}", project=pid,
                   old=p.min_size, new=new), project_change(min_size=new))

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        """Must open; full at ``max_size``; at ``min_size``."""
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        if not members:
            return []
        p = problem.projects[problem.project_index[project_id]]
        n = len(members)
        out = []
        if not p.optional:
            out.append(tr("must open"))
        if n == p.max_size:
            out.append(tr("full: {size} of at most {high}", size=n, high=p.max_size))
        if n == p.min_size:
            out.append(tr("at its minimum size {low}: nobody can leave without closing it",
                          low=p.min_size) if p.optional else
                       tr("at its minimum size {low}: nobody can leave", low=p.min_size))
        return out


def _post_min(pi: int, size: int) -> Callable[[ModelBuilder], None]:
    return lambda b: b.model.add(b.size(pi) >= size * b.open[pi])


def _post_max(pi: int, size: int) -> Callable[[ModelBuilder], None]:
    return lambda b: b.model.add(b.size(pi) <= size * b.open[pi])


def _post_open(pi: int) -> Callable[[ModelBuilder], None]:
    return lambda b: b.model.add(b.open[pi] == 1)
