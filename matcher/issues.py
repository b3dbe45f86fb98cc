"""Validation problems located on a record of a :class:`~matcher.problem.Problem`.

Below the problem and its parts (rules, dissimilarity, teammates), which all report through
:class:`RecordIssue`; :mod:`matcher.problem` re-exports both names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matcher.i18n import tr


@dataclass(frozen=True)
class RecordIssue:
    """One validation problem located on a record.

    ``collection`` is ``"students"``, ``"projects"``, ``"rules"`` or ``"weights"``; ``index`` the
    position of the record in it (``None`` for rules and weights); ``field`` the field name.
    """

    collection: str
    index: int | None
    field: str
    message: str
    value: Any = None
    hint: str | None = None

    def __str__(self) -> str:
        where = self.collection if self.index is None else f"{self.collection}[{self.index}]"
        text = f"{where}.{self.field}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ProblemValidationError(ValueError):
    """Raised inside :class:`Problem` validation; carries every :class:`RecordIssue` found."""

    def __init__(self, issues: list[RecordIssue]) -> None:
        self.issues = issues
        lines = [str(i) for i in issues[:25]]
        if len(issues) > 25:
            lines.append(tr("... and {more} more", more=len(issues) - 25))
        super().__init__("; ".join(lines))
