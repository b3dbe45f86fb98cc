"""Tests of :mod:`matcher.constraints.proposers`: the ``proposers`` rule on hand-made examples.

Both faces are compared on random cases in test_rule_faces.py.
"""

from __future__ import annotations

from faces import (
    rule_messages,
)

from matcher.problem import Problem, Project, Student

RULE = "proposers"


def messages(problem: Problem, assignment: dict) -> list[str]:
    """The rule's violation messages; also checks the model agrees on this assignment."""
    return rule_messages(RULE, problem, assignment)


def _problem() -> Problem:
    return Problem(students=[Student(id=i) for i in "abc"],
                   projects=[Project(id="P", max_size=3, optional=True, proposers=("a",)),
                             Project(id="Q", max_size=3)])


def test_proposer_on_own_open_idea_passes():
    assert messages(_problem(), {"a": "P", "b": "P", "c": "Q"}) == []


def test_proposer_of_a_closed_idea_joins_another_team():
    assert messages(_problem(), {"a": "Q", "b": "Q", "c": "Q"}) == []


def test_proposer_away_from_open_idea_is_reported():
    assert messages(_problem(), {"a": "Q", "b": "P"}) == [
        "proposer a of open project P is on Q instead"]
    assert messages(_problem(), {"b": "P"}) == ["proposer a of open project P is not on it"]


def test_proposer_of_two_open_ideas_breaks_the_rule():
    p = Problem(students=[Student(id=i) for i in "ab"],
                projects=[Project(id="P", max_size=2, optional=True, proposers=("a",)),
                          Project(id="Q", max_size=2, optional=True, proposers=("a",))])
    assert messages(p, {"a": "P", "b": "Q"}) == ["proposer a of open project Q is on P instead"]
