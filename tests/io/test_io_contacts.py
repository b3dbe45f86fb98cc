"""Finding a student's e-mail, first and last name and login (matcher/io/contacts.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.io.contacts import (
    Found,
    Issue,
    find_email,
    find_login,
    find_names,
    is_email,
    split_name,
)
from matcher.problem import Student


def student(sid: str = "S1", name: str = "", **attributes: str) -> Student:
    return Student(id=sid, name=name, attributes=attributes)


@pytest.mark.parametrize(("full", "expected"), [
    ("Zoé Lefèvre", ("Zoé", "Lefèvre")),
    ("Jean Pierre Dupont", ("Jean Pierre", "Dupont")),
    ("Marie de la Tour", ("Marie", "de la Tour")),
    ("Ludwig van Beethoven", ("Ludwig", "van Beethoven")),
    ("DUPONT Jean", ("Jean", "DUPONT")),
    ("Jean DE LA TOUR", ("Jean", "DE LA TOUR")),
    ("LE GALL Anne-Marie", ("Anne-Marie", "LE GALL")),
    ("J. DUPONT", ("J.", "DUPONT")),
    ("JEAN DUPONT", ("JEAN", "DUPONT")),  # all in capitals: the last word rule
    ("Dupont, Jean", ("Jean", "Dupont")),
    ("  Zoé   Lefèvre ", ("Zoé", "Lefèvre")),
])
def test_split_name(full: str, expected: tuple[str, str]) -> None:
    assert split_name(full) == expected


@pytest.mark.parametrize("full", ["", "Zoé", "   ", "Dupont,", ", Jean"])
def test_split_name_refuses_what_it_cannot_tell(full: str) -> None:
    assert split_name(full) is None


_word = st.from_regex(r"[A-Z][a-zéèï]{1,8}", fullmatch=True)


@pytest.mark.slow
@given(st.lists(_word, min_size=2, max_size=5))
def test_split_name_keeps_every_word_in_order(words: list[str]) -> None:
    first, last = split_name(" ".join(words))  # type: ignore[misc]
    assert f"{first} {last}".split() == words
    assert first and last and last.split()[-1] == words[-1]


@pytest.mark.parametrize(("text", "ok"), [
    ("zoe.lefevre@etu.fr", True), ("a+b@x.co.uk", True), ("zoe@etu", False),
    ("zoe lefevre@etu.fr", False), ("a@b@c.fr", False), ("", False), ("S001", False),
    ("zoe@etu.fr;leo@etu.fr", False),
])
def test_is_email(text: str, ok: bool) -> None:
    assert is_email(text) is ok


def test_email_from_a_column_then_from_the_id() -> None:
    assert find_email(student(email="zoe@etu.fr")) == Found("zoe@etu.fr", "email")
    assert find_email(student(courriel="zoe@etu.fr")) == Found("zoe@etu.fr", "courriel")
    assert find_email(student(adresse_e_mail="z@e.fr")) == Found("z@e.fr", "adresse_e_mail")
    assert find_email(student("zoe@etu.fr")) == Found("zoe@etu.fr", "id")
    # a column wins over the id
    assert find_email(student("zoe@etu.fr", email="z2@etu.fr")) == Found("z2@etu.fr", "email")


def test_email_issues_name_the_student_and_the_column() -> None:
    bad = find_email(student("S7", email="zoe at etu"))
    assert isinstance(bad, Issue)
    assert (bad.field, bad.value) == ("email", "zoe at etu") and "S7" in bad.message
    missing = find_email(student("S8"))
    assert isinstance(missing, Issue)
    assert missing.field == "id" and "S8" in missing.message and "email" in missing.hint


def test_names_from_columns_or_split() -> None:
    assert find_names(student(name="Zoé Lefèvre")) == ("Zoé", "Lefèvre")
    assert find_names(student(name="x", first_name="Zoé", last_name="Lefèvre")) == (
        "Zoé", "Lefèvre")
    # a French file with "Nom" (read as the name) and "Prénom"
    assert find_names(student(name="Lefèvre", prenom="Zoé")) == ("Zoé", "Lefèvre")
    assert find_names(student(name="Zoé Lefèvre", prenom="Zoé")) == ("Zoé", "Lefèvre")


@pytest.mark.parametrize("s", [student("S3"), student("S3", name="Zoé"),
                               student("S3", first_name="Zoé")])
def test_names_issues(s: Student) -> None:
    issue = find_names(s)
    assert isinstance(issue, Issue) and issue.field == "name" and "S3" in issue.message
    assert "first_name" in issue.hint


def test_login() -> None:
    s = student("S1", email="zoe@etu.fr", username="zlefevre")
    assert find_login(s, "email") == Found("zoe@etu.fr", "email")
    assert find_login(s, "id") == Found("S1", "id")
    assert find_login(s, "username") == Found("zlefevre", "username")
    assert find_login(student("S1", login="zl"), "username") == Found("zl", "login")
    issue = find_login(student("S2"), "username")
    assert isinstance(issue, Issue) and "S2" in issue.message
    with pytest.raises(ValueError, match="unknown identifier"):
        find_login(s, "phone")
