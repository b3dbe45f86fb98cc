"""The ``[pairwise]`` dissimilarity: from attributes, from a matrix, validated, configurable."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from matcher import Problem, Project, Student
from matcher.config import config_from_dict
from matcher.dissimilarity import Dissimilarity, dissimilarity_matrix
from matcher.errors import InputError


def cohort(**pairwise: object) -> Problem:
    students = [Student(id="a", discipline="bio", attributes={"year": 1, "g": "F"}),
                Student(id="b", discipline="info", attributes={"year": 3, "g": "M"}),
                Student(id="c", discipline="", attributes={"year": 2})]
    return Problem(students=students, projects=[Project(id="P", max_size=3)],
                   pairwise=Dissimilarity(**pairwise))


def test_default_is_discipline_and_institution() -> None:
    assert dissimilarity_matrix(cohort()).tolist() == [[0, 100, 0], [100, 0, 0], [0, 0, 0]]


def test_numeric_is_scaled_by_the_cohort_range_and_weighted() -> None:
    d = dissimilarity_matrix(cohort(attributes={"year": 2, "g": 1}, scale=10))
    assert d.tolist() == [[0, 20 + 10, 10], [30, 0, 10], [10, 10, 0]]


def test_matrix_adds_to_attributes_and_follows_ids() -> None:
    d = dissimilarity_matrix(cohort(attributes={"g": 1}, matrix=[[0, 7], [7, 0]],
                                    ids=["c", "a"]))
    assert d.tolist() == [[0, 100, 7], [100, 0, 0], [7, 0, 0]]


@pytest.mark.parametrize(("settings", "message"), [
    ({"attributes": {"shoe": 1}}, "unknown attribute 'shoe'"),
    ({"attributes": {"year": -1}}, "must not be negative"),
    ({"matrix": [[0, 1], [1, 0]]}, "must be 3 x 3"),
    ({"matrix": [[0, 1, 2], [1, 0, 3], [2, 4, 0]]}, "not symmetric"),
    ({"matrix": [[0, 1], [1, 0]], "ids": ["a", "zz"]}, "unknown student 'zz'"),
    ({"ids": ["a"]}, "ids given without a matrix"),
])
def test_bad_settings_are_named(settings: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        cohort(**settings)


def test_config_section() -> None:
    cfg = config_from_dict({"pairwise": {"attributes": {"year": 1}, "scale": 4},
                            "weights": {"pairwise": 3}})
    assert cfg.pairwise == Dissimilarity(attributes={"year": 1}, scale=4)
    assert cfg.weights["pairwise"] == 3
    with pytest.raises(InputError, match="unknown key 'wat' in \\[pairwise\\]"):
        config_from_dict({"pairwise": {"wat": 1}})
