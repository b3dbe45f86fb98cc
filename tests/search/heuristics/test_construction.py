"""The heuristics' first teams (:mod:`matcher.search.heuristics.construction`): valid teams or
none, the same for a seed, and no construction where a pinned student breaks another rule."""

from __future__ import annotations

import random

from hypothesis import given, settings
from tests_search_helpers import ws_problems

from matcher.check import check
from matcher.problem import Problem, Project, Student
from matcher.rules import Rules
from matcher.search.heuristics.construction import construct, heuristic_teams
from matcher.search.heuristics.instance import Instance
from matcher.search.routing import warm_start_reason


@settings(max_examples=60, deadline=None)
@given(ws_problems())
def test_warm_start_returns_valid_teams_or_none(problem):
    teams = heuristic_teams(problem, time_limit=0.05, seed=1)
    if teams is None:
        return
    assert warm_start_reason(problem) is None
    assert check(problem, teams) == []


def test_warm_start_is_deterministic_and_valid_on_a_generated_cohort():
    from tests_search_helpers import problem_from_frames

    from matcher.sample import generate_cohort

    problem = problem_from_frames(*generate_cohort(150, 18, seed=5))
    inst = Instance.from_problem(problem)
    a = construct(inst, random.Random(3))
    assert a == construct(inst, random.Random(3))
    teams = heuristic_teams(problem, time_limit=0.5, seed=3)
    assert teams is not None and check(problem, teams) == []


def test_a_student_pinned_on_an_idea_they_refused_gets_no_warm_start():
    """Kept from hypothesis: ``fixed`` puts S1 on P1, which S1 refused. The construction placed
    the pinned student without looking at the other rules' forbidden pairs, so the annealing
    and LNS went on from teams that break ``refused``."""
    problem = Problem(
        students=[Student(id="S1", name="Student 1", discipline="bio", institution="UT",
                          refused=("P1",))],
        projects=[Project(id="P1", title="Project P1", min_size=1, max_size=1)],
        rules=Rules(fixed={"S1": "P1"}),
        weights={"preference": 0, "discipline": 0, "institution": 0})
    if warm_start_reason(problem) is None:
        assert construct(Instance.from_problem(problem), random.Random(0)) is None
    assert heuristic_teams(problem, time_limit=0.05, seed=0) is None


def test_a_student_fixed_on_an_idea_another_rule_forbids_has_no_construction():
    """``fixed`` puts S3 on P2, ``top_k = 1`` keeps S3 on P1: no valid formation, and the
    construction says so instead of returning teams that break ``top_k`` (found by
    hypothesis in the test above; on main too)."""
    students = [Student(id="S1"), Student(id="S2"), Student(id="S3", preferences=("P1",)),
                Student(id="S4")]
    projects = [Project(id="P1", max_size=1), Project(id="P2", max_size=1),
                Project(id="P3", max_size=2)]
    problem = Problem(students=students, projects=projects,
                      rules=Rules(top_k=1, fixed={"S3": "P2"}),
                      weights={"preference": 0, "discipline": 0, "institution": 0})
    inst = Instance.from_problem(problem)
    assert all(construct(inst, random.Random(seed)) is None for seed in range(4))


def test_more_proposers_than_their_idea_holds_has_no_construction():
    """Two proposers of an idea of at most one member cannot both stay on it: the construction
    says so (``None``) instead of returning a team over its maximum. Found by hypothesis in
    ``test_anneal_and_lns_keep_rules_and_the_incremental_objective``."""
    students = [Student(id=f"S{i}", discipline="bio", institution="UT") for i in (1, 2, 3)]
    projects = [Project(id="P1", min_size=1, max_size=1, proposers=("S1", "S2")),
                Project(id="P2", min_size=1, max_size=2)]
    problem = Problem(students=students, projects=projects,
                      weights={"preference": 0, "discipline": 0, "institution": 0})
    inst = Instance.from_problem(problem)
    for seed in range(4):
        assert construct(inst, random.Random(seed)) is None
    assert heuristic_teams(problem, time_limit=0.05, seed=1) is None
