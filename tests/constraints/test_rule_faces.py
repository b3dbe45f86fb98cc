"""The two faces of every rule agree: the CP-SAT model forbids exactly what ``check``
rejects, and solutions of the rule alone pass its check (for each rule of
:data:`matcher.registry.RULES`; hand-made examples are in each rule's own test file)."""

from __future__ import annotations

import pytest
from faces import assert_rule_alone_solution_passes, assert_rule_faces_agree, rule_cases
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.registry import RULES

#: ``min_term`` bounds a term's value: its faces are tested in test_min_term.py.
FACED_RULES = [name for name in RULES if name != "min_term"]


def test_every_registered_rule_is_covered():
    assert set(FACED_RULES) | {"min_term"} == set(RULES)


@pytest.mark.slow
@pytest.mark.parametrize("rule", FACED_RULES)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_model_forbids_exactly_what_check_rejects(rule, data):
    assert_rule_faces_agree(*data.draw(rule_cases(rule)))


@pytest.mark.parametrize("rule", FACED_RULES)
@settings(max_examples=25, deadline=None)
@given(data=st.data(), coefficients=st.lists(st.integers(-5, 5), min_size=21, max_size=21))
def test_solutions_of_the_rule_alone_pass_its_check(rule, data, coefficients):
    problem, instance, _ = data.draw(rule_cases(rule))
    assert_rule_alone_solution_passes(problem, instance, coefficients)
