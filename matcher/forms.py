"""Recognise what online forms export: where the preferences are, and which columns are the
form's own bookkeeping.

A students table may carry its ranked projects in one of three ways:

* a ``preferences`` cell: names separated by ``;`` (Microsoft Forms writes a ranking question
  as ``Titre A;Titre B;Titre C;``), ``|`` or ``,``; a title that itself holds the separator
  (``Rénovation énergétique, Purpan``) is put back together;
* ``choice_1``, ``choice_2``... columns (``Choix 1``, ``1er choix``, ``Vos choix [Choix 1]``),
  one name per cell;
* a ranking grid (Google Forms "Classez les projets [Jardin partagé]"): one column per project,
  each cell a rank (``1``, ``1er choix``, ``Choix 2``, ``First choice``, ``2e``).

A Microsoft Forms ranking question keeps its own header; it is taken as the preferences when
its header speaks of ranking or choosing and its cells end with ``;`` and name projects.
Microsoft Forms also numbers the answers in a column ``ID``: when the table has the form's
time and e-mail columns too, the e-mail is the student's id.

Names stay as written here; :class:`~matcher.project_names.ProjectNames` resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from matcher.errors import InputError
from matcher.i18n import tr
from matcher.io.table import Table, choice_columns, normalize_header
from matcher.project_names import ProjectNames, fold_title

__all__ = [
    "TIME_COLUMNS", "FormLayout", "cells_of", "grid_preferences", "parse_rank", "recognise",
    "split_names",
]

#: Headers (normalised) of the columns in which forms write when an answer was given, the
#: most telling first: a later edit, the end of the answer, the form's timestamp, its start.
#: Any other header can be mapped to ``timestamp`` in the config's ``[columns]``.
TIME_COLUMNS: tuple[str, ...] = (
    "heure_de_la_derniere_modification", "last_modified_time", "heure_de_fin",
    "completion_time", "horodateur", "horodatage", "timestamp", "date_de_soumission",
    "submitted_at", "submission_time", "heure_de_debut", "start_time",
)
#: Of those, the French ones: their d/m/y dates put the day first.
_FRENCH_TIME_COLUMNS = frozenset(c for c in TIME_COLUMNS if c.startswith(("heure", "hor", "date")))
_MS_START = frozenset({"heure_de_debut", "start_time"})
_MS_END = frozenset({"heure_de_fin", "completion_time"})
_EMAIL_COLUMNS = ("adresse_de_messagerie", "adresse_e_mail", "adresse_email", "email", "e_mail",
                  "courriel", "mail")
_RANKING_HINT = re.compile(r"class|rang|rank|ordre|order|prefer|choi|voeu|wish")
_BRACKET_RE = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$")
_RANK_FILLER = frozenset({
    "choix", "choice", "rang", "rank", "voeu", "voeux", "wish", "place", "position",
    "preference", "n", "no", "num", "numero", "number", "nr", "le", "la", "the", "mon", "my",
    "en", "in", "ma", "priorite", "priority",
})
_RANK_NUMBER = re.compile(r"^0*(\d{1,3})(?:er|re|ere|e|eme|nd|st|rd|th|o)?$")
_RANK_WORDS = {
    "premier": 1, "premiere": 1, "first": 1, "deuxieme": 2, "second": 2, "seconde": 2,
    "troisieme": 3, "third": 3, "quatrieme": 4, "fourth": 4, "cinquieme": 5, "fifth": 5,
    "sixieme": 6, "sixth": 6, "septieme": 7, "seventh": 7, "huitieme": 8, "eighth": 8,
    "neuvieme": 9, "ninth": 9, "dixieme": 10, "tenth": 10,
}


def parse_rank(text: str) -> int | None:
    """The rank a grid cell gives (``"1"``, ``"1er choix"``, ``"Choix 2"``, ``"First
    choice"``, ``"2e"``, ``"n°3"``), or ``None``.

    >>> [parse_rank(t) for t in ["1", "1er choix", "Choix 2", "First choice", "2e", "x"]]
    [1, 1, 2, 1, 2, None]
    """
    words = [w for w in re.split(r"[^0-9a-z]+", fold_title(text).replace("°", " "))
             if w and w not in _RANK_FILLER]
    if len(words) != 1:
        return None
    match = _RANK_NUMBER.match(words[0])
    rank = int(match.group(1)) if match else _RANK_WORDS.get(words[0])
    return rank if rank else None


@dataclass(frozen=True)
class FormLayout:
    """Where a students table keeps its preferences, and its bookkeeping columns.

    Attributes
    ----------
    preferences:
        ``"preferences"`` (one cell of names), ``"choices"`` (one name per ``choice_N``
        cell), ``"grid"`` (one rank per project column) or ``"none"``.
    columns:
        The canonical columns that hold the preferences, in rank order for choices.
    grid_items:
        For a grid: column -> the project it ranks, as the header names it.
    timestamp:
        The column telling when each answer was given, or ``None``.
    dayfirst:
        Whether that column's ``d/m/y`` dates put the day first, when nothing in them says.
    metadata:
        Columns that are the form's bookkeeping, not student attributes.
    """

    preferences: str = "none"
    columns: tuple[str, ...] = ()
    grid_items: dict[str, str] = field(default_factory=dict)
    timestamp: str | None = None
    dayfirst: bool = True
    metadata: frozenset[str] = frozenset()


def recognise(
    table: Table, names: ProjectNames, errors: list[InputError], *, id_mapped: bool = False
) -> tuple[Table, FormLayout]:
    """Find the preferences and the bookkeeping columns of a students ``table``.

    Parameters
    ----------
    table:
        The students table as read.
    names:
        The projects, to tell a ranking grid or question from other questions.
    errors:
        Where problems are added: two kinds of preferences, a grid column naming no project.
    id_mapped:
        The config maps a header to ``id``: keep it, even in a Microsoft Forms export.

    Returns
    -------
    tuple[Table, FormLayout]
        The table (with the e-mail as ``id`` in a Microsoft Forms export) and its layout.
    """
    table = table if id_mapped else _microsoft_id(table)
    times = [c for c in TIME_COLUMNS if c in table.columns]
    timestamp = times[0] if times else None
    metadata = set(times)
    if "response_number" in table.columns:
        metadata.add("response_number")

    sources: list[tuple[str, tuple[str, ...]]] = []
    if "preferences" in table.columns:
        sources.append(("preferences", ("preferences",)))
    choices = tuple(choice_columns(table))
    if choices:
        sources.append(("choices", choices))
    grid = _grid(table, names, errors)
    if grid:
        sources.append(("grid", tuple(grid)))
    if not sources:
        question = _ranking_question(table, names, metadata)
        if question:
            sources.append(("preferences", (question,)))
    if len(sources) > 1:
        kinds = {"preferences": tr("a preferences column"), "choices": tr("choice_N columns"),
                 "grid": tr("a ranking grid")}
        errors.append(InputError(
            tr("the preferences are given twice, as {first} and as {second}: keep one",
               first=kinds[sources[0][0]], second=kinds[sources[1][0]]),
            file=table.path,
            column=table.original_headers.get(sources[0][1][0], sources[0][1][0])))
    kind, columns = sources[0] if sources else ("none", ())
    return table, FormLayout(
        preferences=kind, columns=columns, grid_items=grid if kind == "grid" else {},
        timestamp=timestamp, dayfirst=timestamp in _FRENCH_TIME_COLUMNS if timestamp else True,
        metadata=frozenset(metadata | set(grid)))


def split_names(text: str, names: ProjectNames) -> list[str]:
    """The names in a preferences or refused cell, in order, empty ones left out.

    The separator is ``;`` if the cell holds one, else ``|``, else ``,``. Parts that together
    spell a title holding the separator are joined back: ``"Rénovation, Purpan, P03"`` gives
    ``["Rénovation, Purpan", "P03"]`` when the first is a title. An id is never joined.
    """
    sep = ";" if ";" in text else "|" if "|" in text else ","
    raw = [p for p in text.split(sep) if p.strip()]
    parts = [p.strip() for p in raw]
    out: list[str] = []
    i = 0
    while i < len(parts):
        taken = 1
        first = names.lookup(parts[i])
        if first.id is None or first.by_title:  # an id is never joined to what follows
            for j in range(len(parts), i + 1, -1):
                joined = names.lookup(sep.join(raw[i:j]))
                if joined.id is not None and joined.by_title:
                    taken = j - i
                    break
        out.append(sep.join(raw[i:i + taken]).strip())
        i += taken
    return out


# --------------------------------------------------------------------------- Microsoft Forms


def _microsoft_id(table: Table) -> Table:
    """In a Microsoft Forms export, ``ID`` numbers the answers: the e-mail names the student."""
    if "id" not in table.columns or normalize_header(table.original_headers["id"]) != "id":
        return table
    has_times = any(c in table.columns for c in _MS_START) and any(
        c in table.columns for c in _MS_END)
    email = next((c for c in _EMAIL_COLUMNS if c in table.columns), None)
    if not has_times or email is None:
        return table
    rename = {"id": "response_number", email: "id"}
    columns = tuple(rename.get(c, c) for c in table.columns)
    records = tuple({rename.get(k, k): v for k, v in rec.items()} for rec in table.records)
    headers = {rename.get(k, k): v for k, v in table.original_headers.items()}
    return replace(table, columns=columns, records=records, original_headers=headers)


def _ranking_question(table: Table, names: ProjectNames, metadata: set[str]) -> str | None:
    """The one column that reads as a Microsoft Forms ranking answer, or ``None``."""
    found = []
    for column in table.columns:
        if column in metadata or column in ("id", "name", "refused"):
            continue
        if not _RANKING_HINT.search(column):
            continue
        cells = [r[column] for r in table.records if r.get(column)]
        if not cells or not all(c.endswith(";") for c in cells):
            continue
        parts = [p for c in cells for p in split_names(c, names)]
        if parts and sum(names.knows(p) for p in parts) * 2 > len(parts):
            found.append(column)
    return found[0] if len(found) == 1 else None


# --------------------------------------------------------------------------- ranking grids


def _grid(table: Table, names: ProjectNames, errors: list[InputError]) -> dict[str, str]:
    """Column -> project name of the ranking grid in ``table`` (empty if it has none).

    A grid is a group of at least two ``Question [Row]`` columns whose rows all name
    projects, or whose question speaks of ranking or choosing and some row names a project
    (the other rows are then errors naming the header).
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for column in table.columns:
        if column.startswith("choice_"):
            continue
        match = _BRACKET_RE.match(table.original_headers.get(column, ""))
        if match:
            groups.setdefault(fold_title(match.group(1)), []).append((column, match.group(2)))
    grids = []
    for question, items in groups.items():
        known = [names.knows(item) for _, item in items]
        if len(items) < 2 or not any(known):
            continue
        if all(known) or _RANKING_HINT.search(normalize_header(question)):
            grids.append(items)
    if not grids:
        return {}
    items = max(grids, key=len)
    for column, item in items:
        if not names.knows(item):
            errors.append(InputError(
                tr("this ranking grid column names no known project"), file=table.path,
                row=table.header_row, column=table.original_headers[column], value=item,
                hint=names.hint(item)))
    return {column: item for column, item in items if names.knows(item)}


def grid_preferences(
    table: Table, i: int, layout: FormLayout, errors: list[InputError]
) -> list[tuple[str, str]]:
    """``(column, project name)`` of record ``i``'s ranked projects, best first.

    A cell that is not a rank, or a rank given to two projects, is an error.
    """
    ranked: dict[int, list[str]] = {}
    for column in layout.columns:
        text = table.records[i].get(column, "")
        if not text:
            continue
        rank = parse_rank(text)
        if rank is None:
            errors.append(table.error(i, column, tr("this is not a rank"),
                                      hint=tr("write 1, 2, 3... or 1er choix, Choix 2...")))
            continue
        ranked.setdefault(rank, []).append(column)
    out: list[tuple[str, str]] = []
    for rank in sorted(ranked):
        columns = ranked[rank]
        if len(columns) > 1:
            headers = [table.original_headers[c] for c in columns]
            errors.append(table.error(
                i, columns[1], tr("rank {rank} is given to two projects: {first!r} and "
                                  "{second!r}", rank=rank, first=headers[0], second=headers[1]),
                hint=tr("give each project its own rank")))
        out.extend((c, layout.grid_items[c]) for c in columns[:1])
    return out


def cells_of(table: Table, i: int, layout: FormLayout, names: ProjectNames,
             errors: list[InputError]) -> list[tuple[str, str]]:
    """``(column, project name)`` of record ``i``'s ranked projects, best first, as written."""
    record = table.records[i]
    if layout.preferences == "grid":
        return grid_preferences(table, i, layout, errors)
    if layout.preferences == "choices":
        return [(c, record[c]) for c in layout.columns if record.get(c, "")]
    if layout.preferences == "preferences":
        column = layout.columns[0]
        return [(column, name) for name in split_names(record.get(column, ""), names)]
    return []
