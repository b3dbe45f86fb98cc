"""The API's errors: one JSON shape for every 4xx and 5xx answer.

``{"error": {"code": ..., "message": ..., "details": [{"file", "row", "column", "value",
"message"}, ...]}}``; :class:`ApiError` carries it from a handler to the exception handler
that :func:`install_handlers` registers.
"""

from __future__ import annotations

import math
from typing import Any

from matcher.errors import InputError, InputErrors
from matcher.i18n import tr

#: HTTP status of each error code.
STATUS: dict[str, int] = {
    "invalid_problem": 422,
    "bad_request": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "too_large": 413,
    "unsupported_media_type": 415,
    "busy": 503,
    "store_full": 507,
    "internal": 500,
}


class ApiError(Exception):
    """An error answer: ``code`` (a key of :data:`STATUS`), a translated ``message`` and the
    located ``details``."""

    def __init__(self, code: str, message: str,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or []

    @property
    def status(self) -> int:
        """The HTTP status."""
        return STATUS[self.code]

    def body(self) -> dict[str, Any]:
        """The JSON body."""
        return {"error": {"code": self.code, "message": self.message,
                          "details": self.details}}


def _plain(value: object) -> object:
    """``value`` as JSON can carry it: text for anything else, and for a float JSON has no
    number for (``inf`` from a TOML ``1e999``, ``nan``)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def located(error: InputError) -> dict[str, Any]:
    """One located error or warning as a JSON object (the words the command prints)."""
    return {"file": error.file, "row": error.row, "column": error.column,
            "value": _plain(error.value), "message": error.message, "hint": error.hint,
            "text": InputError.__str__(error)}


def invalid(error: InputError) -> ApiError:
    """422 for bad input, every located error listed."""
    errors = error.errors if isinstance(error, InputErrors) else [error]
    return ApiError("invalid_problem", str(errors[0]) if len(errors) == 1 else
                    tr("{count} problems in the input", count=len(errors)),
                    [located(e) for e in errors])


def problem_not_found(ident: str) -> ApiError:
    """404 for an unknown problem id."""
    return ApiError("not_found", tr("no problem with id {id!r}", id=ident))


def job_not_found(ident: str) -> ApiError:
    """404 for an unknown job id."""
    return ApiError("not_found", tr("no job with id {id!r}", id=ident))
