"""Helpers of the search tests: a :class:`~matcher.problem.Problem` from ``generate_cohort``'s
frames, the small problems the heuristics keep (:func:`ws_problems`), and the invariants every
search path keeps against brute force."""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st

from matcher.check import check, objective
from matcher.problem import Problem, Project, Student
from matcher.result import Result, Status
from matcher.rules import Rules


def _ids(text: object) -> tuple[str, ...]:
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ()
    return tuple(x for x in str(text).split(";") if x)


def problem_from_frames(students: pd.DataFrame, projects: pd.DataFrame) -> Problem:
    """The default-objective problem of a generated cohort."""
    return Problem(
        students=[Student(id=str(r.id), discipline=str(r.discipline),
                          institution=str(r.institution), preferences=_ids(r.preferences))
                  for r in students.itertuples()],
        projects=[Project(id=str(r.id), min_size=int(r.min_size), max_size=int(r.max_size),
                          proposers=_ids(r.proposer), optional=str(r.optional) == "yes")
                  for r in projects.itertuples()])


def assert_solve_keeps_the_invariants(problem: Problem, result: Result,
                                      best: int | None) -> None:
    """A heuristic path's ``result`` against the brute-force optimum ``best`` of ``problem``:
    no teams when none exist; otherwise (teams may be missing when the time limit ends first)
    valid teams, an objective equal to the solver-free one, a proven bound, and the optimum
    when OPTIMAL is claimed."""
    if best is None:
        assert not result.has_solution
        return
    if not result.has_solution:
        return
    assert check(problem, result.assignment) == []
    assert objective(problem, result.assignment) == result.objective
    assert result.best_bound >= best >= result.objective  # a proven bound
    if result.status is Status.OPTIMAL:
        assert result.objective == best


@st.composite
def ws_problems(draw: st.DrawFn):
    """Small problems of preference and coverage terms, mostly under the rules the heuristics
    keep (refusals, ``top_k``), every student placed."""
    from strategies import problems  # tests/strategies.py: absent from a bare script's path

    problem = draw(problems(max_students=6, max_projects=3))
    weights = {"preference": draw(st.integers(0, 5)), "discipline": draw(st.integers(0, 10)),
               "institution": draw(st.integers(0, 10))}
    rules = problem.rules
    if draw(st.booleans()):  # mostly the rules the heuristic keeps (refusals, top_k)
        rules = Rules(top_k=rules.top_k)
    rules = rules.model_copy(update={"allow_unassigned": False})
    return problem.with_changes(weights=weights, rules=rules)
