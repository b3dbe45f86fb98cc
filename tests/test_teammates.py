"""Tests of :mod:`matcher.teammates`: wished and avoided pairs, their validation in a
:class:`~matcher.problem.Problem` built in code or from JSON, and the wish figures."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from matcher.problem import Problem, Project, Student
from matcher.teammates import avoid_pairs, granted, wish_pairs, wish_weights


def _problem(**links: dict) -> Problem:
    return Problem(students=[Student(id=i, **links.get(i, {})) for i in "abc"],
                   projects=[Project(id="P", max_size=3)])


def test_pairs():
    p = _problem(a={"wishes": ("b", "c"), "avoid": ()}, b={"wishes": ("a",)},
                 c={"avoid": ("a",)})
    assert wish_pairs(p) == [("a", "b"), ("a", "c"), ("b", "a")]
    assert wish_weights(p) == {("a", "b"): 2, ("a", "c"): 1}
    assert avoid_pairs(p) == {("a", "c"): ("c",)}
    assert granted(p, {"a": "P", "b": "P", "c": None}) == [("a", "b"), ("b", "a")]


@pytest.mark.parametrize(("links", "message"), [
    ({"a": {"wishes": ("z",)}}, "student a names unknown student 'z' in wishes"),
    ({"a": {"avoid": ("a",)}}, "student a names themself in avoid"),
    ({"a": {"wishes": ("b", "b")}}, "student a names b twice in wishes"),
    ({"a": {"wishes": ("b",), "avoid": ("b",)}},
     "student a both wishes to be with b and avoids them"),
])
def test_invalid_links_are_refused(links: dict, message: str):
    with pytest.raises(ValidationError, match=message):
        _problem(**links)


def test_links_round_trip_through_json():
    p = _problem(a={"wishes": ("b",)}, c={"avoid": ("b",)})
    q = Problem.model_validate_json(p.model_dump_json())
    assert q == p
    assert q.students[0].wishes == ("b",)


def test_notes_for_explain():
    from matcher.explain import explain
    from matcher.teammates import teammate_notes

    p = _problem(a={"wishes": ("b", "c"), "avoid": ()}, b={"wishes": ("a",)},
                 c={"avoid": ("a",)})
    p = p.with_changes(projects=(Project(id="P", max_size=3), Project(id="Q", max_size=3)))
    a = {"a": "P", "b": "P", "c": "Q"}
    assert teammate_notes(p, a, "a") == ["wishes granted: b", "wishes not granted: c (on Q)",
                                         "wished for by: b"]
    assert teammate_notes(p, a, "c") == ["wished for by: a (on P)",
                                         "kept apart, as asked, from: a (on P)"]
    assert "wishes granted: b" in explain(p, a, "a", time_limit=5, workers=1).text()
