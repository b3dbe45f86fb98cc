"""Errors raised by :mod:`matcher` for bad input.

The library never prints and never exits: a problem that cannot be *built* raises
:class:`InputError` (or pydantic's ``ValidationError`` when a :class:`~matcher.problem.Problem`
is constructed directly); a problem that can be built but has no solution is *not* an error,
it is the status ``INFEASIBLE`` on the :class:`~matcher.result.Result`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from matcher.i18n import current_language, tr


class MatcherError(Exception):
    """Base class of every error raised by :mod:`matcher` for bad input or bad arguments.

    Every one reads as words (``str(e)``) and as data a program can act on
    (:meth:`to_dict`): ``{"code": ..., "message": ..., "details": [...]}``, each detail
    locating one problem (``file``/``row``/``column`` in a file read, or ``path``/``index``/
    ``field`` in a request or a :class:`~matcher.problem.Problem`, with ``value``, ``message``
    and ``hint``). ``json.dumps(e.to_dict())`` never raises.
    """

    #: A stable, machine-readable name of the kind of error.
    code: str = "matcher_error"

    def details(self) -> list[dict[str, Any]]:
        """The located problems, each a JSON-safe dict (none by default)."""
        return []

    def to_dict(self) -> dict[str, Any]:
        """``{"code", "message", "details"}``: the error as JSON-safe data."""
        return {"code": self.code, "message": str(self), "details": self.details()}


def json_safe(value: object) -> object:
    """``value`` as JSON can carry it: numbers, text, booleans and ``None`` as they are, lists
    and tuples item by item, a float JSON has no number for (``nan``, ``inf``) and anything
    else as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return str(value)


def detail(*, message: str, value: object = None, hint: str | None = None,
           **where: object) -> dict[str, Any]:
    """One located problem as a JSON-safe dict: the location keys given (``file``, ``row``,
    ``column`` or ``path``, ``index``, ``field``), then ``value``, ``message``, ``hint``."""
    out: dict[str, Any] = {k: json_safe(v) for k, v in where.items()}
    out.update(value=json_safe(value), message=message, hint=hint)
    return out


class _Located:
    """Where something in the input is (``file``, ``row``, ``column``, ``value``) and what
    about it (``message``, ``hint``), in words: shared by :class:`InputError` and
    :class:`InputWarning`."""

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


class InputError(_Located, MatcherError, ValueError):
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

    code = "invalid_input"

    def details(self) -> list[dict[str, Any]]:
        """This error, located: ``file``, ``row``, ``column``, ``value``, ``message``, ``hint``."""
        return [detail(file=self.file, row=self.row, column=self.column, value=self.value,
                       message=self.message, hint=self.hint)]


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

    def details(self) -> list[dict[str, Any]]:
        """Every error, located (see :meth:`InputError.details`)."""
        return [d for e in self.errors for d in InputError.details(e)]


class InputWarning(_Located, UserWarning):
    """Something in the input that was read one way among several, located like an
    :class:`InputError` (``file``, ``row``, ``column``, ``value``, ``hint``).

    Raised through :func:`warnings.warn` (the library never prints): a student who answered
    a form twice, of whom one answer was kept. The command line prints each on stderr; a
    library caller may record them with :func:`warnings.catch_warnings` or turn them into
    errors with ``warnings.simplefilter("error", InputWarning)``.
    """


class InputNotice(InputWarning):
    """How the input was read, said once for the organiser to check (the columns kept as
    attributes): not a problem. The command line prints it as a note, after the reading
    succeeded."""


def pydantic_message(error: Mapping[str, Any]) -> str:
    """The words of one pydantic error (an item of ``ValidationError.errors()``), in the
    current language.

    English keeps pydantic's own message. In another language the common error types are
    re-worded from their ``type`` and ``ctx``; a ``ValueError`` raised by one of our validators
    already speaks the language (it went through :func:`~matcher.i18n.tr`), so its text is
    shown without pydantic's ``Value error,`` prefix. Unknown types keep pydantic's message.
    """
    message = str(error.get("msg", ""))
    if current_language() == "en":
        return message
    ctx = error.get("ctx") or {}
    kind = str(error.get("type", ""))
    if kind in ("value_error", "assertion_error") and isinstance(ctx.get("error"), Exception):
        return str(ctx["error"])
    make = _PYDANTIC_MESSAGES.get(kind)
    return make({k: _plain(v) for k, v in ctx.items()}) if make else message


