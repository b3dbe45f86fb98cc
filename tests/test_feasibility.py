"""Tests of :mod:`matcher.feasibility`: the prechecks are sound (they never reject a problem
that has a valid assignment) and say why in words."""

from __future__ import annotations

from matcher.check import check
from matcher.feasibility import precheck
from matcher.problem import Problem, Project, Student
from matcher.rules import Rules


def _problem(**rules) -> Problem:
    return Problem(students=[Student(id=i) for i in "abcd"],
                   projects=[Project(id="P", min_size=1, max_size=2)], rules=Rules(**rules))


def test_keep_together_group_larger_than_any_team_is_reported():
    reasons = precheck(_problem(keep_together=[["a", "b", "c"]]))
    assert any("more than the largest team (2)" in r for r in reasons)
    # a group that must be placed (one member fixed) is too big even if others may stay out
    reasons = precheck(_problem(keep_together=[["a", "b", "c"]], allow_unassigned=True,
                                fixed={"a": "P"}))
    assert any("more than the largest team (2)" in r for r in reasons)


def test_contradictory_pair_rules_are_reported():
    reasons = precheck(_problem(keep_together=[["a", "b"], ["b", "c"]],
                                keep_apart=[["a", "c"]]))
    assert any("a with b, b with c" in r and "must be apart" in r for r in reasons)
    # still contradictory when students may stay out but one of the chain must be placed
    reasons = precheck(_problem(keep_together=[["a", "b"], ["b", "c"]],
                                keep_apart=[["a", "c"]], allow_unassigned=True,
                                fixed={"b": "P"}))
    assert any("a with b, b with c" in r for r in reasons)


def test_pair_rules_allow_a_group_left_unassigned_together():
    # Found by tests/test_brute_force.py: when students may stay without a team, a group kept
    # together (and a contradictory chain) is satisfied by leaving its members all unassigned.
    too_big = _problem(keep_together=[["a", "b", "c"]], allow_unassigned=True)
    assert check(too_big, {"d": "P"}) == []
    assert precheck(too_big) == []
    chain = _problem(keep_together=[["a", "b"], ["b", "c"]], keep_apart=[["a", "c"]],
                     allow_unassigned=True)
    assert check(chain, {"d": "P"}) == []
    assert precheck(chain) == []
