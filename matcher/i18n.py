"""Messages in English and French.

Every sentence a person reads (errors, warnings, terminal tables, the report) is written in the
code as an English template passed through :func:`tr`::

    raise InputError(tr("row {row}: {value!r} is not a whole number", row=3, value="douze"))

The English template is the key; the French text lives in a catalog module under
``matcher/locales/fr/`` (one module per area, each defining ``MESSAGES: dict[str, str]``), so
that adding a message never edits a shared list. A template without a translation is shown in
English. ``tests/test_i18n.py`` fails when a literal template passed to :func:`tr` has no French
entry, or when an entry's placeholders differ from its template's.

The language is a context variable: the command line sets it once from ``--lang`` (default: the
locale), a library caller may use ``with language("fr"): ...``; threads started inside that
block inherit it through :func:`contextvars.copy_context` only, so the search threads, which
build no messages, need nothing.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

LANGUAGES: tuple[str, ...] = ("en", "fr")
"""The languages messages can be shown in; English is the language of the templates."""

_CURRENT: ContextVar[str] = ContextVar("matcher_language", default="en")


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for: ``"fr"`` for a French locale, else ``"en"``.

    Reads ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` and ``LANGUAGE`` in the order POSIX gives them
    precedence; the first one set decides.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "").strip()
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def current_language() -> str:
    """The language messages are built in, in this context."""
    return _CURRENT.get()


def set_language(lang: str) -> None:
    """Build messages in ``lang`` (``"en"`` or ``"fr"``) from now on, in this context."""
    _CURRENT.set(_checked(lang))


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Build messages in ``lang`` inside the ``with`` block only."""
    token = _CURRENT.set(_checked(lang))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def tr(template: str, /, **params: object) -> str:
    """``template`` in the current language, formatted with ``params`` (``str.format``).

    Without ``params`` the text is returned as it is (braces need no doubling).
    """
    text = catalog(current_language()).get(template, template)
    return text.format(**params) if params else text


def _checked(lang: str) -> str:
    key = lang.strip().lower()[:2]
    if key not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return key


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every translation into ``lang``, gathered from the modules of ``matcher.locales.<lang>``."""
    if lang == "en":
        return {}
    package = importlib.import_module(f"matcher.locales.{lang}")
    merged: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for key, text in getattr(module, "MESSAGES", {}).items():
            if key in merged and merged[key] != text:
                raise RuntimeError(f"two French texts for {key!r}: {merged[key]!r} and {text!r}")
            merged[key] = text
    return merged
