"""Tests of :mod:`matcher.constraints.avoid`: the ``avoid`` column's rule on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import rule_messages

from matcher.constraints.avoid import Avoid
from matcher.problem import Problem, Project, Student
from matcher.solve import solve

RULE = "avoid"


def _problem(**avoid: tuple[str, ...]) -> Problem:
    return Problem(students=[Student(id=i, avoid=avoid.get(i, ())) for i in "abcd"],
                   projects=[Project(id="P", max_size=4), Project(id="Q", max_size=4)])


def test_one_instance_per_pair_whoever_asked():
    rules = Avoid.from_problem(_problem(a=("b", "c"), b=("a",)))
    assert sorted((r.group, r.asked_by) for r in rules) == [
        (["a", "b"], ("a", "b")), (["a", "c"], ("a",))]
    assert Avoid.from_problem(_problem()) == []


def test_apart_passes_and_together_names_who_asked():
    p = _problem(c=("a",))
    assert rule_messages(RULE, p, {"a": "P", "b": "P", "c": "Q", "d": "Q"}) == []
    assert rule_messages(RULE, p, {"a": "P", "c": None}) == []
    assert rule_messages(RULE, p, {"a": "Q", "b": "P", "c": "Q", "d": "P"}) == [
        "a and c are together on Q, but c listed a in their avoid column"]


def test_avoidance_is_symmetric_and_mutual_wording():
    p = _problem(a=("b",), b=("a",))
    assert rule_messages(RULE, p, {"a": "P", "b": "P"}) == [
        "a and b are together on P, but a and b each listed the other in their avoid column"]
    # b never asked, yet a's wish keeps b away from a
    assert rule_messages(RULE, _problem(a=("b",)), {"a": "P", "b": "P"}) != []


def test_solve_keeps_them_apart_even_against_preferences():
    students = [Student(id="a", preferences=("P",), avoid=("b",)),
                Student(id="b", preferences=("P",)),
                Student(id="c", preferences=("Q",)), Student(id="d", preferences=("Q",))]
    p = Problem(students=students, projects=[Project(id="P", max_size=2),
                                             Project(id="Q", max_size=2)])
    r = solve(p, workers=1)
    assert r.status.value == "OPTIMAL"
    assert r.assignment["a"] != r.assignment["b"]


def test_describe_says_which_column_asked():
    (rule,) = Avoid.from_problem(_problem(d=("a",)))
    assert rule.describe() == "a and d on different teams (d listed a in their avoid column)"


def test_holds_names_who_is_kept_out():
    p = _problem(c=("a",))
    (rule,) = Avoid.from_problem(p)
    assert rule.holds(p, {"a": "P", "c": "Q"}, "Q") == [
        "c keeps a out (c listed a in their avoid column)"]
    assert rule.holds(p, {"a": "P", "c": "Q"}, "P") == [
        "a keeps c out (c listed a in their avoid column)"]
    assert rule.holds(p, {"a": "P", "c": None}, "Q") == []
