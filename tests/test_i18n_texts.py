"""The library's words in French: errors, broken rules, reasons, pydantic's messages."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from matcher import Problem, Project, Rules, Student, check
from matcher.diagnose import phrase, totals_reason
from matcher.errors import InputError, InputErrors, pydantic_message
from matcher.feasibility import precheck
from matcher.i18n import language
from matcher.problem import ProblemValidationError
from matcher.solve import solve


def _fifteen() -> Problem:
    students = [Student(id=f"S{i:02d}") for i in range(1, 16)]
    projects = ([Project(id=f"P{j}", min_size=4, max_size=4) for j in (1, 2, 3)]
                + [Project(id=f"P{j}", min_size=5, max_size=5, optional=True) for j in (4, 5)])
    return Problem(students=students, projects=projects)


def test_input_error_locates_in_french() -> None:
    e = InputError("bad", file="s.csv", row=3, column="Choix 2", value="p12", hint="fix")
    assert str(e) == "s.csv, row 3, column 'Choix 2', value 'p12': bad (fix)"
    with language("fr"):
        assert str(e) == "s.csv, ligne 3, colonne 'Choix 2', valeur 'p12': bad (fix)"
        many = InputErrors([e, InputError("worse", file="s.csv", row=4)])
        assert str(many).startswith("2 problèmes dans les données :\n  - s.csv, ligne 3")


def test_problem_validation_in_french() -> None:
    with language("fr"), pytest.raises(ValidationError) as info:
        Problem(students=[Student(id="a", preferences=("p1",))],
                projects=[Project(id="P1", max_size=2)])
    issues = info.value.errors()[0]["ctx"]["error"].issues
    assert issues[0].message == "l'étudiant a classe un projet inconnu, 'p1'"
    assert issues[0].hint == "vouliez-vous dire 'P1' ?"


def test_broken_rules_in_french_and_english() -> None:
    p = Problem(students=[Student(id="a"), Student(id="b")],
                projects=[Project(id="P", min_size=2, max_size=2)],
                rules=Rules(keep_apart=[["a", "b"]]))
    english = [str(v) for v in check(p, {"a": "P", "b": "P"})]
    assert english == ["[keep_apart] a and b must be apart but are together on P"]
    with language("fr"):
        french = [str(v) for v in check(p, {"a": "P"})]
    assert french == ["[assignment] l'étudiant b n'a pas d'équipe",
                      "[team_size] le projet P a 1 membres, hors de 2..2"]


def test_reasons_in_french() -> None:
    p = _fifteen()
    with language("fr"):
        reason = totals_reason(p)
        infeasible = solve(p.with_changes(projects=p.projects[:1]), time_limit=5, workers=1)
    assert reason == (
        "P1, P2 et P3 doivent ouvrir avec exactement 4 membres et les idées facultatives P4 "
        "et P5 prennent exactement 5 membres si elles ouvrent : les équipes peuvent donc "
        "totaliser 12, 17 ou 22 étudiants, jamais les 15 de la cohorte")
    assert infeasible.reasons and "accueillent au plus 4 étudiants" in infeasible.reasons[0]


def test_size_phrases_agree_in_number() -> None:
    from matcher.diagnose import atoms_of

    atoms = [a for a in atoms_of(_fifteen()) if a.kind in ("open", "max")]
    one = [a for a in atoms if a.subject == "P1"]
    with language("fr"):
        assert phrase(one) == ["P1 doit ouvrir", "P1 accueille au plus 4 membres"]
        assert phrase(atoms) == ["P1, P2 et P3 doivent ouvrir",
                                 "P1, P2 et P3 accueillent au plus 4 membres",
                                 "P4 et P5 accueillent au plus 5 membres"]
    assert phrase(one) == ["P1 must open", "P1 holds at most 4 members"]


def test_precheck_follows_the_language() -> None:
    p = Problem(students=[Student(id=s) for s in "abc"], projects=[Project(id="P", max_size=2)])
    assert precheck(p) == ["the 1 ideas hold at most 2 students (sum of max_size), fewer than "
                           "the 3 in the cohort"]
    with language("fr"):
        assert precheck(p) == ["les 1 idées accueillent au plus 2 étudiants (somme des "
                               "max_size), moins que les 3 de la cohorte"]


@pytest.mark.parametrize(("data", "english", "french"), [
    ({}, "Field required", "champ obligatoire"),
    ({"max_size": "x"}, "Input should be a valid integer",
     "un nombre entier est attendu"),  # a text is refused before it is parsed
    ({"max_size": 2, "colour": 1}, "Extra inputs are not permitted",
     "champ inconnu, non autorisé"),
    ({"max_size": 2, "id": " "}, "Value error, the id is empty", "l'identifiant est vide"),
])
def test_pydantic_messages(data: dict, english: str, french: str) -> None:
    record = {"id": "P", **data}

    def first_error() -> dict:
        with pytest.raises(ValidationError) as info:
            Project(**record)
        return info.value.errors()[0]

    assert pydantic_message(first_error()) == english
    with language("fr"):
        assert pydantic_message(first_error()) == french


def test_unknown_pydantic_type_keeps_pydantic_words() -> None:
    error = {"type": "url_parsing", "msg": "Input should be a valid URL", "ctx": {}}
    with language("fr"):
        assert pydantic_message(error) == "Input should be a valid URL"


def test_problem_validation_error_lists_in_the_language() -> None:
    from matcher.problem import RecordIssue

    issues = [RecordIssue("students", i, "id", "x") for i in range(27)]
    with language("fr"):
        assert str(ProblemValidationError(issues)).endswith("... et 2 autres")
