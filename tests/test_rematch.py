"""Re-matching on the sample: one student drops out, one joins late: a handful of moves."""

from __future__ import annotations

from pathlib import Path

from matcher import Problem, Project, Student, read_problem, solve
from matcher.rematch import dropped_out, joined, moves, read_formation, with_previous

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "samples"


def test_drop_and_join_moves_a_handful() -> None:
    p = read_problem(SAMPLE / "students.csv", SAMPLE / "projects.csv")
    before = solve(p, time_limit=20, workers=2, seed=1)
    assert before.has_solution
    previous = {k: v for k, v in before.assignment.items() if v}
    proposers = {sid for q in p.projects for sid in q.proposers}
    # drop a student from the smallest team, add one who wants a full team first
    sizes: dict[str, int] = {}
    for pid in previous.values():
        sizes[pid] = sizes.get(pid, 0) + 1
    gone = min((sid for sid in previous if sid not in proposers),
               key=lambda sid: (sizes[previous[sid]], sid))
    late = Student(id="S041", name="Late", discipline="informatique",
                   institution="INSA Toulouse", preferences=("P03", "P07", "P01"))
    cohort = tuple(s for s in p.students if s.id != gone) + (late,)
    q = with_previous(p.with_changes(students=cohort), previous)
    assert dropped_out(q) == [gone] and joined(q) == ["S041"]
    after = solve(q, time_limit=20, workers=2, seed=1, hint=previous)
    assert after.has_solution
    moved = moves(q, after.assignment, time_limit=5, workers=2)
    assert len(moved) <= 3  # a handful at most (the default moves weight)
    assert after.terms["moves"] == -len(moved)
    for m in moved:
        assert m.reason and m.before == previous[m.student]
    # without the moves term the same cohort may reshuffle freely: never fewer moves
    free = solve(q, weights={"moves": 0}, time_limit=20, workers=2, seed=1)
    assert -free.terms["moves"] >= len(moved)


def test_moves_faces_and_lock(tmp_path: Path) -> None:
    students = [Student(id=s, preferences=("P2",)) for s in ("A", "B", "C", "D")]
    p = Problem(students=students, projects=[Project(id="P1", max_size=4),
                                             Project(id="P2", max_size=4)],
                weights={"preference": 1})
    previous = {"A": "P1", "B": "P1", "C": "P1", "X": "P1"}  # X dropped out
    teams = tmp_path / "teams.csv"
    teams.write_text("student_id,project_id,locked\nA,P1,yes\nB,P1,no\nC,P1,\nX,P1,no\n",
                     encoding="utf-8")
    f = read_formation(teams)
    assert f.placements == previous and f.locked == ["A"] and f.has_locked_column
    q = with_previous(p, f.placements, {sid: f.placements[sid] for sid in f.locked})
    r = solve(q, workers=1)  # solve checks that both faces of every term agree
    assert r.assignment["A"] == "P1"
    # weight 30 per move outweighs 1 preference point: nobody leaves P1; D goes to P2
    assert r.assignment == {"A": "P1", "B": "P1", "C": "P1", "D": "P2"}
    assert r.terms["moves"] == 0
    r2 = solve(q, weights={"moves": 0}, workers=1)
    assert r2.assignment["A"] == "P1" and r2.assignment["B"] == "P2"
    gone = moves(q, r2.assignment, weights={"moves": 0}, workers=1)
    assert {m.student for m in gone} == {"B", "C"}
    assert Problem.model_validate_json(q.model_dump_json()) == q


def test_a_student_moved_to_fill_a_team_left_short_is_told_so_without_a_solver(
        monkeypatch) -> None:
    import matcher.explain

    students = [Student(id=s, discipline=d) for s, d in
                (("A", "x"), ("B", "y"), ("C", "x"), ("D", "y"), ("E", "z"))]
    p = Problem(students=students, projects=[Project(id="P1", min_size=3, max_size=3),
                                             Project(id="P2", min_size=1, max_size=4)])
    previous = {"A": "P1", "B": "P1", "X": "P1", "C": "P2", "D": "P2", "E": "P2"}
    q = with_previous(p, previous)  # X dropped out: P1 is one short
    r = solve(q, workers=1)
    assert r.terms["moves"] == -1

    def no_solver(*args, **kwargs):
        raise AssertionError("no counterfactual needed")

    monkeypatch.setattr(matcher.explain, "place", no_solver)
    (moved,) = moves(q, r.assignment)
    assert moved.after == "P1"
    assert moved.reason == "fills P1, left below its minimum size (3) when 1 of its members left"
