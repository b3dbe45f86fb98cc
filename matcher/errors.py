"""Errors raised by :mod:`matcher` for bad input.

The library never prints and never exits: a problem that cannot be *built* raises
:class:`InputError` (or pydantic's ``ValidationError`` when a :class:`~matcher.problem.Problem`
is constructed directly); a problem that can be built but has no solution is *not* an error,
it is the status ``INFEASIBLE`` on the :class:`~matcher.result.Result`.
"""

from __future__ import annotations


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
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        where = self.location()
        if self.value is not None and self.value != "":
            where = f"{where}, value {self.value!r}" if where else f"value {self.value!r}"
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
            shown.append(f"... and {more} more")
        if len(self.errors) == 1:
            return shown[0]
        return f"{len(self.errors)} problems in the input:\n" + "\n".join(f"  - {s}" for s in shown)


class InputWarning(UserWarning):
    """Something in the input that was read one way among several, located like an
    :class:`InputError` (``file``, ``row``, ``column``, ``value``, ``hint``).

    Raised through :func:`warnings.warn` (the library never prints): a student who answered
    a form twice, of whom one answer was kept. The command line prints each on stderr; a
    library caller may record them with :func:`warnings.catch_warnings` or turn them into
    errors with ``warnings.simplefilter("error", InputWarning)``.
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
        super().__init__(str(self))

    def __str__(self) -> str:
        return InputError.__str__(self)  # type: ignore[arg-type]  # same fields, same words

    def location(self) -> str:
        """``file, row N, column 'c'`` for the parts that are known."""
        return InputError.location(self)  # type: ignore[arg-type]
