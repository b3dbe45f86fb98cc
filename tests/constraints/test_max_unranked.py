"""``max_unranked``: at most ``k`` students on an idea they did not rank."""

from __future__ import annotations

from matcher.check import check
from matcher.constraints.max_unranked import MaxUnranked, unranked_students
from matcher.i18n import language
from matcher.problem import Problem, Project, Student
from matcher.solve import solve


def cohort(**rules: object) -> Problem:
    """Four students who all rank P only; Q (mandatory, 2 members) needs two of them, and
    R (who ranks nothing) counts for nobody."""
    students = [Student(id=f"S{i}", discipline=f"d{i}", preferences=("P",)) for i in range(4)]
    students.append(Student(id="R", discipline="d9"))
    projects = [Project(id="P", min_size=1, max_size=3), Project(id="Q", min_size=2,
                                                                  max_size=3)]
    return Problem(students=students, projects=projects, rules=rules)


def test_the_count_skips_students_who_ranked_nothing_and_students_without_a_team():
    problem = cohort()
    assignment = {"S0": "Q", "S1": None, "S2": "P", "S3": "P", "R": "Q"}
    assert unranked_students(problem, assignment) == ["S0"]


def test_a_count_above_k_is_one_violation_naming_every_unranked_student():
    problem = cohort(max_unranked=1)
    assignment = {"S0": "Q", "S1": "Q", "S2": "P", "S3": "P", "R": "P"}
    violations = check(problem, assignment)
    assert [v.rule for v in violations] == ["max_unranked"]
    assert violations[0].students == ("S0", "S1")
    assert "2 students are on an idea they did not rank, more than 1" in violations[0].message
    assert check(problem, {**assignment, "S1": "P", "R": "Q"}) == []


def test_the_solver_keeps_the_cap_and_reports_infeasible_below_the_minimum():
    # Q needs 2 members: R and one ranking student at best, so at least one is unranked
    problem = cohort(max_unranked=1)
    result = solve(problem, workers=1, choices_first=False)
    assert result.status.value == "OPTIMAL"
    assert check(problem, result.assignment) == []
    assert len(unranked_students(problem, result.assignment)) <= 1
    assert solve(cohort(max_unranked=0), workers=1,
                 choices_first=False).status.value == "INFEASIBLE"


def test_relax_raises_k_to_the_witness_count():
    problem = cohort(max_unranked=0)
    (rule,) = MaxUnranked.from_problem(problem)
    witness = {"S0": "Q", "S1": "Q", "S2": "P", "S3": "P", "R": "Q"}
    words, relaxed = rule.relax(problem, rule.atoms(problem)[0], witness)
    assert relaxed.rules.max_unranked == 2
    assert "max_unranked was 0" in words


def test_its_words_in_french():
    problem = cohort(max_unranked=0)
    with language("fr"):
        (violation,) = check(problem, {"S0": "Q", "S1": "Q", "S2": "P", "S3": "P", "R": "P"})
        assert "qu'ils n'ont pas classée" in violation.message
        assert "au plus 0 étudiants" in MaxUnranked(0).describe()
