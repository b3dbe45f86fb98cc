"""Look-alike ids: an id with an invisible character (zero-width, a bidirectional override)
looks like another id, or shows its characters in another order; it is refused wherever ids
are read (the model, the readers: a located error), so the command and the server agree."""

from __future__ import annotations

import io

import pytest
from pydantic import ValidationError

from matcher.errors import InputError
from matcher.problem import Project, Student, invisible_issue
from matcher.read import read_problem

LOOKALIKES = ["S\u200b1", "S1\u200d", "\u202eS1", "S\u20661", "S\ufeff1", "S\u00ad1", "S\x071"]


@pytest.mark.parametrize("ident", LOOKALIKES)
def test_an_id_with_an_invisible_character_is_refused_by_the_model(ident):
    with pytest.raises(ValidationError, match="invisible character, U\\+"):
        Student(id=ident)
    with pytest.raises(ValidationError, match="invisible character"):
        Project(id=ident, max_size=2)


@pytest.mark.parametrize("ident", ["S1", "Élève-01", "学生1", "S 1", "S\u00a01", "احمد"])
def test_visible_ids_pass(ident):
    assert invisible_issue(ident) is None
    assert Student(id=ident).id == ident


def test_the_issue_names_the_character_and_its_position():
    issue = invisible_issue("AB\u202eC")
    assert issue is not None and "U+202E" in issue and "right-to-left override" in issue
    assert "position 3" in issue


def test_a_file_with_a_lookalike_id_is_a_located_error():
    students = io.BytesIO("id,name,preferences\nS1,Ann,P1\nS1\u200b,Bob,P1\n".encode())
    students.name = "students.csv"
    projects = io.BytesIO(b"id,title,min_size,max_size\nP1,One,1,3\nP\xe2\x80\xae2,Two,1,3\n")
    projects.name = "projects.csv"
    with pytest.raises(InputError) as caught:
        read_problem(students, projects)
    errors = getattr(caught.value, "errors", [caught.value])
    located = {(e.file, e.row, e.column) for e in errors}
    assert ("students.csv", 3, "id") in located and ("projects.csv", 3, "id") in located
    assert all("invisible character" in e.message for e in errors)
