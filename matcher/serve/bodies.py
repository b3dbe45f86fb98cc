"""JSON bodies read strictly: standard JSON only, finite numbers, bounded nesting, UTF-8.

Python's :func:`json.loads` accepts ``NaN`` and ``Infinity``, turns ``1e999`` into an infinite
float and recurses once per level of nesting: a body built to exploit any of these became a
plain-text 500 (an answer that cannot be encoded, a ``RecursionError``). :func:`strict_json`
refuses them all with a located :class:`~matcher.errors.InputError` instead; the server's
guard (:mod:`matcher.serve.guard`) reads every JSON body with it before any route sees it.
"""

from __future__ import annotations

import json
import math
from typing import Any

from matcher.errors import InputError
from matcher.i18n import tr

#: The deepest nesting of arrays and objects a body may have (a problem needs about 6).
MAX_DEPTH = 64


class _Refused(ValueError):
    """A value JSON allows Python to read but a body may not carry."""


def _constant(name: str) -> Any:
    raise _Refused(tr("{value} is not a JSON number: send a finite number", value=name))


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(tr("the number {value} is too large", value=text[:40]))
    return value


def _too_deep() -> InputError:
    return InputError(tr("the JSON is nested more than {depth} levels deep", depth=MAX_DEPTH),
                      file=tr("<request>"))


def _check_depth(data: Any) -> None:
    """Level by level, containers only: no recursion however deep ``data`` is."""
    level = [data] if isinstance(data, dict | list) else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            raise _too_deep()
        below: list[Any] = []
        for value in level:
            items = value.values() if isinstance(value, dict) else value
            below.extend(v for v in items if isinstance(v, dict | list))
        level = below


def strict_json(raw: bytes) -> Any:
    """The JSON value of ``raw`` (an empty body is ``{}``).

    Raises
    ------
    InputError
        Not UTF-8, not JSON (line and column named), ``NaN``/``Infinity``, a number too large
        for a float, or nesting deeper than :data:`MAX_DEPTH`.
    """
    name = tr("<request>")
    try:
        text = raw.decode("utf-8") if raw else "{}"
    except UnicodeDecodeError as e:
        raise InputError(tr("the body is not UTF-8 text (byte {at})", at=e.start),
                         file=name) from None
    try:
        data = json.loads(text, parse_constant=_constant, parse_float=_number)
    except RecursionError:
        raise _too_deep() from None
    except json.JSONDecodeError as e:
        raise InputError(tr("not valid JSON: {error}", error=e.msg), file=name, row=e.lineno,
                         hint=tr("line {line}, column {column}", line=e.lineno,
                                 column=e.colno)) from None
    except ValueError as e:  # _Refused, or an integer of more digits than Python reads
        raise InputError(str(e), file=name) from None
    _check_depth(data)
    return data
