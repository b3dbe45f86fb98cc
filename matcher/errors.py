"""Errors raised by :mod:`matcher` for bad input.

The library never prints and never exits: a problem that cannot be *built* raises
:class:`InputError` (or pydantic's ``ValidationError`` when a :class:`~matcher.problem.Problem`
is constructed directly); a problem that can be built but has no solution is *not* an error,
it is the status ``INFEASIBLE`` on the :class:`~matcher.result.Result`.
"""

from __future__ import annotations

from matcher.i18n import tr


class MatcherError(Exception):
    """Base class of every error raised by :mod:`matcher`."""


class InputError(MatcherError, ValueError):
    """Bad input data, located as precisely as possible.

    Parameters
    ----------
    message:
        What is wrong, in words.
    file, row, column, value:
        Where it is. ``row`` is the spreadsheet row number: the header is row 1 and the
        first record is row 2, so the number matches what a spreadsheet program shows.
    hint:
        The fix, when one is plain ("did you mean 'P12'?").
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.hint = hint
        super().__init__(self.__str__())

    def location(self) -> str:
        """``file, row N, column 'c'`` for the parts that are known."""
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.row is not None:
            parts.append(tr("row {row}", row=self.row))
        if self.column:
            parts.append(tr("column '{column}'", column=self.column))
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        where = self.location()
        if self.value is not None and self.value != "":
            value = tr("value {value!r}", value=self.value)
            where = f"{where}, {value}" if where else value
        if where:
            text = f"{where}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return text


class InputErrors(InputError):
    """Several input errors found at once, reported together.

    ``errors`` holds each :class:`InputError`; ``str()`` lists them one per line so that a
    person can fix a whole file in one pass instead of one error per run.
    """

    def __init__(self, errors: list[InputError], *, limit: int = 25) -> None:
        self.errors = list(errors)
        self.limit = limit
        first = self.errors[0]
        super().__init__(
            first.message,
            file=first.file,
            row=first.row,
            column=first.column,
            value=first.value,
            hint=first.hint,
        )

    def __str__(self) -> str:
        if not getattr(self, "errors", None):
            return super().__str__()
        shown = [InputError.__str__(e) for e in self.errors[: self.limit]]
        more = len(self.errors) - len(shown)
        if more > 0:
            shown.append(tr("... and {more} more", more=more))
        if len(self.errors) == 1:
            return shown[0]
        head = tr("{count} problems in the input:", count=len(self.errors))
        return head + "\n" + "\n".join(f"  - {s}" for s in shown)
