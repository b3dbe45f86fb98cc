"""Who a student is outside matcher: e-mail address, first and last name, platform login.

Learning platforms and mail merges identify people by e-mail address or login, and Moodle
wants first and last names apart. The students file says these things in its own words; this
module finds them on a :class:`~matcher.problem.Student` and says plainly what is missing.

* **E-mail**: the first extra column among :data:`EMAIL_COLUMNS` (``email``, ``e-mail``,
  ``courriel``, ``Adresse e-mail``...) with a value, else the id when it is an e-mail address
  (a Google Forms export whose ``Adresse e-mail`` column was mapped to ``id``).
* **First and last name**: columns among :data:`FIRST_NAME_COLUMNS` and
  :data:`LAST_NAME_COLUMNS` (``first_name``/``prénom``, ``last_name``/``nom de famille``...)
  when present, else the full ``name`` split by :func:`split_name`.
* **Login** (:func:`find_login`): the e-mail address, the id, or a ``username`` column.

Each ``find_*`` function returns the value or an :class:`Issue` naming the column it came from,
so that the caller can report the file, row, column and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.i18n import tr
from matcher.problem import Student

__all__ = [
    "EMAIL_COLUMNS",
    "FIRST_NAME_COLUMNS",
    "Found",
    "IDENTIFIERS",
    "LAST_NAME_COLUMNS",
    "USERNAME_COLUMNS",
    "Issue",
    "find_email",
    "find_login",
    "find_names",
    "is_email",
    "split_name",
]

#: Canonical headers (see :func:`~matcher.io.normalize_header`) of a column holding e-mails.
EMAIL_COLUMNS: tuple[str, ...] = (
    "email", "e_mail", "mail", "courriel", "adresse_e_mail", "adresse_email", "adresse_mail",
    "adresse_electronique", "email_address", "e_mail_address", "mel",
)
#: Canonical headers of a column holding first (given) names.
FIRST_NAME_COLUMNS: tuple[str, ...] = ("first_name", "firstname", "prenom", "given_name",
                                       "forename")
#: Canonical headers of a column holding last (family) names. ``nom`` alone is not one: it is
#: read as the full ``name``.
LAST_NAME_COLUMNS: tuple[str, ...] = ("last_name", "lastname", "surname", "family_name",
                                      "nom_de_famille", "nom_famille")
#: Canonical headers of a column holding platform logins.
USERNAME_COLUMNS: tuple[str, ...] = ("username", "user_name", "login", "login_id",
                                     "identifiant_connexion")
#: What identifies a student on a platform: their e-mail address, their id in the students
#: file, or a ``username`` column.
IDENTIFIERS: tuple[str, ...] = ("email", "id", "username")

_EMAIL = re.compile(r"[^@\s;,<>()\[\]\"']+@[^@\s;,<>()\[\]\"']+\.[^@\s;,<>()\[\]\"'.]+")
#: Lower-case words that start a family name ("de la Tour", "van Gogh").
_PARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "d'", "l'", "van", "von", "der",
                        "den", "da", "di", "del", "della", "dos", "das", "ben", "bin", "el",
                        "al", "ter", "ten", "zu", "y"})


@dataclass(frozen=True)
class Issue:
    """A contact detail of one student that cannot be used.

    Attributes
    ----------
    field:
        Where it was looked for: ``"id"``, ``"name"`` or an extra column's canonical name.
    message:
        What is wrong, naming the student.
    value:
        The value found, if any.
    hint:
        The fix, when it is plain.
    """

    field: str
    message: str
    value: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class Found:
    """A contact detail and the field it was read from (``"id"`` or an extra column)."""

    value: str
    field: str


def is_email(text: str) -> bool:
    """Whether ``text`` is an e-mail address (``name@domain.tld``, one ``@``, no spaces)."""
    return bool(_EMAIL.fullmatch(text.strip()))


def _text(student: Student, column: str) -> str:
    value = student.attributes.get(column)
    return "" if value is None else str(value).strip()


def find_email(student: Student) -> Found | Issue:
    """The student's e-mail address, or why there is none.

    Returns
    -------
    Found | Issue
        The first non-empty column of :data:`EMAIL_COLUMNS`, else the id when it is an e-mail
        address. An :class:`Issue` when that column holds something other than an address, or
        when nothing was found (its field is then ``"id"``).
    """
    for column in EMAIL_COLUMNS:
        text = _text(student, column)
        if text:
            if is_email(text):
                return Found(text, column)
            return Issue(column, tr("the e-mail column of student {student} does not "
                                    "hold an e-mail address", student=student.id), text,
                         tr("write it as name@domain.tld"))
    if is_email(student.id):
        return Found(student.id, "id")
    return Issue("id", tr("student {student} has no e-mail address", student=student.id),
                 student.id, tr("add an 'email' column to the students file, or use e-mail "
                                "addresses as student ids"))


def split_name(full: str) -> tuple[str, str] | None:
    """Split a full name into (first name, last name); ``None`` when it cannot be told.

    Rules, in order:

    0. ``"Last, First"``: the part before the only comma is the family name.
    1. Words written in capitals (two letters or more) are the family name, the others the
       given names, as in French lists: ``"DUPONT Jean"``, ``"Jean DE LA TOUR"``.
    2. Otherwise the last word is the family name, with the lower-case particles just before
       it (``de``, ``du``, ``van``, ``von``, ``d'``...): ``"Marie de la Tour"`` ->
       ``("Marie", "de la Tour")``; ``"Jean Pierre Dupont"`` -> ``("Jean Pierre", "Dupont")``.

    A name of fewer than two words gives ``None``.

    Examples
    --------
    >>> split_name("Zoé Lefèvre")
    ('Zoé', 'Lefèvre')
    >>> split_name("LEFÈVRE Zoé")
    ('Zoé', 'LEFÈVRE')
    >>> split_name("Ludwig van Beethoven")
    ('Ludwig', 'van Beethoven')
    >>> split_name("Lefèvre, Zoé")
    ('Zoé', 'Lefèvre')
    >>> split_name("Zoé") is None
    True
    """
    if full.count(",") == 1:
        last, first = (part.strip() for part in full.split(","))
        return (first, last) if first and last else None
    words = full.split()
    if len(words) < 2:
        return None
    capitals = [w for w in words if sum(c.isalpha() for c in w) >= 2 and w.isupper()]
    if capitals and len(capitals) < len(words):
        first = [w for w in words if w not in capitals]
        return " ".join(first), " ".join(capitals)
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in _PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def _no_name_hint() -> str:
    return tr("add first_name and last_name columns to the students file")


def find_names(student: Student) -> tuple[str, str] | Issue:
    """The student's (first name, last name), or why they cannot be told.

    Columns of :data:`FIRST_NAME_COLUMNS` and :data:`LAST_NAME_COLUMNS` win; with only a first
    name column, the last name is the full ``name`` without it; otherwise the full ``name`` is
    split by :func:`split_name`.
    """
    first = next((t for c in FIRST_NAME_COLUMNS if (t := _text(student, c))), "")
    last = next((t for c in LAST_NAME_COLUMNS if (t := _text(student, c))), "")
    full = student.name.strip()
    if first and not last and full:
        rest = full
        if full.casefold().startswith(first.casefold()):
            rest = full[len(first):]
        elif full.casefold().endswith(first.casefold()):
            rest = full[:-len(first)]
        last = rest.strip()
    if first and last:
        return first, last
    if not first and not last:
        if not full:
            return Issue("name", tr("student {student} has no name", student=student.id),
                         None, _no_name_hint())
        split = split_name(full)
        if split is not None:
            return split
        return Issue("name", tr("cannot tell the first name from the last name of "
                                "student {student}", student=student.id), full,
                     _no_name_hint())
    return Issue("name", tr("student {student} has a first name or a last name but not "
                            "both", student=student.id), full or first or last,
                 _no_name_hint())


def find_login(student: Student, identifier: str) -> Found | Issue:
    """The value that identifies the student on a platform, or why there is none.

    Parameters
    ----------
    identifier:
        ``"email"`` (:func:`find_email`), ``"id"`` (the student's id) or ``"username"`` (the
        first non-empty column of :data:`USERNAME_COLUMNS`).
    """
    if identifier == "email":
        return find_email(student)
    if identifier == "id":
        return Found(student.id, "id")
    if identifier == "username":
        for column in USERNAME_COLUMNS:
            text = _text(student, column)
            if text:
                return Found(text, column)
        return Issue(USERNAME_COLUMNS[0], tr("student {student} has no username",
                                             student=student.id), None,
                     tr("add a 'username' column to the students file"))
    raise ValueError(tr("unknown identifier {identifier!r}; choose one of {choices}",
                        identifier=identifier, choices=", ".join(IDENTIFIERS)))
