"""Choices first (:mod:`matcher.search.lexicographic`): the fewest students on an idea they did
not rank, proven, then the weighted sum under it; against exhaustive search on tiny cohorts."""

from __future__ import annotations

from itertools import product

from hypothesis import HealthCheck, given, settings
from strategies import problems

from matcher.check import check, objective
from matcher.constraints.max_unranked import unranked_students
from matcher.problem import Problem, Project, Student
from matcher.registry import make_constraints
from matcher.result import Status
from matcher.solve import solve


def lexicographic_brute_force(problem: Problem) -> tuple[int, int] | None:
    """(fewest unranked students, best weighted objective among formations with that few)
    over every valid assignment; ``None`` when none is valid."""
    rules = make_constraints(problem)
    ids = [s.id for s in problem.students]
    options: list[str | None] = [p.id for p in problem.projects] + [None]
    best: tuple[int, int] | None = None
    for combo in product(options, repeat=len(ids)):
        assignment = dict(zip(ids, combo, strict=True))
        if any(rule.violations(problem, assignment) for rule in rules):
            continue
        key = (-len(unranked_students(problem, assignment)), objective(problem, assignment))
        if best is None or key > best:
            best = key
    return None if best is None else (-best[0], best[1])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_students=6, max_projects=3))
def test_the_lexicographic_optimum_equals_exhaustive_search(problem):
    expected = lexicographic_brute_force(problem)
    result = solve(problem, workers=1, seed=0)
    assert result.choices_first
    if expected is None:
        assert result.status is Status.INFEASIBLE
        return
    fewest, best = expected
    assert result.status is Status.OPTIMAL, (result.status, result.reasons)
    assert check(problem, result.assignment) == []
    assert result.unranked == fewest == len(unranked_students(problem, result.assignment))
    if any(s.preferences for s in problem.students):
        assert result.unranked_minimum == fewest  # proven
    assert result.objective == best == objective(problem, result.assignment)


def diverse_cohort() -> Problem:
    """Six students of two disciplines; the A students all rank P first, the B ones Q. P and
    Q hold 3 each; the discipline term (weight 10) would rather mix them (two students moved
    onto their second choice and, with a mandatory R nobody ranks, unranked)."""
    students = [Student(id=f"A{i}", discipline="A", institution=f"u{i}", preferences=("P",))
                for i in range(3)]
    students += [Student(id=f"B{i}", discipline="B", institution=f"u{i}", preferences=("Q",))
                 for i in range(3)]
    projects = [Project(id="P", min_size=1, max_size=3), Project(id="Q", min_size=1,
                                                                  max_size=3),
                Project(id="R", min_size=2, max_size=2, optional=True)]
    return Problem(students=students, projects=projects)


def test_choices_first_keeps_every_student_on_a_ranked_idea_where_the_plain_sum_does_not():
    problem = diverse_cohort()
    plain = solve(problem, workers=1, choices_first=False)
    first = solve(problem, workers=1)
    assert not plain.choices_first and plain.unranked_minimum is None
    assert plain.unranked > 0  # the optional R opened for its distinct disciplines
    assert first.choices_first and first.unranked == first.unranked_minimum == 0
    assert "R" not in first.assignment.values()
    assert first.objective < plain.objective
    assert first.diversity_price is not None and first.diversity_price.proven


def test_the_price_of_diversity_against_the_preference_only_optimum():
    # every student ranks both ideas, the A students P first, the B students Q first: the
    # preference-only optimum gives everyone their first choice; the discipline term (weight
    # 10 per distinct value) mixes the teams, moving two students to their second choice
    students = [Student(id=f"A{i}", discipline="A", preferences=("P", "Q")) for i in range(2)]
    students += [Student(id=f"B{i}", discipline="B", preferences=("Q", "P")) for i in range(2)]
    projects = [Project(id="P", min_size=2, max_size=2), Project(id="Q", min_size=2,
                                                                  max_size=2)]
    problem = Problem(students=students, projects=projects)
    result = solve(problem, workers=1)
    assert result.unranked == result.unranked_minimum == 0
    price = result.diversity_price
    assert price is not None and price.proven
    assert (price.students_moved_down, price.ranks_lost) == (2, 2)
    alone = solve(problem, workers=1, weights={"discipline": 0, "institution": 0})
    assert alone.diversity_price is None  # preferences alone: nothing traded


def test_a_cap_set_by_the_organisers_is_kept_when_lower_than_nothing_needs():
    problem = diverse_cohort().with_changes(rules={"max_unranked": 0})
    result = solve(problem, workers=1, choices_first=False)
    assert result.unranked == 0 and check(problem, result.assignment) == []
