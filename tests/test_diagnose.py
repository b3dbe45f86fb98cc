"""diagnose: the issue's 15-student example, a keep-together/apart contradiction, minimality."""

from __future__ import annotations

import pytest

from matcher import Problem, Project, Rules, Student, solve
from matcher.diagnose import _Guarded, atoms_of, diagnose, reachable_totals, shrink, totals_reason


def _cohort(n: int) -> list[Student]:
    return [Student(id=f"S{i:02d}", discipline=f"d{i % 3}") for i in range(1, n + 1)]


def _fifteen() -> Problem:
    projects = ([Project(id=f"P{j}", min_size=4, max_size=4) for j in (1, 2, 3)]
                + [Project(id=f"P{j}", min_size=5, max_size=5, optional=True) for j in (4, 5)])
    return Problem(students=_cohort(15), projects=projects)


def test_reachable_totals_subset_sum() -> None:
    assert reachable_totals(_fifteen()) == [12, 17, 22]


@pytest.mark.slow
def test_issue_example_in_words() -> None:
    p = _fifteen()
    assert solve(p, time_limit=10, workers=2).status.value == "INFEASIBLE"
    assert totals_reason(p) == (
        "P1, P2 and P3 must open with exactly 4 members and the optional ideas P4 and P5 take "
        "exactly 5 if opened, so teams can total 12, 17 or 22 students, never the 15 in the "
        "cohort")
    d = diagnose(p, time_limit=30, workers=2)
    assert d.feasible is False and d.minimal
    assert d.reasons[0] == totals_reason(p)
    assert any("every student must be on a team" in c for c in d.conflict)
    verified = [s.text for s in d.suggestions if s.verified]
    assert verified  # at least one relaxation restores a formation, checked by solving
    for text in verified:
        assert any(w in text for w in ("max_size", "min_size", "allow_unassigned", "optional"))


def test_keep_together_apart_contradiction() -> None:
    rules = Rules(keep_together=[["S01", "S02"], ["S02", "S03"]], keep_apart=[["S01", "S03"]],
                  max_per_value={"discipline": 3})
    p = Problem(students=_cohort(12), projects=[Project(id=f"P{j}", min_size=3, max_size=4)
                                               for j in range(1, 4)], rules=rules)
    d = diagnose(p, time_limit=30, workers=2)
    assert d.feasible is False and d.minimal
    assert set(d.conflict) == {"every student must be on a team",
                               "S01 and S02 must be on the same team",
                               "S02 and S03 must be on the same team",
                               "S01 and S03 must be on different teams"}
    # each keep rule is necessary: dropping it makes the problem solvable (public solve)
    for i in range(2):
        kept = [g for j, g in enumerate(rules.keep_together) if j != i]
        q = p.with_changes(rules=rules.model_copy(update={"keep_together": kept}))
        assert solve(q, time_limit=10, workers=2).has_solution
    q = p.with_changes(rules=rules.model_copy(update={"keep_apart": []}))
    assert solve(q, time_limit=10, workers=2).has_solution
    assert {s.text for s in d.suggestions if s.verified} >= {
        "drop the rule keeping S01 and S03 apart"}


@pytest.mark.parametrize("make", [_fifteen, lambda: Problem(
    students=_cohort(9), projects=[Project(id="P1", max_size=5), Project(id="P2", max_size=5)],
    rules=Rules(fixed={"S01": "P1", "S02": "P1"}, keep_apart=[["S01", "S02"]],
                max_per_value={"discipline": 2}))])
def test_minimal_set_is_really_minimal(make) -> None:
    p = make()
    atoms = atoms_of(p)
    g = _Guarded(p, atoms)
    ok, core = g.solve(atoms, 20)
    assert ok is False
    core, minimal = shrink(g, core or atoms, lambda: 20.0)
    assert minimal
    assert g.solve(core, 20)[0] is False
    for atom in core:  # every element is necessary
        assert g.solve([a for a in core if a is not atom], 20)[0] is True


def test_feasible_problem() -> None:
    p = Problem(students=_cohort(6), projects=[Project(id="P1", max_size=6)])
    d = diagnose(p, time_limit=10)
    assert d.feasible is True and d.conflict == []
