"""Resolve the people a student names in their ``wishes`` and ``avoid`` cells to student ids.

A form asks "Who would you like to work with?" and "Who would you rather not work with?";
students answer with names, e-mail addresses or ids, several per cell, separated by ``;``,
``,``, ``|`` or line breaks. Each one is looked up in the students' file itself, in this order:

1. the ``id``, exactly, then with case, accents and spaces folded (``s001`` is ``S001``);
2. an e-mail address (text with ``@``): the ``email`` column (``e-mail``, ``adresse e-mail``,
   ``courriel``...), or the id when ids are e-mail addresses; case folded;
3. the full ``name``, folded (case, accents, hyphens and spaces: ``zoe  DURAND`` is ``Zoé
   Durand``), then in any word order (``Durand Zoé``);
4. one word alone (a first name, ``zoé``) when exactly one student's name holds it.

A person found nowhere, or matching several students at the first step that finds any, is an
error naming the file, row, column and value, with the closest names (a name shared by the
writer and one other student names the other: nobody names themself). So is a student naming
themself (usually a sign of the wrong row) and a student both wished and avoided by the same
person. Every error of the file is reported at once. A person named twice
in one cell counts once.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from matcher.errors import InputError, InputWarning
from matcher.i18n import tr
from matcher.io.contacts import EMAIL_COLUMNS
from matcher.io.table import Table

#: Canonical column -> other headers recognised for it (compared after
#: :func:`~matcher.io.table.normalize_header`); ``[columns]`` in a config maps any other.
PEOPLE_ALIASES: dict[str, list[str]] = {
    "wishes": ["with", "wish", "avec", "souhaits", "souhaite etre avec", "friends", "amis",
               "work with", "travailler avec", "teammates", "wished teammates", "binome"],
    "avoid": ["apart", "avoid", "eviter", "a eviter", "ne pas etre avec", "pas avec",
              "not with", "keep apart", "incompatible"],
    "previous_team": ["previous team", "equipe precedente", "ancienne equipe", "last team",
                      "former team", "previous group", "groupe precedent"],
}

#: The columns that list people, resolved here (the students file's other columns are not).
LINK_COLUMNS: tuple[str, ...] = ("wishes", "avoid")

#: Normalised headers of an e-mail column, in order of preference: those the exports read
#: (:data:`matcher.io.contacts.EMAIL_COLUMNS`), and Microsoft Forms' own.
EMAIL_HEADERS: tuple[str, ...] = (*EMAIL_COLUMNS, "adresse_de_messagerie")

_SPLIT = re.compile(r"[;,|\n]|\s+(?:et|and|&)\s+", re.IGNORECASE)
#: Answers that name nobody (folded by :func:`fold_name`): read as no one, said once.
PLACEHOLDERS: frozenset[str] = frozenset({
    "", "je ne sais pas", "je ne sais pas encore", "je sais pas", "ne sais pas", "nsp",
    "aucun", "aucune", "personne", "rien", "non", "no", "none", "nobody", "no one", "n a",
    "na", "nan", "pas de preference", "peu importe", "indifferent", "pas encore", "x",
    "don t know", "i don t know", "not yet", "tbd", "a voir",
})
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ß": "ss"})

#: Suggestions (closest names) are computed for at most this many unknown people per file:
#: each costs a scan of the cohort.
MAX_SUGGESTED = 50


def fold_name(text: str) -> str:
    """A name with case, accents and punctuation folded: words separated by one space.

    >>> fold_name("  Zoé-Anne  DURAND ")
    'zoe anne durand'
    """
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _any_order(folded: str) -> str:
    return " ".join(sorted(folded.split()))


@dataclass
class _Directory:
    """Lookups from the students' file: record index by id, e-mail and folded name."""

    table: Table
    by_id: dict[str, list[int]] = field(default_factory=dict)
    by_folded_id: dict[str, list[int]] = field(default_factory=dict)
    by_email: dict[str, list[int]] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    by_words: dict[str, list[int]] = field(default_factory=dict)
    by_word: dict[str, list[int]] = field(default_factory=dict)

    email: str | None = None

    @classmethod
    def of(cls, table: Table) -> _Directory:
        d = cls(table, email=next((c for c in EMAIL_HEADERS if c in table.columns), None))
        for i, rec in enumerate(table.records):
            sid = rec.get("id", "")
            if not sid:
                continue
            d.by_id.setdefault(sid, []).append(i)
            d.by_folded_id.setdefault(fold_name(sid).replace(" ", ""), []).append(i)
            for mail in (rec.get(d.email or "", ""), sid):
                if "@" in mail:
                    bucket = d.by_email.setdefault(mail.strip().casefold(), [])
                    if i not in bucket:
                        bucket.append(i)
            name = fold_name(rec.get("name", ""))
            if name:
                d.by_name.setdefault(name, []).append(i)
                d.by_words.setdefault(_any_order(name), []).append(i)
                for word in set(name.split()):
                    d.by_word.setdefault(word, []).append(i)
        return d

    def find(self, text: str) -> list[int]:
        """The records ``text`` may name, from the first lookup that finds any."""
        if text in self.by_id:
            return self.by_id[text][:1]  # a duplicate id is reported on its own
        folded = fold_name(text)
        lookups: list[tuple[dict[str, list[int]], str]] = [
            (self.by_folded_id, folded.replace(" ", ""))]
        if "@" in text:
            lookups.append((self.by_email, text.strip().casefold()))
        lookups += [(self.by_name, folded), (self.by_words, _any_order(folded))]
        for table, key in lookups:
            if key and key in table:
                return table[key]
        if folded and " " not in folded and folded in self.by_word:
            return self.by_word[folded]  # a first (or last) name alone: found if unique
        return []

    def label(self, i: int) -> str:
        """``'Zoé Durand' (S1)``, or ``S1`` without a name."""
        rec = self.table.records[i]
        return f"{rec['name']!r} ({rec['id']})" if rec.get("name") else rec["id"]

    def closest(self, text: str, most: int = 3) -> list[int]:
        """Records whose name or id is close to ``text``: those whose name holds every word
        of it (a first name alone), then by similarity."""
        folded = fold_name(text)
        words = set(folded.split())
        scored: list[tuple[float, int]] = []
        for i, rec in enumerate(self.table.records):
            if not rec.get("id"):
                continue
            name = fold_name(rec.get("name", ""))
            if words and name and words <= set(name.split()):
                scored.append((2.0, i))
                continue
            keys = (name, fold_name(rec["id"]), rec.get(self.email or "", "").casefold())
            best = max(difflib.SequenceMatcher(None, folded, key).ratio() for key in keys
                       if key)
            if best >= 0.6:
                scored.append((best, i))
        scored.sort(key=lambda t: -t[0])
        return [i for _, i in scored[:most]]


