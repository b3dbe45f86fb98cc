"""Arithmetic prechecks: sufficient reasons for infeasibility, in words, and never a false alarm."""

from __future__ import annotations

import matcher
from matcher import Problem, Project, Rules, Student
from matcher.feasibility import precheck


def _four(rules: Rules) -> Problem:
    return Problem(students=[Student(id=x) for x in "ABCD"],
                   projects=[Project(id="P", min_size=1, max_size=4)], rules=rules)


def test_pair_contradiction_is_named():
    p = _four(Rules(keep_together=[["A", "B"], ["B", "C"]], keep_apart=[["A", "C"]]))
    reasons = precheck(p)
    assert len(reasons) == 1
    assert "A with B, B with C" in reasons[0] and "must be apart" in reasons[0]
    assert matcher.solve(p, workers=1).status is matcher.Status.INFEASIBLE


def test_pair_rules_are_no_contradiction_when_students_may_stay_out():
    # Regression: all three students may stay without a team, which satisfies both rules.
    p = _four(Rules(allow_unassigned=True, keep_together=[["A", "B"], ["B", "C"]],
                    keep_apart=[["A", "C"]]))
    assert precheck(p) == []
    r = matcher.solve(p, workers=1)
    assert r.status is matcher.Status.OPTIMAL
    assert r.assignment == {"A": None, "B": None, "C": None, "D": "P"}


def test_capacity_and_minimums_in_words():
    p = Problem(students=[Student(id=str(i)) for i in range(5)],
                projects=[Project(id="P", min_size=1, max_size=2),
                          Project(id="Q", min_size=1, max_size=2)])
    assert any("hold at most 4 students" in r and "5 in the cohort" in r for r in precheck(p))
    p = Problem(students=[Student(id=str(i)) for i in range(3)],
                projects=[Project(id="P", min_size=2, max_size=3),
                          Project(id="Q", min_size=2, max_size=3)])
    assert any("need at least 4 members" in r for r in precheck(p))


def test_keep_together_group_larger_than_any_team_is_reported():
    p = Problem(students=[Student(id=x) for x in "ABCD"],
                projects=[Project(id="P", min_size=1, max_size=2)],
                rules=Rules(keep_together=[["A", "B", "C"]]))
    assert any("more than the largest team (2)" in r for r in precheck(p))


def test_groups_that_may_stay_out_are_no_conflict_unless_a_member_must_be_placed():
    # Found by tests/test_brute_force.py: with allow_unassigned a group kept together (or a
    # contradictory chain) is satisfied by leaving it out whole, unless a member is fixed or
    # proposes an idea that must open.
    def problem(**rules) -> Problem:
        return Problem(students=[Student(id=x) for x in "ABCD"],
                       projects=[Project(id="P", min_size=1, max_size=2)],
                       rules=Rules(allow_unassigned=True, **rules))

    too_big = {"keep_together": [["A", "B", "C"]]}
    chain = {"keep_together": [["A", "B"], ["B", "C"]], "keep_apart": [["A", "C"]]}
    assert precheck(problem(**too_big)) == []
    assert matcher.check(problem(**too_big), {"D": "P"}) == []
    assert precheck(problem(**chain)) == []
    assert any("more than the largest team (2)" in r
               for r in precheck(problem(**too_big, fixed={"A": "P"})))
    assert any("A with B, B with C" in r for r in precheck(problem(**chain, fixed={"B": "P"})))
