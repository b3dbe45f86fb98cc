"""The two faces of every scoring term agree: the solver's value of its expression equals the
direct value, on fixed assignments and on every solve (for each term kind of
:data:`matcher.registry.TERMS`; hand-made examples are in each term's own test file)."""

from __future__ import annotations

import pytest
from faces import assert_solve_terms_agree, assert_term_faces_agree, term_cases, weighted_problems
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.registry import TERMS

#: Term kind -> (the term names drawn, whether fixed assignments keep teams within capacity).
#: The Blau expression bounds each count by the team's max_size (which the always-on
#: team_size rule guarantees on every solution), so its fixed assignments stay within it.
FACED_TERMS: dict[str, tuple[list[str], bool]] = {
    "preference": (["preference"], False),
    "coverage": (["discipline", "institution", "coverage.gender", "coverage.year"], False),
    "blau": (["blau.discipline", "blau.institution", "blau.gender", "blau.year"], True),
    "balance": (["balance.year"], False),
    "min_points": (["min_points"], False),
    "min_coverage": (["min_coverage.discipline", "min_coverage.institution",
                      "min_coverage.gender"], False),
    "unassigned": (["unassigned"], False),
    "wishes": (["wishes"], False),
}
#: Tested in their own files: ``moves`` in test_rematch.py, ``pairwise`` in test_pairwise.py.
ELSEWHERE = {"moves", "pairwise"}


def test_every_registered_term_is_covered():
    assert set(FACED_TERMS) | ELSEWHERE == set(TERMS)


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(FACED_TERMS))
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_solver_value_equals_direct_value_on_a_fixed_assignment(kind, data):
    names, capacity = FACED_TERMS[kind]
    assert_term_faces_agree(*data.draw(term_cases(names, capacity=capacity)))


@pytest.mark.parametrize("kind", list(FACED_TERMS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_solver_value_equals_direct_value_on_every_solve(kind, data):
    assert_solve_terms_agree(*data.draw(weighted_problems(FACED_TERMS[kind][0])))
