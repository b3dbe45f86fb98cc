"""The annealing (:mod:`matcher.search.heuristics.annealing`) and the LNS after it keep every
rule and the incremental objective."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st
from tests_search_helpers import ws_problems

from matcher.check import check, objective
from matcher.search.heuristics.annealing import anneal
from matcher.search.heuristics.construction import construct, to_assignment
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.lns import lns
from matcher.search.heuristics.state import State
from matcher.search.routing import warm_start_reason


@settings(max_examples=40, deadline=None)
@given(ws_problems(), st.integers(0, 3))
def test_anneal_and_lns_keep_rules_and_the_incremental_objective(problem, seed):
    if warm_start_reason(problem) is not None:
        return
    inst = Instance.from_problem(problem)
    team = construct(inst, random.Random(seed))
    if team is None:
        return
    state = anneal(State(inst, team), time.perf_counter() + 0.02, random.Random(seed))
    lns(inst, state, deadline=time.perf_counter() + 5, seed=seed, max_stall=5)
    teams = to_assignment(problem, state.team)
    assert check(problem, teams) == []
    assert objective(problem, teams) == state.value == state.objective()
