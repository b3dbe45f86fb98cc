"""The heuristics keep ``no_isolated``: a step that leaves a lone holder of a listed value is
refused, the construction repairs its teams, the annealing and the LNS keep the rule and the
incremental objective."""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import problems

from matcher import read_problem
from matcher.check import check, objective
from matcher.problem import Problem, Project, Student
from matcher.rules import Rules
from matcher.sample import generate_cohort
from matcher.search.heuristics.annealing import anneal
from matcher.search.heuristics.construction import construct, to_assignment
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.lns import lns
from matcher.search.heuristics.state import State
from matcher.search.routing import heuristic_rules


def _no_lone(problem: Problem, team: list[int], attribute: str, values: set[str]) -> bool:
    counts: Counter[tuple[int, str]] = Counter()
    for s, p in zip(problem.students, team, strict=True):
        v = s.value(attribute)
        if v is not None and str(v) in values:
            counts[p, str(v)] += 1
    return all(c != 1 for c in counts.values())


def test_a_move_that_leaves_a_lone_holder_is_refused():
    students = [Student(id=f"S{i}", discipline="bio", attributes={"gender": g})
                for i, g in enumerate("FFMMFF")]
    projects = [Project(id="A", min_size=1, max_size=4), Project(id="B", min_size=1, max_size=4)]
    problem = Problem(students=students, projects=projects,
                      rules=Rules(no_isolated={"gender": ["F"]}))
    kept = heuristic_rules(problem)
    assert kept is not None and len(kept.pairs) == 1
    state = State(Instance.from_problem(problem), [0, 0, 0, 1, 1, 1])  # A: F F M, B: M F F
    assert not state.fits(0, 1)  # S0 leaves S1 alone on A
    assert state.fits(3, 0)  # a M moves freely
    assert not state.fits(2, 1, out=4)  # S4 (F) would leave S5 alone on B
    assert state.fits(0, 1, out=4)  # F for F


def test_the_construction_repairs_a_sampled_cohort(tmp_path):
    students, projects = generate_cohort(120, 15, seed=3)
    students.to_csv(tmp_path / "s.csv", index=False)
    projects.to_csv(tmp_path / "p.csv", index=False)
    problem = read_problem(tmp_path / "s.csv", tmp_path / "p.csv",
                           {"rules": {"no_isolated": {"gender": ["F", "X"]}}})
    inst = Instance.from_problem(problem)
    team = construct(inst, random.Random(0))
    assert team is not None
    assert _no_lone(problem, team, "gender", {"F", "X"})
    assert to_assignment(problem, team, check_rules=True) is not None


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(problems(max_students=8, max_projects=3, with_rules=False), st.integers(0, 3))
def test_annealing_and_lns_keep_the_rule_and_the_objective(problem, seed):
    genders = {str(s.value("gender")) for s in problem.students if s.value("gender")}
    assume(genders)
    problem = problem.with_changes(rules=Rules(no_isolated={"gender": sorted(genders)[:1]}))
    inst = Instance.from_problem(problem)
    team = construct(inst, random.Random(seed))
    if team is None:
        return
    assignment = to_assignment(problem, team, check_rules=True)
    assert assignment is not None
    state = anneal(State(inst, team), time.perf_counter() + 0.1, random.Random(seed))
    lns(inst, state, deadline=time.perf_counter() + 0.2, seed=seed)
    final = to_assignment(problem, state.team)
    assert check(problem, final) == []
    assert state.value == objective(problem, final)

