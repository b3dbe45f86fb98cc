"""Helpers of the tests that read messages in French (imported by test files)."""

from __future__ import annotations

import re
import string

from matcher.i18n import catalog


def english_sentences() -> set[str]:
    """The literal parts of at least three words of every English template whose French text
    does not repeat them (an option name or a list of formats may stay as it is): none of them
    may appear in a French message."""
    out = set()
    for key, french in catalog("fr").items():
        for literal, *_ in string.Formatter().parse(key):
            part = literal.strip(" ,.;:()?!'\"")
            if len(re.findall(r"[a-zA-Z]+", part)) >= 3 and part not in french:
                out.add(part)
    return out
