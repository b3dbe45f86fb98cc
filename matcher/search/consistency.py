"""Internal consistency checks of the search: a bug found is a warning on the result, or an
error in strict mode.

The search checks itself as it goes: the gain an LNS step computed against the change of
the incremental objective, the objective after an undone step, the final teams against every
rule, the incremental objective and each term's solver value against the direct scoring
(:mod:`matcher.check`). A disagreement is a bug of ours, never of the input, so the caller
still gets teams: the check's site undoes its step (or falls back to the last teams known to
be consistent), calls :func:`inconsistent`, and the search goes on. The message then reaches
:attr:`matcher.result.Result.warnings`, collected by :func:`recording` around one solve.

Strict mode (the test suite, CI, a developer hunting the bug) raises
:class:`InconsistencyError` instead, at the check: the environment variable
``MATCHER_STRICT=1`` (read at each check), or in the library ``with strict_mode():`` around
the call (a context variable: no global state, other threads' solves unaffected).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

logger = logging.getLogger(__name__)

#: The environment variable that turns strict mode on (``1``, ``true``, ``yes``, ``on``).
STRICT_ENV = "MATCHER_STRICT"

#: At most this many warnings are kept per solve (then one line counts the rest): a check
#: failing at every step of a long search must not grow the result without end.
MAX_WARNINGS = 20

_strict: ContextVar[bool | None] = ContextVar("matcher_strict", default=None)
_found: ContextVar[list[str] | None] = ContextVar("matcher_inconsistencies", default=None)


class InconsistencyError(RuntimeError):
    """Two computations of the search that must agree did not (raised in strict mode)."""


@contextmanager
def strict_mode(value: bool = True) -> Iterator[None]:
    """In this context (this thread, or a context copied from it): raise at every
    inconsistency (``True``) or record it as a warning (``False``), whatever
    :data:`STRICT_ENV` says."""
    token = _strict.set(value)
    try:
        yield
    finally:
        _strict.reset(token)


def is_strict() -> bool:
    """Whether an inconsistency raises: :func:`strict_mode`'s value, else :data:`STRICT_ENV`."""
    value = _strict.get()
    if value is not None:
        return value
    return os.environ.get(STRICT_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def inconsistent(message: str, cause: BaseException | None = None) -> None:
    """Report an internal inconsistency (``cause``: the exception of a helper that failed):
    raise :class:`InconsistencyError` in strict mode, else log it and add it to the warnings
    of the solve being recorded (:func:`recording`).

    The caller has undone the step (or fallen back to consistent teams) before calling it, or
    does so when it returns."""
    if is_strict():
        raise InconsistencyError(message) from cause
    logger.warning("internal inconsistency (step undone, search goes on): %s", message,
                   exc_info=cause)
    found = _found.get()
    if found is not None:
        found.append(message)


@contextmanager
def recording() -> Iterator[list[str]]:
    """Collect the inconsistencies reported in this context (this thread's solve); the list
    yielded fills as they happen (see :func:`warnings_of`)."""
    found: list[str] = []
    token = _found.set(found)
    try:
        yield found
    finally:
        _found.reset(token)


def warnings_of(found: list[str]) -> list[str]:
    """The warnings to put on a result: ``found``, each once, in order, at most
    :data:`MAX_WARNINGS` of them and a line counting the rest."""
    unique = list(dict.fromkeys(found))
    if len(unique) <= MAX_WARNINGS:
        return [_worded(m) for m in unique]
    kept = [_worded(m) for m in unique[:MAX_WARNINGS]]
    return kept + [f"{len(unique) - MAX_WARNINGS} more internal inconsistencies left out"]


def _worded(message: str) -> str:
    return f"internal inconsistency, undone (the teams are valid): {message}"
