"""Rule 7a: place students only within their top ``k`` choices."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.forbidding import ForbiddingRule
from matcher.i18n import tr

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, Student


class TopK(ForbiddingRule):
    """A student who ranked projects is placed only on one of their ``k`` favourites.
    Students who ranked nothing are not restricted.

    Model: ``x[s,p]`` is not created for the other projects (domain pruning).
    """

    name: ClassVar[str] = "top_k"
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "top_k": (int | None, Field(
            examples=[2],
            default=None, ge=1, description="Place a student only on one of their ``top_k`` "
            "favourite projects (students who rank nothing are not restricted)."))}
    atom_priority: ClassVar[int] = 5
    without: ClassVar[Mapping[str, str]] = without_faces({
        "holds": (
            "top_k keeps one student off an idea, not a team in place: an explanation says it "
            "through the violation's words (binding)"),
        "linear_rows": "its pairs are forbidden pairs: the linear models leave them out",
        "hint": "posts nothing: forbidden pairs remove the x",
        "precheck": (
            "every student keeps their ranked ideas; its conflicts with refusals and fixed "
            "placements are refused's and fixed's prechecks"),
        "domain": "only takes ideas out of a student's domain",
        "held_elsewhere student_notes": (
            "holds no proposer elsewhere and places nobody: its words are ranked_words and "
            "the violations'"),
        "default_weights": "brings no scoring term",
        "parameter_issues": "an integer at least 1, which its type checks"})
    local: ClassVar[bool] = True

    def __init__(self, k: int) -> None:
        self.k = k

    @classmethod
    def ranked_words(cls, problem: Problem, count: int, low: int) -> str | None:
        """Too few students ranked the idea within their top ``k``."""
        k = problem.rules.top_k
        if not k:
            return None
        return tr("only {count} students ranked it within their top {k}, and it needs at "
                  "least {low}", count=count, k=k, low=low)

    @classmethod
    def admits(cls, problem: Problem, student: Student, project_id: str) -> bool:
        """Among the student's top ``k`` (any idea for a student who ranked nothing)."""
        k = problem.rules.top_k
        return not k or not student.preferences or project_id in student.preferences[:k]

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(problem.rules.top_k)] if problem.rules.top_k else []

    def _allowed(self, prefs: tuple[str, ...]) -> set[str] | None:
        return set(prefs[: self.k]) if prefs else None

    def forbidden_pairs(self, problem: Problem) -> Iterable[tuple[int, int]]:
        for si, s in enumerate(problem.students):
            allowed = self._allowed(s.preferences)
            if allowed is None:
                continue
            for pi, p in enumerate(problem.projects):
                if p.id not in allowed:
                    yield si, pi

    def post(self, builder: ModelBuilder) -> None:
        """Nothing to post: :meth:`forbidden_pairs` removed the variables."""

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Kept by the heuristics' own structure (forbidden pairs)."""
        return True

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        out = []
        for s in problem.students:
            pid = assignment.get(s.id)
            allowed = self._allowed(s.preferences)
            if pid is not None and allowed is not None and pid not in allowed:
                out.append(Violation(rule=self.name, students=(s.id,), project=pid,
                                     message=tr("student {student} is on {project}, not "
                                                "among their top {k} choices", student=s.id,
                                                project=pid, k=self.k)))
        return out

    def _atom_text(self, problem: Problem, si: int, pis: list[int]) -> str:
        s = problem.students[si]
        return tr("{student} may only join their top {k} ({projects})", student=s.id,
                  k=self.k, projects=", ".join(s.preferences[:self.k]))

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """Raise ``k`` to the rank the student got in ``witness`` (or drop the rule)."""
        rules = problem.rules
        s = problem.students[problem.student_index[atom.subject]]
        got = witness.get(atom.subject) if witness else None
        rank = s.rank_of(got) if got else None
        new = max(rank or len(s.preferences), self.k + 1)
        if new > len(s.preferences):
            return (tr("drop the top_k rule"),
                    problem.with_changes(rules=rules.model_copy(update={"top_k": None})))
        return (tr("raise top_k from {old} to {new}", old=self.k, new=new),
                problem.with_changes(rules=rules.model_copy(update={"top_k": new})))

    def describe(self) -> str:
        return tr("only top {k} choices", k=self.k)
