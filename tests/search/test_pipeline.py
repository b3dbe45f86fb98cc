"""The pipeline's fallbacks are a loop (:mod:`matcher.search.pipeline`): a restricted model that
falls short (infeasible, or its neighbourhood exhausted) asks for another attempt on the full
model, and the attempts' teams and bounds are merged into one proven answer."""

from __future__ import annotations

import pytest
from tests_search_helpers import problem_from_frames

from matcher.check import check, objective
from matcher.result import Status
from matcher.sample import generate_cohort
from matcher.search import attempt as attempt_module
from matcher.search import pipeline
from matcher.solve import solve


@pytest.fixture
def problem():
    return problem_from_frames(*generate_cohort(60, 10, seed=5))


def _restrict(monkeypatch, pick):
    """Every LP-guided domain replaced by ``pick(ranked ideas)``, no exact MIP, and the
    attempts counted."""
    calls: list[dict] = []
    real = attempt_module.attempt

    def counted(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    def domain(problem, w, relaxed, *, dense):
        pindex, proposed = problem.project_index, problem.proposed_by()
        return [sorted({*pick([pindex[pid] for pid in s.preferences]),
                        *(pindex[pid] for pid in proposed.get(s.id, ()))})
                or list(range(len(pindex))) for s in problem.students]

    monkeypatch.setattr(pipeline, "wants_prover", lambda c, lp: False)
    monkeypatch.setattr(pipeline, "attempt", counted)
    monkeypatch.setattr(attempt_module, "lp_guided_domain", domain)
    return calls


@pytest.mark.parametrize("pick, feasible", [
    (lambda ranked: ranked[1:], True),   # no first choice: feasible, below the optimum
    (lambda ranked: ranked[:1], False),  # first choices only: too narrow, infeasible
])
def test_a_restriction_that_falls_short_is_followed_by_the_full_model(problem, monkeypatch,
                                                                      pick, feasible):
    # the pipeline's own attempts, on the plain weighted sum
    best = solve(problem, workers=2, seed=0, time_limit=30, choices_first=False)
    assert best.status is Status.OPTIMAL
    calls = _restrict(monkeypatch, pick)
    seen: list[int] = []
    result = solve(problem, workers=2, seed=0, time_limit=30, choices_first=False,
                   callback=lambda p: seen.append(p.objective) if p.objective else None)
    assert len(calls) == 2 and calls[1]["lp"] is False  # the loop: one more attempt
    assert (calls[1]["hint"] is not None) is feasible  # the restriction's teams as its hint
    assert result.status is Status.OPTIMAL and result.objective == best.objective
    assert check(problem, result.assignment) == [] and \
        objective(problem, result.assignment) == result.objective
    assert result.best_bound == result.objective and result.gap == 0.0
    assert seen == sorted(seen)  # progress never goes back between attempts
