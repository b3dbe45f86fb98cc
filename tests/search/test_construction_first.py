"""Teams whenever a formation exists (issue 18): a term CP-SAT's dense model finds no teams
for in time (``balance`` on grades with decimals, scaled by 100) still gets the construction's
teams, improved by annealing, instead of "no formation found"."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher import check, read_problem
from matcher.result import Status
from matcher.sample import family_options, generate_cohort, write_cohort
from matcher.search.compiled import compile_problem
from matcher.search.routing import construction_applies, objective_bounded, warm_start_applies
from matcher.solve import solve


@pytest.fixture(scope="module")
def excel_fr_cohort(tmp_path_factory: pytest.TempPathFactory):
    """The cohort of the issue: 100 x 16 written as a French Excel saves it, sizes 5 to 8,
    grades with decimal commas."""
    students, projects = generate_cohort(100, 16, seed=0, team_size=(5, 8),
                                         **family_options("decimals"))  # type: ignore[arg-type]
    paths = write_cohort(students, projects, tmp_path_factory.mktemp("excel-fr"), excel_fr=True)
    return read_problem(*paths)


@pytest.mark.parametrize("term", ["balance.grade", "balance.hours"])
def test_balance_on_decimal_grades_returns_teams(excel_fr_cohort, term: str) -> None:
    problem = excel_fr_cohort
    weights = {**problem.weights, term: 1}
    c = compile_problem(problem, weights)
    assert not warm_start_applies(c, None) and construction_applies(c, None)
    result = solve(problem, weights=weights, time_limit=5, workers=2, seed=0)
    assert result.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert result.assignment and all(result.assignment.values())
    assert check(problem, result.assignment) == []
    # the plain weighted sum reports a proven bound here; under choices first (the default)
    # a second step that finds nothing in time answers with the first step's teams, unbounded
    plain = solve(problem, weights=weights, time_limit=5, workers=2, seed=0,
                  choices_first=False)
    assert plain.assignment and check(problem, plain.assignment) == []
    assert objective_bounded(c) and plain.best_bound is not None


def test_construction_stands_aside_when_a_hint_is_given(excel_fr_cohort) -> None:
    c = compile_problem(excel_fr_cohort, {**excel_fr_cohort.weights, "balance.grade": 1})
    assert not construction_applies(c, {s.id: None for s in excel_fr_cohort.students[:1]})


def test_balance_with_one_worker_returns_teams(excel_fr_cohort, tmp_path: Path) -> None:
    weights = {**excel_fr_cohort.weights, "balance.grade": 3}
    result = solve(excel_fr_cohort, weights=weights, time_limit=5, workers=1, seed=1)
    assert result.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert check(excel_fr_cohort, result.assignment) == []
