"""Validation problems located on a record of a :class:`~matcher.problem.Problem`.

Below the problem and its parts (rules, dissimilarity, teammates), which all report through
:class:`RecordIssue`; :mod:`matcher.problem` re-exports both names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from matcher.errors import MatcherError, detail, pydantic_message
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

    def to_detail(self, prefix: str = "") -> dict[str, Any]:
        """This issue as a JSON-safe detail (see :meth:`MatcherError.to_dict
        <matcher.errors.MatcherError.to_dict>`): ``path`` to the field
        (``students[3].preferences``, after ``prefix``), ``index``, ``field``, ``value``,
        ``message``, ``hint``."""
        where = self.collection if self.index is None else f"{self.collection}[{self.index}]"
        path = f"{prefix}.{where}" if prefix else where
        return detail(path=f"{path}.{self.field}", index=self.index, field=self.field,
                      value=self.value, message=self.message, hint=self.hint)


class ProblemValidationError(MatcherError, ValueError):
    """Raised inside :class:`Problem` validation; carries every :class:`RecordIssue` found.

    Constructing a :class:`~matcher.problem.Problem` directly raises
    :class:`InvalidProblemError` (pydantic's ``ValidationError``, which wraps this one);
    :func:`~matcher.registry.effective_weights` raises this one for weights given to a call.
    """

    code = "invalid_problem"

    def __init__(self, issues: list[RecordIssue]) -> None:
        self.issues = issues
        lines = [str(i) for i in issues[:25]]
        if len(issues) > 25:
            lines.append(tr("... and {more} more", more=len(issues) - 25))
        super().__init__("; ".join(lines))

    def details(self) -> list[dict[str, Any]]:
        """Every issue, located by path (:meth:`RecordIssue.to_detail`)."""
        return [i.to_detail() for i in self.issues]


def path_of(loc: tuple[int | str, ...]) -> str:
    """``("students", 3, "id")`` -> ``students[3].id``: a pydantic location as a JSON path."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_details(e: ValidationError) -> list[dict[str, Any]]:
    """Each problem of a pydantic error as a JSON-safe detail: the :class:`RecordIssue` of a
    wrapped :class:`ProblemValidationError` one by one, pydantic's own errors by path
    (``path``, ``index`` of the last list position, ``field`` the last name)."""
    out: list[dict[str, Any]] = []
    for err in e.errors():
        loc = tuple(err["loc"])
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, ProblemValidationError):
            out.extend(i.to_detail(path_of(loc)) for i in ctx_error.issues)
            continue
        names = [p for p in loc if isinstance(p, str)]
        indices = [p for p in loc if isinstance(p, int)]
        value = err.get("input")
        out.append(detail(path=path_of(loc), index=indices[-1] if indices else None,
                          field=names[-1] if names else None,
                          value=None if isinstance(value, dict | list) else value,
                          message=pydantic_message(err)))
    return out


class InvalidProblemError(MatcherError, ValidationError):
    """Pydantic's ``ValidationError`` of a :class:`~matcher.problem.Problem` built directly,
    also a :class:`~matcher.errors.MatcherError`: ``except ValidationError`` still catches it,
    and :meth:`to_dict` gives every problem located by path
    (:func:`validation_details`)."""

    code = "invalid_problem"

    @classmethod
    def wrap(cls, e: ValidationError) -> InvalidProblemError:
        """The same errors as ``e``, as this class."""
        return cls.from_exception_data(e.title, e.errors())  # type: ignore[arg-type]

    def details(self) -> list[dict[str, Any]]:
        """Every problem, located (:func:`validation_details`)."""
        return validation_details(self)

    def to_dict(self) -> dict[str, Any]:
        """``{"code", "message", "details"}``; the message counts the problems."""
        details = self.details()
        message = details[0]["message"] if len(details) == 1 else tr(
            "{count} problems in the input", count=len(details))
        return {"code": self.code, "message": message, "details": details}
