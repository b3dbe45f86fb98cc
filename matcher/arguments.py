"""Checks of the arguments of the library's calls: refused with an
:class:`~matcher.errors.ArgumentError` naming the argument and the value, never taken silently
(a weight of 2.5 run as 2, ``workers=0`` or a ``nan`` time limit run as if valid).

Shared by :func:`matcher.solve`, :func:`matcher.check`, :func:`matcher.score` and the weights'
resolution (:func:`matcher.registry.effective_weights`), so that the command line and the
server, which call them, refuse the same values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real

from matcher.errors import ArgumentError
from matcher.i18n import tr


def _is_integer(value: object) -> bool:
    """An ``int`` (not a ``bool``), or a float with no fractional part (2.0)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, Integral):
        return True
    return isinstance(value, float) and math.isfinite(value) and value.is_integer()


def integer(name: str, value: object) -> int:
    """``value`` as an ``int``: 2 and 2.0 are 2; 2.5, ``True``, ``"2"``, ``nan`` are refused."""
    if not _is_integer(value):
        raise ArgumentError(name, value, tr("expected an integer"))
    return int(value)  # type: ignore[call-overload]


def weights(given: Mapping[str, object] | None, name: str = "weights") -> dict[str, int]:
    """The weights as integers (``{}`` for ``None``), each checked by :func:`integer`.

    Model: a weight :math:`w_t \\in \\mathbb{Z}` multiplies term :math:`t` in the objective.
    """
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise ArgumentError(name, given, tr("expected a mapping of term name to integer weight"))
    return {k: integer(f"{name}.{k}", v) for k, v in given.items()}


def workers(value: object) -> int | None:
    """``None`` (the default), or an integer at least 1."""
    if value is None:
        return None
    n = integer("workers", value)
    if n < 1:
        raise ArgumentError("workers", value, tr("expected at least 1 search thread"))
    return n


def _real(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ArgumentError(name, value, tr("expected a finite number"))
    return float(value)


def time_limit(value: object) -> float | None:
    """``None`` (no limit), or a finite number of seconds above 0."""
    if value is None:
        return None
    seconds = _real("time_limit", value)
    if seconds <= 0:
        raise ArgumentError("time_limit", value, tr("expected a number of seconds above 0, "
                                                    "or None for no limit"))
    return seconds


def gap_limit(value: object) -> float | None:
    """``None``, or a finite relative gap at least 0."""
    if value is None:
        return None
    gap = _real("gap_limit", value)
    if gap < 0:
        raise ArgumentError("gap_limit", value, tr("expected a relative gap of at least 0"))
    return gap


def seed(value: object) -> int | None:
    """``None`` (seed 0), or an integer."""
    return None if value is None else integer("seed", value)


def assignment(value: object) -> Mapping[str, str | None]:
    """A mapping of student id (text) to project id (text) or ``None``; anything else (a list
    of pairs, a number for an id) is refused, naming the first bad entry."""
    if not isinstance(value, Mapping):
        raise ArgumentError("assignment", _short(value),
                            tr("expected a mapping of student id to project id or None, "
                               "e.g. {example}", example='{"S1": "P1"}'))
    for student, project in value.items():
        if not isinstance(student, str):
            raise ArgumentError("assignment", student, tr("a student id must be text"))
        if project is not None and not isinstance(project, str):
            raise ArgumentError(f"assignment[{student!r}]", project,
                                tr("a project id must be text, or None for no team"))
    return value


def _short(value: object) -> object:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
