"""Arithmetic prechecks: sufficient reasons for infeasibility, in words, and never a false alarm."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# The pair graph is plain Python (no networkx import on the search's clock): it must agree
# with networkx, the graph library it replaced, on who is joined and how far apart.

_ids = st.sampled_from([f"S{i}" for i in range(9)])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_ids, min_size=1, max_size=4), max_size=6), _ids, _ids)
def test_pair_graph_agrees_with_networkx(groups, a, b):
    import networkx as nx

    from matcher.constraints.pair_graph import PairGraph

    g = nx.Graph()
    for group in groups:
        g.add_nodes_from(group)
        nx.add_path(g, group)
    ours = PairGraph(groups)
    joined = a in g and b in g and nx.has_path(g, a, b)
    assert ours.joined(a, b) == joined
    assert ours.components() == [set(c) for c in nx.connected_components(g)]
    if joined:
        assert ours.component(a) == nx.node_connected_component(g, a)
        chain = ours.chain(a, b)
        assert chain[0] == a and chain[-1] == b
        assert len(chain) == nx.shortest_path_length(g, a, b) + 1
        assert all(g.has_edge(u, v) for u, v in zip(chain, chain[1:], strict=False))


@pytest.mark.slow
def test_precheck_does_not_import_networkx():
    import subprocess
    import sys

    code = ("import sys; from matcher import Problem, Project, Rules, Student; "
            "from matcher.feasibility import precheck; "
            "p = Problem(students=[Student(id=x) for x in 'ABCD'], "
            "projects=[Project(id='P', min_size=1, max_size=4)], "
            "rules=Rules(keep_together=[['A', 'B'], ['B', 'C']], keep_apart=[['A', 'C']])); "
            "assert precheck(p); print('networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
