"""Tests of :mod:`matcher.constraints.new_teammates`: rotations on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

import pytest
from faces import rule_messages
from pydantic import ValidationError

from matcher.constraints.new_teammates import NewTeammatesRule
from matcher.problem import Problem, Project, Student
from matcher.rules import Rules
from matcher.solve import solve

RULE = "new_teammates"


def _problem(former: str, max_shared: int = 1, **more: str) -> Problem:
    """Students a, b, c... with former teams given by the letters of ``former`` (``.``: a
    newcomer); ``more`` adds a second round's column ``round1`` the same way."""
    students = []
    for i, team in enumerate(former):
        attrs: dict = {} if team == "." else {"previous_team": team}
        if more.get("round1") and more["round1"][i] != ".":
            attrs["round1"] = more["round1"][i]
        students.append(Student(id="abcdef"[i], preferences=("P", "Q"), attributes=attrs))
    columns = ["previous_team", "round1"] if more else "previous_team"
    return Problem(students=students,
                   projects=[Project(id="P", max_size=3), Project(id="Q", max_size=3)],
                   rules=Rules(new_teammates=NewTeammatesRule(column=columns,
                                                              max_shared=max_shared)))


def test_former_teammates_apart_pass():
    assert rule_messages(RULE, _problem("AABB"), {"a": "P", "b": "Q", "c": "P", "d": "Q"}) == []


def test_former_teammates_together_are_reported():
    assert rule_messages(RULE, _problem("AABB"), {"a": "P", "b": "P", "c": "Q", "d": "Q"}) == [
        "a, b were teammates in former team 'A' (previous_team) and are together again on P; "
        "at most 1 may be",
        "c, d were teammates in former team 'B' (previous_team) and are together again on Q; "
        "at most 1 may be"]


def test_newcomers_are_free():
    assert rule_messages(RULE, _problem("A..A"), {"a": "P", "b": "P", "c": "P", "d": "Q"}) == []


def test_max_shared_two_allows_pairs_not_triples():
    p = _problem("AAAB", max_shared=2)
    assert rule_messages(RULE, p, {"a": "P", "b": "P", "c": "Q", "d": "Q"}) == []
    assert len(rule_messages(RULE, p, {"a": "P", "b": "P", "c": "P", "d": "Q"})) == 1


def test_several_rounds_each_keep_apart():
    p = _problem("AABB", round1="XYXY")
    assert rule_messages(RULE, p, {"a": "P", "b": "Q", "c": "P", "d": "Q"}) == [
        "a, c were teammates in former team 'X' (round1) and are together again on P; "
        "at most 1 may be",
        "b, d were teammates in former team 'Y' (round1) and are together again on Q; "
        "at most 1 may be"]
    assert rule_messages(RULE, p, {"a": "P", "b": "Q", "c": "Q", "d": "P"}) == []


def test_solve_mixes_former_teams_against_preferences():
    # everyone prefers P, but P holds at most one member of each former team
    r = solve(_problem("AABB"), workers=1)
    assert r.status.value == "OPTIMAL"
    assert {r.assignment["a"], r.assignment["b"]} == {"P", "Q"}
    assert {r.assignment["c"], r.assignment["d"]} == {"P", "Q"}


def test_too_big_a_former_team_is_infeasible_with_reasons():
    p = Problem(students=[Student(id=i, attributes={"previous_team": "A"}) for i in "abc"],
                projects=[Project(id="P", max_size=3), Project(id="Q", max_size=3)],
                rules=Rules(new_teammates=NewTeammatesRule()))
    r = solve(p, workers=1)
    assert r.status.value == "INFEASIBLE"


def test_unknown_column_is_an_error_listing_the_known_ones():
    with pytest.raises(ValidationError, match=r"unknown column 'team'.*known: .*previous_team"):
        Problem(students=[Student(id="a", attributes={"previous_team": "A"})],
                projects=[Project(id="P", max_size=3)],
                rules=Rules(new_teammates={"column": "team"}))


def test_max_shared_below_one_is_refused():
    with pytest.raises(ValidationError):
        NewTeammatesRule(max_shared=0)


def test_describe():
    from matcher.constraints.new_teammates import NewTeammates

    assert NewTeammates("previous_team").describe() == (
        "no two former teammates (previous_team) in one new team")
    assert NewTeammates("round1", 2).describe() == (
        "at most 2 members of a former team (round1) in one new team")


def test_holds_and_explain():
    from matcher.explain import team_figures

    p = _problem("AAB.")
    a = {"a": "P", "b": "Q", "c": "P", "d": "Q"}
    binding = team_figures(p, a, "P").binding
    assert "a (former team 'A', previous_team) keep out its other members (1)" in binding
    # c is the whole of former team B: nobody left to keep out
    assert not any("'B'" in line for line in binding)
