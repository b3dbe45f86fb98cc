"""What reading a problem from files adds (:mod:`matcher.io.inputs`)."""

from __future__ import annotations

import pytest

from matcher.errors import InputError, InputErrors
from matcher.io.inputs import name_config, refuse_empty
from matcher.problem import Problem, Project, Student


def test_name_config_names_the_config_file_of_rules_and_weights_errors() -> None:
    errors = InputErrors([InputError("bad", column="rules.top_k", value=0),
                          InputError("bad", column="weights.x"),
                          InputError("elsewhere", file="students.csv", column="id")])
    named = name_config(errors, "rules.toml").errors
    assert [e.file for e in named] == ["rules.toml", "rules.toml", "students.csv"]
    assert named[0].value == 0
    assert name_config(InputError("bad", column="rules.x"), None).errors[0].file == \
        "(default config)"


def test_refuse_empty_names_the_file_without_data_rows() -> None:
    projects = [Project(id="P1", max_size=2)]
    refuse_empty(Problem(students=[Student(id="S1")], projects=projects), "s.csv", "p.csv")
    with pytest.raises(InputError) as caught:
        refuse_empty(Problem(students=[], projects=projects), "s.csv", "p.csv")
    assert caught.value.file == "s.csv" and "no student" in caught.value.message
