"""Lists in words, in the current language: ``a, b and c``."""

from __future__ import annotations

from collections.abc import Sequence

from matcher.i18n import tr


def join_words(items: Sequence[str], last: str | None = None) -> str:
    """``a, b and c`` (``last`` replaces ``and``, in the current language)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last or tr('and')} {items[-1]}"
