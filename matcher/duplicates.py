"""One answer per student: a form keeps every answer, so a student who sent it twice has two rows.

Policies (``read_problem(..., duplicates=...)``, ``--duplicates``, ``[input] duplicates``):

* ``latest`` (default): keep the answer given last, by the form's time column when the table
  has one (see :data:`matcher.forms.TIME_COLUMNS`), else the last row;
* ``earliest``: keep the first;
* ``error``: every repeated id is an error.

Each answer dropped is reported as an :class:`~matcher.errors.InputWarning` naming the student
and the row kept. Two rows with one id but different names are two people, not one person
answering twice: an error under every policy.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Literal, get_args

from matcher.errors import InputError, InputWarning
from matcher.forms import FormLayout
from matcher.i18n import tr
from matcher.identity import id_key
from matcher.io.table import Table
from matcher.io.timestamps import day_first, parse_timestamp
from matcher.project_names import fold_title

__all__ = ["DUPLICATE_POLICIES", "AnswersMerged", "DuplicatePolicy", "keep_one_answer"]


class AnswersMerged(InputWarning):
    """Several rows are one student (answered twice, or an id written in two ways): one is
    kept."""


DuplicatePolicy = Literal["latest", "earliest", "error"]
#: The accepted values of ``duplicates``.
DUPLICATE_POLICIES: tuple[str, ...] = get_args(DuplicatePolicy)


def keep_one_answer(
    table: Table, layout: FormLayout, policy: str, errors: list[InputError]
) -> tuple[Table, list[InputWarning]]:
    """Keep one record per student id in ``table``, as ``policy`` says.

    Parameters
    ----------
    table:
        The students table (records without an id are kept: they are reported elsewhere).
    layout:
        Its :class:`~matcher.forms.FormLayout`, for the time column.
    policy:
        ``"latest"``, ``"earliest"`` or ``"error"``.
    errors:
        Where errors are added: an id shared by different names, a repeated id under
        ``"error"``, an answer time that cannot be read.

    Returns
    -------
    tuple[Table, list[InputWarning]]
        The table without the dropped records (rows keep their numbers), and one warning per
        student who answered more than once.
    """
    if policy not in DUPLICATE_POLICIES:
        raise ValueError(tr("duplicates must be one of {choices}, not {policy!r}",
                            choices=", ".join(DUPLICATE_POLICIES), policy=policy))
    groups: dict[str, list[int]] = {}
    for i, record in enumerate(table.records):
        if record.get("id"):
            groups.setdefault(id_key(record["id"]), []).append(i)
    repeated = {table.records[idx[0]]["id"]: idx for idx in groups.values() if len(idx) > 1}
    if not repeated:
        return table, []
    times = _times(table, layout, repeated, errors)
    dropped: set[int] = set()
    warnings: list[InputWarning] = []
    for sid, indices in repeated.items():
        if _other_person(table, indices, sid, errors):
            continue
        if policy == "error":
            for i in indices[1:]:
                other = table.records[i]["id"]
                message = (tr("duplicate student id {id!r} (also row {row})", id=sid,
                              row=table.rows[indices[0]]) if other == sid else
                           tr("student id {id!r} is {other!r} of row {row} written otherwise "
                              "(case, spaces): one person", id=other, other=sid,
                              row=table.rows[indices[0]]))
                errors.append(table.error(
                    i, "id", message,
                    hint=tr("--duplicates latest keeps each student's latest answer")))
            continue
        if times is not None and any(times.get(i) is None for i in indices):
            continue  # an unreadable time is already an error
        kept = _pick(indices, times, latest=policy == "latest")
        dropped.update(i for i in indices if i != kept)
        warnings.append(_warning(table, layout, sid, indices, kept, policy, times is not None))
    if not dropped:
        return table, warnings
    keep = [i for i in range(len(table.records)) if i not in dropped]
    return replace(table, records=tuple(table.records[i] for i in keep),
                   rows=tuple(table.rows[i] for i in keep)), warnings


def _times(table: Table, layout: FormLayout, repeated: dict[str, list[int]],
           errors: list[InputError]) -> dict[int, object] | None:
    """Record index -> moment of answer, for the repeated ids; ``None`` without a time column."""
    column = layout.timestamp
    if column is None:
        return None
    values = [r.get(column, "") for r in table.records]
    dayfirst = day_first(values, default=layout.dayfirst)
    hint = tr("needed to keep one of the student's answers; write it like "
              "30/11/2026 14:03:12 or 2026-11-30 14:03:12")
    indices = sorted(i for group in repeated.values() for i in group)
    if dayfirst is None:
        errors.append(table.error(indices[0], column,
                                  tr("this column mixes day-first and month-first dates"),
                                  hint=hint))
        return dict.fromkeys(indices)
    out: dict[int, object] = {}
    for i in indices:
        out[i] = parse_timestamp(values[i], dayfirst=dayfirst)
        if out[i] is None:
            errors.append(table.error(i, column, tr("cannot read this answer time"), hint=hint))
    return out


def _other_person(table: Table, indices: list[int], sid: str,
                  errors: list[InputError]) -> bool:
    """Whether the rows of ``sid`` bear names too different to be one person (an error)."""
    first = table.records[indices[0]].get("name", "")
    found = False
    for i in indices[1:]:
        name = table.records[i].get("name", "")
        if _same_person(first, name):
            continue
        found = True
        errors.append(table.error(
            i, "id", tr("duplicate student id {id!r} (also row {row}, under the name "
                        "{name!r})", id=sid, row=table.rows[indices[0]], name=first),
            hint=tr("two students share this id: give each their own")))
    return found


def _same_person(a: str, b: str) -> bool:
    a, b = fold_title(a), fold_title(b)
    if not a or not b or a == b or a in b or b in a:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


def _pick(indices: list[int], times: dict[int, object] | None, *, latest: bool) -> int:
    """The record kept: the latest (or earliest) answer; among equal times, the last (or
    first) row."""
    if times is None:
        return indices[-1] if latest else indices[0]
    order = sorted(indices, key=lambda i: (times[i], i))  # type: ignore[return-value]
    return order[-1] if latest else order[0]


def _warning(table: Table, layout: FormLayout, sid: str, indices: list[int], kept: int,
             policy: str, timed: bool) -> InputWarning:
    rows = ", ".join(str(table.rows[i]) for i in indices)
    if policy == "latest":
        which = tr("the latest answer") if timed else tr("the last row")
    else:
        which = tr("the earliest answer") if timed else tr("the first row")
    column = layout.timestamp if timed else "id"
    spellings = list(dict.fromkeys(table.records[i]["id"] for i in indices))
    message = tr("student {id!r} answered {count} times (rows {rows}): row {row}, {which}, "
                 "is kept", id=sid, count=len(indices), rows=rows, row=table.rows[kept],
                 which=which)
    if len(spellings) > 1:
        message += " " + tr("({ids}: one id written otherwise, case or spaces)",
                            ids=", ".join(repr(s) for s in spellings))
    return AnswersMerged(
        message,
        file=table.path, row=table.rows[kept],
        column=table.original_headers.get(column, column) if column else None,
        value=table.records[kept].get(column or "id"),
        hint=tr("--duplicates earliest keeps the first answer, --duplicates error refuses "
                "repeated ids") if policy == "latest" else None)
