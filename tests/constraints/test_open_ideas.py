"""``open = { min = A, max = B }``: how many optional ideas open."""

from __future__ import annotations

import pytest

from matcher.check import check
from matcher.constraints.open_ideas import OpenIdeas
from matcher.feasibility import precheck
from matcher.i18n import language
from matcher.problem import Problem, Project, Student
from matcher.solve import solve


def cohort(**rules: object) -> Problem:
    """Six students, two of each of three disciplines; a mandatory idea M (2 to 6 members)
    and two optional ones of 2: three teams of two disciplines each (60 + 12 preference
    points) beat two (50 + 16) and one (30 + 18)."""
    students = [Student(id=f"S{i}", discipline=f"d{i // 2}", preferences=("M", "A", "B"))
                for i in range(6)]
    projects = [Project(id="M", min_size=2, max_size=6),
                Project(id="A", min_size=2, max_size=2, optional=True),
                Project(id="B", min_size=2, max_size=2, optional=True)]
    return Problem(students=students, projects=projects, rules=rules)


def test_a_count_outside_the_range_is_a_violation_naming_the_open_ideas():
    problem = cohort(open={"min": 0, "max": 1})
    both = {"S0": "M", "S1": "M", "S2": "A", "S3": "A", "S4": "B", "S5": "B"}
    (v,) = check(problem, both)
    assert v.rule == "open" and "2 optional ideas open (A, B), not between 0 and 1" in v.message
    assert check(problem, {**both, "S4": "M", "S5": "M"}) == []


@pytest.mark.parametrize("choices_first", [True, False])
def test_the_solver_opens_as_many_as_the_organisers_allow(choices_first):
    free = solve(cohort(), workers=1, choices_first=choices_first)
    assert len(set(free.assignment.values())) == 3  # diversity opens both optional ideas
    for low, high, opened in ((0, 0, 1), (0, 1, 2), (2, 2, 3)):
        problem = cohort(open={"min": low, "max": high})
        result = solve(problem, workers=1, choices_first=choices_first)
        assert result.status.value == "OPTIMAL"
        assert check(problem, result.assignment) == []
        assert len(set(result.assignment.values())) == opened


def test_the_precheck_and_the_parameters():
    assert precheck(cohort(open={"min": 3})) == [
        "open asks for at least 3 optional ideas, there are 2"]
    with pytest.raises(ValueError, match="min \\(2\\) is above max \\(1\\)"):
        cohort(open={"min": 2, "max": 1})


def test_relax_widens_the_range_to_the_witness():
    problem = cohort(open={"min": 0, "max": 0})
    (rule,) = OpenIdeas.from_problem(problem)
    witness = {"S0": "M", "S1": "M", "S2": "A", "S3": "A", "S4": "B", "S5": "B"}
    words, relaxed = rule.relax(problem, rule.atoms(problem)[0], witness)
    assert (relaxed.rules.open.min, relaxed.rules.open.max) == (0, 2)
    assert words == "let 0 to 2 optional ideas open"


def test_its_words_in_french():
    with language("fr"):
        assert OpenIdeas(1, None).describe() == "de 1 à ∞ idées facultatives ouvertes"