def find_people(table: Table) -> Callable[[str], list[str]]:
    """A lookup of the students of ``table``: text (an id, an e-mail or a full name, in any
    case, accents and word order) -> the ids of the students it may name (the first lookup of
    :class:`_Directory` that finds any; several when a name is shared, none when unknown)."""
    directory = _Directory.of(table)
    return lambda text: [table.records[i]["id"] for i in directory.find(text)]


def resolve_links(table: Table, errors: list[InputError],
                  soft: list[InputWarning] | None = None) -> list[dict[str, tuple[str, ...]]]:
    """For each record of the students' ``table``, the student ids its ``wishes`` and ``avoid``
    cells name (only the columns the file has), in the order written, each once. A cell is
    split at ``;``, ``,``, ``|``, line breaks and `` et `` / `` and `` / `` & ``.

    Every problem is appended to ``errors`` (file, row, column, value and the closest names),
    and the person in question is left out, so that the caller can go on and report the other
    problems of the file in the same pass. With ``soft`` given, what is free text and not a
    fact (a person found nowhere or in several students, a student naming themself, a
    placeholder such as ``Je ne sais pas encore``, ``-`` or ``aucun``) goes there as
    :class:`~matcher.errors.InputWarning` instead (the placeholders of a column in one
    warning); a person both wished and avoided stays an error.
    """
    if soft is None:
        return _resolve_links(table, errors, errors)
    warned: list[InputError] = []
    out = _resolve_links(table, errors, warned)
    soft.extend(InputWarning(w.message, file=w.file, row=w.row, column=w.column,
                             value=w.value, hint=w.hint) for w in warned)
    return out


