"""Identity: ids and e-mails compared case-folded, trimmed and NFC everywhere; the e-mail
column is the identity of a students file without an ``id`` column (issue 20, item 1)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.errors import InputError, InputErrors, InputWarning
from matcher.identity import id_key, with_identity
from matcher.io import read_table
from matcher.read import read_problem
from matcher.rematch import with_previous

PROJECTS = "id,title,min_size,max_size,proposer\nP1,Jardin,1,3,\nP2,Robot,1,3,\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(tmp_path: Path, students: str, projects: str = PROJECTS, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        problem = read_problem(write(tmp_path, "s.csv", students),
                               write(tmp_path, "p.csv", projects), **kw)
    return problem, [w.message for w in caught if isinstance(w.message, InputWarning)]


def test_id_key_folds_case_spaces_and_composition() -> None:
    assert id_key(" Zoe\u0301@X.fr ") == id_key("zoé@x.fr")
    assert id_key("S1") != id_key("S2")


def test_the_email_column_is_the_identity_without_an_id_column(tmp_path) -> None:
    problem, _ = read(tmp_path, "Horodateur,Adresse e-mail,Nom,Choix 1\n"
                                "01/09/2026 10:00:00,ana@u.fr,Ana Roy,P1\n"
                                "01/09/2026 10:01:00,bob@u.fr,Bob Lee,Robot\n")
    assert [s.id for s in problem.students] == ["ana@u.fr", "bob@u.fr"]
    assert [s.preferences for s in problem.students] == [("P1",), ("P2",)]


def test_without_id_nor_email_the_id_is_still_required(tmp_path) -> None:
    with pytest.raises(InputError, match="id"):
        read(tmp_path, "Nom,Choix 1\nAna,P1\n")


def test_with_identity_keeps_an_id_column() -> None:
    table = read_table(b"id,email\nS1,a@u.fr\n", name="s.csv")
    assert with_identity(table) == (table, None)


def test_ids_differing_by_case_are_one_person_with_a_warning(tmp_path) -> None:
    problem, caught = read(tmp_path, "id,name,Choix 1\nInes.fournier@u.fr,Inès Fournier,P1\n"
                                     "Léo@u.fr,Léo Roy,P2\n"
                                     " ines.fournier@U.fr,Ines Fournier,P2\n")
    assert [s.id for s in problem.students] == ["Léo@u.fr", "ines.fournier@U.fr"]
    (warning,) = caught
    assert "rows 2, 4" in str(warning) and "'Ines.fournier@u.fr'" in str(warning)
    assert "'ines.fournier@U.fr'" in str(warning)


def test_ids_differing_by_case_are_an_error_under_duplicates_error(tmp_path) -> None:
    with pytest.raises(InputErrors) as caught:
        read(tmp_path, "id,name\nINES,Inès F\nines,Ines F\n", duplicates="error")
    (error,) = caught.value.errors
    assert error.row == 3 and error.value == "ines" and "'INES'" in str(error)


def test_an_invisible_character_is_still_refused_where_it_is(tmp_path) -> None:
    with pytest.raises(InputErrors) as caught:
        read(tmp_path, "id,name\nS1,Ana\nS\u200b1,Bob\n")
    assert caught.value.errors[0].row == 3 and "U+200B" in str(caught.value.errors[0])


def test_proposers_by_id_email_or_name_in_any_case(tmp_path) -> None:
    projects = ("id,title,max_size,porteur\nP1,Jardin,3,nathan garcia\n"
                "P2,Robot,3,ANA@U.FR; s3\nP3,Eau,3,DURAND zoe\n")
    problem, _ = read(tmp_path, "id,name,email\nS1,Nathan Garcia,n@u.fr\n"
                                "S2,Ana Roy,ana@u.fr\nS3,Bob Lee,b@u.fr\n"
                                "S4,Zoé Durand,z@u.fr\n", projects)
    assert [p.proposers for p in problem.projects] == [("S1",), ("S2", "S3"), ("S4",)]


def test_an_unknown_proposer_is_located_and_says_what_is_accepted(tmp_path) -> None:
    projects = "id,title,max_size,porteur\nP1,Jardin,3,\nP2,Robot,3,Nathan Garcya\n"
    with pytest.raises(InputErrors) as caught:
        read(tmp_path, "id,name\nS1,Nathan Garcia\n", projects)
    (error,) = caught.value.errors
    assert (error.file.endswith("p.csv"), error.row, error.column, error.value) == (
        True, 3, "porteur", "Nathan Garcya")
    assert "e-mail" in (error.hint or "")


def test_previous_teams_match_ids_in_any_case(tmp_path) -> None:
    problem, _ = read(tmp_path, "id,name\nAna@u.fr,Ana\nbob@u.fr,Bob\n")
    again = with_previous(problem, {"ana@U.FR ": "P1", "BOB@u.fr": "P2"},
                          lock={"ANA@u.fr": "P1"})
    assert again.previous == {"Ana@u.fr": "P1", "bob@u.fr": "P2"}
    assert again.rules.fixed == {"Ana@u.fr": "P1"}


STUDENTS = [("S1", "Zoé Durand", "P1", "s2"), ("S2", "Léo Martin", "P2", "S3"),
            ("S3", "Ana Roy", "P1", ""), ("S4", "Bob Lee", "P2", "s1")]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(4)), upper=st.lists(st.booleans(), min_size=4, max_size=4))
def test_row_order_and_id_case_do_not_change_the_problem(tmp_path, order, upper) -> None:
    """Property: permuting rows and changing the case of ids where they are referred to
    gives the same students, preferences and wishes (compared by :func:`id_key`)."""
    lines = ["id,name,Choix 1,wishes"]
    for k in order:
        sid, name, choice, wish = STUDENTS[k]
        wish = wish.upper() if upper[k] else wish.lower()
        lines.append(f"{sid},{name},{choice},{wish}")
    projects = "id,title,max_size,proposer\nP1,Jardin,3,s1\nP2,Robot,3,S2\n"
    problem, _ = read(tmp_path, "\n".join(lines) + "\n", projects)
    seen = sorted((id_key(s.id), s.preferences, tuple(map(id_key, s.wishes)))
                  for s in problem.students)
    assert seen == [("s1", ("P1",), ("s2",)), ("s2", ("P2",), ("s3",)), ("s3", ("P1",), ()),
                    ("s4", ("P2",), ("s1",))]
    assert [p.proposers for p in problem.projects] == [("S1",), ("S2",)]
