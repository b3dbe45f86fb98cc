"""Tests of :mod:`matcher.problem`: JSON round trip, bad input named by record and field, and
the arithmetic that rules out any solution reported before solving."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from pydantic import ValidationError
from strategies import problems

from matcher.problem import Problem, ProblemValidationError, Project, Student
from matcher.result import Status
from matcher.rules import Rules
from matcher.solve import solve


@settings(max_examples=60, deadline=None)
@given(problems())
def test_json_round_trip(problem):
    again = Problem.model_validate_json(problem.model_dump_json())
    assert again == problem
    assert again.model_dump() == problem.model_dump()


@settings(max_examples=20, deadline=None)
@given(problems())
def test_cached_lookups_do_not_break_equality(problem):
    fresh = Problem.model_validate_json(problem.model_dump_json())
    # fill the caches of one copy only
    assert problem.student_index == {s.id: i for i, s in enumerate(problem.students)}
    assert problem.project_index == {p.id: j for j, p in enumerate(problem.projects)}
    problem.groups("discipline")
    problem.max_preferences  # noqa: B018 - fills the cache
    assert fresh == problem and problem == fresh
    assert Problem.model_validate_json(problem.model_dump_json()) == fresh


def test_round_trip_keeps_rules_attributes_and_number_types():
    p = Problem(
        students=[Student(id="a", discipline="bio", preferences=("P",),
                          attributes={"gender": "F", "year": 3, "gpa": 3.5, "code": "007"}),
                  Student(id="b", refused=("P",), attributes={"year": 4})],
        projects=[Project(id="P", max_size=2, proposers=("a",), optional=True,
                          attributes={"lab": "L1", "budget": 1200}),
                  Project(id="Q", max_size=2)],
        rules=Rules(allow_unassigned=True, max_per_value={"gender": 1},
                    min_distinct={"discipline": 1}, no_isolated={"gender": ["F"]},
                    keep_together=[["a", "b"]], keep_apart=[], top_k=1, fixed={"b": "Q"}),
        weights={"preference": 2, "blau.gender": 3, "balance.year": 1, "unassigned": 50})
    again = Problem.model_validate_json(p.model_dump_json())
    assert again == p
    attrs = again.students[0].attributes
    assert attrs == {"gender": "F", "year": 3, "gpa": 3.5, "code": "007"}
    assert [type(attrs[k]) for k in ("year", "gpa", "code")] == [int, float, str]


def _issues(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    (err,) = excinfo.value.errors()
    inner = err["ctx"]["error"]
    assert isinstance(inner, ProblemValidationError)
    return [str(i) for i in inner.issues]


def _students(*ids: str, **kw) -> list[Student]:
    return [Student(id=i, **kw) for i in ids]


BAD = {
    "duplicate student id": (
        dict(students=_students("a", "b", "a"), projects=[Project(id="P", max_size=3)]),
        "students[2].id: duplicate student id 'a'"),
    "duplicate project id": (
        dict(students=_students("a"),
             projects=[Project(id="P", max_size=3), Project(id="P", max_size=2)]),
        "projects[1].id: duplicate project id 'P'"),
    "preference naming an unknown project": (
        dict(students=[Student(id="a", preferences=("P", "Z"))],
             projects=[Project(id="P", max_size=3)]),
        "students[0].preferences: student a ranks unknown project 'Z'"),
    "proposer not a student": (
        dict(students=_students("a"), projects=[Project(id="P", max_size=3, proposers=("z",))]),
        "projects[0].proposer: proposer 'z' of project P is not a student"),
    "one student proposing two mandatory projects": (
        dict(students=_students("a", "b"),
             projects=[Project(id="P", max_size=3, proposers=("a",)),
                       Project(id="Q", max_size=3, proposers=("a",))]),
        "projects[1].proposer: student a proposes P and Q, which must all open"),
    "min_size above max_size": (
        dict(students=_students("a"), projects=[Project(id="P", min_size=3, max_size=2)]),
        "projects[0].max_size: project P: min_size 3 is larger than max_size 2"),
    "negative min_size": (
        dict(students=_students("a"), projects=[Project(id="P", min_size=-1, max_size=2)]),
        "projects[0].min_size: project P: min_size cannot be negative"),
    "negative max_size": (
        dict(students=_students("a"), projects=[Project(id="P", min_size=1, max_size=-2)]),
        "projects[0].max_size: project P: max_size cannot be negative"),
    "a student ranking one project twice": (
        dict(students=[Student(id="a", preferences=("P", "Q", "P"))],
             projects=[Project(id="P", max_size=3), Project(id="Q", max_size=3)]),
        "students[0].preferences: student a ranks project P twice (ranks 1 and 3)"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_names_record_and_field(case):
    data, expected = BAD[case]
    with pytest.raises(ValidationError) as excinfo:
        Problem(**data)
    assert any(issue.startswith(expected) for issue in _issues(excinfo)), _issues(excinfo)
    assert expected.split(":")[0] in str(excinfo.value)


def test_every_issue_is_reported_at_once():
    with pytest.raises(ValidationError) as excinfo:
        Problem(students=[Student(id="a", preferences=("Z",)), Student(id="a")],
                projects=[Project(id="P", min_size=3, max_size=2)])
    fields = [i.split(":")[0] for i in _issues(excinfo)]
    assert fields == ["students[1].id", "projects[0].max_size", "students[0].preferences"]


def test_optional_ideas_may_share_a_proposer():
    Problem(students=_students("a", "b"),
            projects=[Project(id="P", max_size=3, proposers=("a",), optional=True),
                      Project(id="Q", max_size=3, proposers=("a",))])


def _infeasible(problem: Problem) -> list[str]:
    result = solve(problem, workers=1)
    assert result.status is Status.INFEASIBLE
    assert result.assignment == {} and result.objective is None
    return result.reasons


def test_capacity_below_the_cohort_is_reported_in_words():
    p = Problem(students=_students(*"abcde"),
                projects=[Project(id="P", max_size=2), Project(id="Q", max_size=2)])
    assert _infeasible(p) == [
        "the 2 ideas hold at most 4 students (sum of max_size), fewer than the 5 in the cohort"]


def test_mandatory_minimums_above_the_cohort_are_reported_in_words():
    p = Problem(students=_students(*"abc"),
                projects=[Project(id="P", min_size=2, max_size=3),
                          Project(id="Q", min_size=2, max_size=3),
                          Project(id="R", min_size=3, max_size=3, optional=True)])
    assert _infeasible(p) == [
        "the 2 ideas that must open (P, Q) need at least 4 members (sum of min_size), more "
        "than the 3 students in the cohort"]


def test_keep_together_apart_contradiction_is_reported_in_words():
    p = Problem(students=_students(*"ABCD"),
                projects=[Project(id="P", max_size=4)],
                rules=Rules(keep_together=[["A", "B"], ["B", "C"]], keep_apart=[["A", "C"]]))
    assert _infeasible(p) == [
        "contradictory pair rules: A with B, B with C keeps A and C together, but A and C "
        "must be apart"]