def _resolve_links(table: Table, errors: list[InputError],
                   soft: list[InputError]) -> list[dict[str, tuple[str, ...]]]:
    present = [c for c in LINK_COLUMNS if c in table.columns]
    out: list[dict[str, tuple[str, ...]]] = [{} for _ in table.records]
    if not present:
        return out
    directory = _Directory.of(table)
    suggested = 0
    placeholders: dict[str, list[int]] = {}
    for i, rec in enumerate(table.records):
        named: dict[str, dict[str, str]] = {}  # column -> id -> text as written
        for column in present:
            ids: dict[str, str] = {}
            for text in (part.strip() for part in _SPLIT.split(rec.get(column, ""))):
                if not text:
                    continue
                if fold_name(text) in PLACEHOLDERS:
                    placeholders.setdefault(column, []).append(i)
                    continue
                found = directory.find(text)
                if len(found) > 1 and i in found:  # nobody names themself: the homonym
                    found = [j for j in found if j != i]
                if len(found) == 1 and found[0] == i:
                    soft.append(_error(table, i, column, text, tr(
                        "a student cannot name themself here"),
                        tr("is it the right row? a homonym needs the id or e-mail")))
                elif len(found) == 1:
                    ids.setdefault(table.records[found[0]]["id"], text)
                elif found:
                    soft.append(_error(table, i, column, text, tr(
                        "several students bear this name: {students}",
                        students=", ".join(directory.label(j) for j in found)),
                        tr("write the student's id or e-mail instead")))
                else:
                    hint = None
                    if suggested < MAX_SUGGESTED:
                        suggested += 1
                        close = [directory.label(j) for j in directory.closest(text)]
                        if close:
                            hint = tr("did you mean {students}?", students=" or ".join(close))
                    soft.append(_error(table, i, column, text, tr(
                        "no student of this file has this id, e-mail or full name"), hint))
            named[column] = ids
        both = set(named.get("wishes", {})) & set(named.get("avoid", {}))
        for sid in sorted(both):
            errors.append(_error(table, i, "avoid", named["avoid"][sid], tr(
                "{student} is both wished ({wishes}) and avoided ({avoid})", student=sid,
                wishes=table.original_headers.get("wishes", "wishes"),
                avoid=table.original_headers.get("avoid", "avoid"))))
            for column in ("wishes", "avoid"):
                named[column].pop(sid)
        out[i] = {column: tuple(ids) for column, ids in named.items()}
    for column, indices in placeholders.items():
        rows = ", ".join(str(table.rows[i]) for i in indices[:20])
        more = "" if len(indices) <= 20 else ", ..."
        soft.append(InputError(
            tr("{count} answer(s) name nobody (rows {rows}{more}): read as no one",
               count=len(indices), rows=rows, more=more),
            file=table.path, row=table.rows[indices[0]],
            column=table.original_headers.get(column, column),
            value=table.records[indices[0]].get(column)))
    return out


def _error(table: Table, i: int, column: str, value: str, message: str,
           hint: str | None = None) -> InputError:
    return InputError(message, file=table.path, row=table.rows[i],
                      column=table.original_headers.get(column, column), value=value,
                      hint=hint)