def _plain(value: object) -> object:
    """``0.0`` -> ``0``: the bound as pydantic prints it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


#: Re-worded pydantic error types (see :func:`pydantic_message`); the English template is
#: pydantic's own message, so that its translation sits in the catalog like any other.
_PYDANTIC_MESSAGES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "missing": lambda c: tr("Field required"),
    "extra_forbidden": lambda c: tr("Extra inputs are not permitted"),
    "int_type": lambda c: tr("Input should be a valid integer"),
    "int_parsing": lambda c: tr("Input should be a valid integer, unable to parse string as "
                                "an integer"),
    "int_from_float": lambda c: tr("Input should be a valid integer, got a number with a "
                                   "fractional part"),
    "float_type": lambda c: tr("Input should be a valid number"),
    "float_parsing": lambda c: tr("Input should be a valid number, unable to parse string as "
                                  "a number"),
    "string_type": lambda c: tr("Input should be a valid string"),
    "bool_type": lambda c: tr("Input should be a valid boolean"),
    "bool_parsing": lambda c: tr("Input should be a valid boolean, unable to interpret input"),
    "list_type": lambda c: tr("Input should be a valid list"),
    "tuple_type": lambda c: tr("Input should be a valid tuple"),
    "dict_type": lambda c: tr("Input should be a valid dictionary"),
    "model_type": lambda c: tr("Input should be a valid dictionary or instance of "
                               "{class_name}", class_name=c.get("class_name", "")),
    "greater_than": lambda c: tr("Input should be greater than {gt}", gt=c.get("gt")),
    "greater_than_equal": lambda c: tr("Input should be greater than or equal to {ge}",
                                       ge=c.get("ge")),
    "less_than": lambda c: tr("Input should be less than {lt}", lt=c.get("lt")),
    "less_than_equal": lambda c: tr("Input should be less than or equal to {le}",
                                    le=c.get("le")),
    "string_too_short": lambda c: tr("String should have at least {min_length} character(s)",
                                     min_length=c.get("min_length")),
    "literal_error": lambda c: tr("Input should be {expected}", expected=c.get("expected")),
}


class MissingExtra(MatcherError, ImportError):
    """A feature needs an optional dependency that is not installed.

    ``extra`` names the optional dependency set of ``pyproject.toml`` that provides it;
    ``str()`` says what is missing and gives the ``pip`` command that installs it.
    """

    code = "missing_extra"

    def __init__(self, message: str, *, extra: str) -> None:
        from matcher.distribution import install_hint

        self.message = message
        self.extra = extra
        self.hint = install_hint(extra)
        super().__init__(f"{message}: {self.hint}")

    def details(self) -> list[dict[str, Any]]:
        """The extra to install, as the hint."""
        return [detail(field="extra", value=self.extra, message=self.message, hint=self.hint)]


class ArgumentError(MatcherError, ValueError):
    """A bad argument to a library call (``workers=0``, a weight of 2.5, a malformed
    assignment), naming the argument (``field``), the value and what is expected.

    Parameters
    ----------
    argument:
        The parameter's name (``"workers"``, ``"weights.discipline"``).
    value:
        What was given.
    message:
        What is expected, in words.
    """

    code = "invalid_argument"

    def __init__(self, argument: str, value: object, message: str) -> None:
        self.argument = argument
        self.value = value
        self.message = message
        super().__init__(f"{argument}={value!r}: {message}")

    def details(self) -> list[dict[str, Any]]:
        """The argument, located by name (``field``)."""
        return [detail(field=self.argument, value=self.value, message=self.message)]
