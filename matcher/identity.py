"""Who a row is: the key by which student ids and e-mails are compared, and the identity
column of a students file that has none.

Ids and e-mail addresses are compared by :func:`id_key`: Unicode NFC, surrounding spaces
removed, case folded. ``Ines.Fournier@univ.fr`` and `` ines.fournier@univ.fr`` are one person
in the duplicates, the wishes and avoid cells, the proposers and the ``--previous`` teams. An
id holding an invisible character (zero-width, bidirectional) is not folded here: it is refused
with a located error (:func:`matcher.problem.invisible_issue`).

A students file without an ``id`` column (a form export) takes its e-mail column as the
identity (:func:`with_identity`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from matcher.io.table import Table

__all__ = ["EMAIL_IDENTITY_HEADERS", "id_key", "with_identity"]

#: Normalised headers of an e-mail column that can stand for the id, in order of preference
#: (Google Forms ``Adresse e-mail``, Microsoft Forms ``Adresse de messagerie``, ``E-mail``,
#: ``Courriel``...).
EMAIL_IDENTITY_HEADERS: tuple[str, ...] = (
    "email", "e_mail", "adresse_e_mail", "adresse_email", "adresse_de_messagerie",
    "adresse_mail", "mail", "courriel", "email_address", "e_mail_address", "adresse_courriel",
)


def id_key(text: str) -> str:
    """The form under which two ids (or e-mails) are the same person.

    Model: ``key(s) = casefold(NFC(strip(s)))``.

    >>> id_key("  Ines.Fournier@Univ.FR ") == id_key("ines.fournier@univ.fr")
    True
    """
    return unicodedata.normalize("NFC", str(text).strip()).casefold()


def email_column(table: Table) -> str | None:
    """The canonical name of ``table``'s e-mail column, or ``None``."""
    return next((c for c in EMAIL_IDENTITY_HEADERS if c in table.columns), None)


def with_identity(table: Table) -> tuple[Table, str | None]:
    """``table`` with an ``id`` column: as it is when it has one, else a copy of its e-mail
    column (which stays, for the exports that write e-mails).

    Returns
    -------
    tuple[Table, str | None]
        The table, and the canonical name of the column copied to ``id`` (``None`` when the
        table had an ``id`` column or has no e-mail column either).
    """
    if "id" in table.columns:
        return table, None
    email = email_column(table)
    if email is None:
        return table, None
    records = tuple({"id": rec.get(email, ""), **rec} for rec in table.records)
    headers = {"id": table.original_headers.get(email, email), **table.original_headers}
    return replace(table, columns=("id", *table.columns), records=records,
                   original_headers=headers), email


def canonical_ids(ids: Iterable[str]) -> dict[str, str]:
    """:func:`id_key` -> the id as the cohort spells it (the first spelling of each key)."""
    out: dict[str, str] = {}
    for sid in ids:
        out.setdefault(id_key(sid), sid)
    return out
