"""The counterfactuals priced on one model (:mod:`matcher.explain.priced`) give the answers of
re-solving the whole cohort through :func:`matcher.solve`, question by question."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.check import check
from matcher.explain import low_placements
from matcher.explain.counterfactual import place, priced_cohort
from matcher.explain.local import Formation
from matcher.explain.student import higher_choices
from matcher.problem import Problem
from matcher.read import read_problem
from matcher.result import Status
from matcher.sample import family_options, generate_cohort, write_cohort
from matcher.solve import solve


def _problem(family: str, n: int, p: int, tmp_path: Path) -> Problem:
    students, projects = generate_cohort(n, p, seed=2, **family_options(family))  # type: ignore[arg-type]
    return read_problem(*write_cohort(students, projects, tmp_path))


@pytest.mark.parametrize("family", ["default", "cold-mandatory"])
def test_priced_answers_are_the_whole_cohort_re_solves(family: str, tmp_path: Path) -> None:
    problem = _problem(family, 60, 8, tmp_path)
    result = solve(problem, time_limit=20, workers=1, seed=0)
    assert result.status is Status.OPTIMAL
    formation = Formation(problem, result.assignment)
    priced = priced_cohort(problem, formation.current, formation.weights)
    assert priced is not None and priced.applies
    questions = [(sid, q) for sid in low_placements(problem, result.assignment)
                 for q in higher_choices(formation, sid)][:6]
    assert questions
    for sid, q in questions:
        slow = place(problem, formation.current, sid, q, time_limit=20, workers=1,
                     diagnose_infeasible=False)
        fast = place(problem, formation.current, sid, q, time_limit=20, workers=1,
                     diagnose_infeasible=False, priced=priced)
        assert (fast.feasible, fast.cost, fast.proven) == (slow.feasible, slow.cost, slow.proven)
        if fast.feasible:
            after = {**formation.current, **fast.placements}
            assert after[sid] == q and check(problem, after) == []
    assert priced.questions == len(questions)


def test_priced_model_stands_aside_when_re_matching(tmp_path: Path) -> None:
    problem = _problem("default", 40, 6, tmp_path)
    result = solve(problem, time_limit=10, workers=1, seed=0)
    rematch = problem.with_changes(previous={k: v for k, v in result.assignment.items() if v})
    assert priced_cohort(rematch, result.assignment) is None
