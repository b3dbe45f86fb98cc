"""A rule added the way the README says: one class, one registry entry, its translations.

``MaxMembers`` is defined here and nowhere else; the fixture registers it in
:data:`matcher.registry.RULES` (the one registry line of a real rule), rebuilds
:class:`~matcher.rules.Rules` from the registry, and adds its French texts (a real rule's live
in a catalog module of ``matcher/locales/fr/``), then takes all three back. With nothing else
edited, the rule is accepted by a config's ``[rules]`` and a JSON request, posted by the solve,
checked, found by the precheck and the diagnosis, and explained in French.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from pydantic import Field

import matcher
from matcher.assignment import teams
from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.i18n import catalog, language, tr
from matcher.problem import Problem, Project, Student
from matcher.registry import RULES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.model import ModelBuilder


class MaxMembers(Constraint):
    """At most ``k`` members in every team, whatever its ``max_size``.

    Model: ``sum_s x[s,p] <= k`` for every project ``p``.
    """

    name: ClassVar[str] = "max_members"
    local: ClassVar[bool] = True
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "max_members": (int | None, Field(
            default=None, ge=1, examples=[4],
            description="At most this many members in any team."))}
    without: ClassVar[Mapping[str, str]] = without_faces({
        "linear linear_rows keep hint atoms relax domain admits ranked_words held_elsewhere "
        "student_notes default_weights parameter_issues": "a toy rule: the defaults do"})

    def __init__(self, k: int) -> None:
        self.k = k

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        k = problem.rules.max_members
        return [cls(k)] if k is not None else []

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        k = problem.rules.max_members
        places = (k or 0) * len(problem.projects)
        if k is None or problem.rules.allow_unassigned or places >= len(problem.students):
            return []
        return [tr("teams of at most {k} hold {places} students, fewer than {students}",
                   k=k, places=places, students=len(problem.students))]

    def post(self, builder: ModelBuilder) -> None:
        for row in builder.by_project:
            if len(row) > self.k:
                builder.model.add(sum(v for _, v in row) <= self.k)

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        return [Violation(rule=self.name, project=pid, students=tuple(s.id for s in members),
                          message=tr("team {project} has {count} members, more than {k}",
                                     project=pid, count=len(members), k=self.k))
                for pid, members in teams(problem, assignment).items() if len(members) > self.k]

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        if members is None:
            members = teams(problem, assignment).get(project_id, [])
        if len(members) < self.k:
            return []
        return [tr("at most {k} members per team", k=self.k)]


FRENCH = {
    "teams of at most {k} hold {places} students, fewer than {students}":
        "des équipes d'au plus {k} membres accueillent {places} étudiants, moins que {students}",
    "team {project} has {count} members, more than {k}":
        "l'équipe {project} compte {count} membres, plus que {k}",
    "at most {k} members per team": "au plus {k} membres par équipe",
}


@pytest.fixture
def max_members() -> Iterator[type[MaxMembers]]:
    """``MaxMembers`` in the registry (and its French texts) for one test."""
    from matcher.rules import rebuild_rules

    RULES[MaxMembers.name] = MaxMembers
    rebuild_rules()
    french = catalog("fr")
    french.update(FRENCH)
    try:
        yield MaxMembers
    finally:
        del RULES[MaxMembers.name]
        rebuild_rules()
        for key in FRENCH:
            french.pop(key, None)


def cohort(**rules: Any) -> Problem:
    """Six students who all want P1 (max 4), two other ideas."""
    students = [Student(id=f"S{i}", discipline=f"d{i % 3}", institution=f"u{i % 2}",
                        preferences=("P1", "P2", "P3")) for i in range(1, 7)]
    projects = [Project(id=f"P{j}", min_size=1, max_size=4, optional=True) for j in (1, 2, 3)]
    return Problem(students=students, projects=projects, rules=rules)


def test_the_config_and_the_request_accept_it(max_members: type[MaxMembers],
                                              tmp_path: Any) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[rules]\nmax_members = 2\ntop_k = 3\n", encoding="utf-8")
    config = matcher.load_config(path)
    assert config.rules.max_members == 2 and config.rules.top_k == 3
    assert cohort(max_members=2).rules.max_members == 2
    schema = matcher.Rules.model_json_schema()["properties"]["max_members"]
    assert schema["description"] == "At most this many members in any team."
    with pytest.raises(ValueError, match="max_members"):
        cohort(max_members=0)


def test_without_the_fixture_it_is_unknown() -> None:
    with pytest.raises(ValueError, match="max_members"):
        cohort(max_members=2)


def test_the_solve_respects_it_and_the_check_reports_it(max_members: type[MaxMembers]
                                                        ) -> None:
    preference = {"discipline": 0, "institution": 0}  # everyone wants P1
    free = matcher.solve(cohort(), weights=preference, time_limit=20, workers=1, seed=0)
    assert max(len(m) for m in teams(cohort(), free.assignment).values()) == 4
    problem = cohort(max_members=2)
    result = matcher.solve(problem, weights=preference, time_limit=20, workers=1, seed=0)
    assert result.assignment and matcher.check(problem, result.assignment) == []
    assert max(len(m) for m in teams(problem, result.assignment).values()) == 2
    crowded = {"S1": "P1", "S2": "P1", "S3": "P1", "S4": "P2", "S5": "P2", "S6": "P3"}
    violations = matcher.check(problem, crowded)
    assert [(v.rule, v.project) for v in violations] == [("max_members", "P1")]
    with language("fr"):
        assert matcher.check(problem, crowded)[0].message == (
            "l'équipe P1 compte 3 membres, plus que 2")


def test_the_precheck_and_the_diagnosis_name_it(max_members: type[MaxMembers]) -> None:
    from matcher.diagnose import diagnose
    from matcher.feasibility import precheck

    problem = cohort(max_members=1)
    assert precheck(problem) == ["teams of at most 1 hold 3 students, fewer than 6"]
    tight = cohort(max_members=2).with_changes(projects=[
        Project(id="P1", min_size=3, max_size=4), Project(id="P2", min_size=3, max_size=4),
        Project(id="P3", min_size=1, max_size=4, optional=True)])
    assert precheck(tight) == []
    diagnosis = diagnose(tight, time_limit=30, workers=1, suggest=False)
    assert diagnosis.feasible is False
    assert "max_members" in diagnosis.conflict


def test_the_explanation_says_it_in_french(max_members: type[MaxMembers]) -> None:
    from matcher.explain.figures import team_figures

    problem = cohort(max_members=2)
    assignment = {f"S{i}": f"P{(i + 1) // 2}" for i in range(1, 7)}
    with language("fr"):
        figures = team_figures(problem, assignment, "P1")
    assert "au plus 2 membres par équipe" in figures.binding


@pytest.mark.slow
def test_the_problems_strategy_draws_it(max_members: type[MaxMembers]) -> None:
    from hypothesis import find, settings
    from strategies import problems

    found = find(problems(), lambda p: p.rules.max_members is not None,
                 settings=settings(max_examples=200, database=None))
    assert found.rules.max_members == 4  # its declared example
