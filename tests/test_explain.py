"""explain on the sample: ranks, counterfactual costs that agree with solving, team figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher import Problem, Project, Rules, Student, objective, read_problem, solve
from matcher.explain import explain, low_placements, team_figures

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.fixture(scope="module")
def solved() -> tuple[Problem, dict[str, str | None]]:
    p = read_problem(SAMPLE / "students.csv", SAMPLE / "projects.csv")
    # explanations price moves on the weighted sum (choices first is not yet in their model)
    r = solve(p, time_limit=20, workers=2, seed=1, choices_first=False)
    assert r.status.value == "OPTIMAL"
    return p, r.assignment


def test_explain_sample_student_below_first_choice(solved) -> None:
    p, a = solved
    sid = next(s.id for s in p.students if a[s.id] and (s.rank_of(a[s.id]) or 0) >= 2)
    e = explain(p, a, sid, time_limit=10, workers=2)
    s = p.students[p.student_index[sid]]
    assert e.project == a[sid] and e.rank == s.rank_of(a[sid])
    assert [x.project for x in e.alternatives] == list(s.preferences[: e.rank - 1])
    base = objective(p, a)
    for alt in e.alternatives:
        assert alt.reasons
        if alt.feasible:
            # the assignment is optimal: forcing the student anywhere cannot gain
            assert alt.cost is not None and alt.cost >= 0
            assert alt.proven
            forced = p.with_changes(rules=Rules(fixed={sid: alt.project}))
            best = solve(forced, time_limit=20, workers=2, choices_first=False)
            assert base - best.objective == alt.cost
    assert e.team is not None and sid in e.team.members
    assert sid in e.text() and "choice" in e.text()


def test_explain_first_choice_and_unranked(solved) -> None:
    p, a = solved
    first = next(s.id for s in p.students if a[s.id] and s.rank_of(a[s.id]) == 1)
    e = explain(p, a, first, workers=2)
    assert e.rank == 1 and e.alternatives == []
    none = next(s.id for s in p.students if not s.preferences)
    e = explain(p, a, none, workers=2)
    assert e.rank is None and "ranked no project" in e.text()
    assert none in low_placements(p, a)


def test_closed_project_and_words() -> None:
    """P2 is optional, needs 2 members and only A ranks it: it stays closed, and the
    counterfactual (A forced there, so someone must follow) is priced and put in words."""
    students = [Student(id="A", discipline="design", preferences=("P2", "P1")),
                Student(id="B", discipline="law", preferences=("P1",)),
                Student(id="C", discipline="law", preferences=("P1",))]
    projects = [Project(id="P1", min_size=1, max_size=3),
                Project(id="P2", min_size=2, max_size=3, optional=True)]
    p = Problem(students=students, projects=projects)
    a = {"A": "P1", "B": "P1", "C": "P1"}
    e = explain(p, a, "A", workers=1)
    (alt,) = e.alternatives
    assert not alt.open and alt.feasible and alt.proven
    forced = solve(p.with_changes(rules=Rules(fixed={"A": "P2"})), workers=1)
    assert alt.cost == objective(p, a) - forced.objective
    text = " ".join(alt.reasons)
    assert "P2 stayed closed" in text and "only 1 student ranked it" in text
    assert "P1 would lose its only design student" in text and "P2 would open" in text


def test_team_figures_binding() -> None:
    students = [Student(id=f"S{i}", discipline="d" if i < 2 else f"x{i}") for i in range(3)]
    p = Problem(students=students, projects=[Project(id="P", min_size=3, max_size=3)],
                rules=Rules(max_per_value={"discipline": 2}))
    f = team_figures(p, {s.id: "P" for s in students}, "P")
    assert f.size == 3 and f.disciplines == {"d": 2, "x2": 1} and f.best_disciplines == 2
    joined = " | ".join(f.binding)
    assert "full" in joined and "minimum size" in joined and "cap of 2" in joined


def test_unknown_student(solved) -> None:
    p, a = solved
    with pytest.raises(KeyError):
        explain(p, a, "nobody")
