"""Every literal template given to ``tr`` has a French text with the same placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import matcher
from matcher.i18n import catalog, default_language, language, tr

ROOT = Path(matcher.__file__).parent


def _templates() -> dict[str, str]:
    """Every string literal passed as first argument to ``tr`` in the package, with its place."""
    found: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "tr" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.slow
def test_every_template_has_a_french_text() -> None:
    fr = catalog("fr")
    missing = {t: where for t, where in _templates().items() if t not in fr}
    assert not missing, f"templates without a French text: {missing}"


def test_french_texts_keep_the_placeholders() -> None:
    fr = catalog("fr")
    wrong = {k: v for k, v in fr.items() if _fields(k) != _fields(v)}
    assert not wrong, f"French texts whose placeholders differ from the template: {wrong}"


def test_tr_follows_the_language() -> None:
    assert tr("error") == "error"
    with language("fr"):
        assert tr("error") == "erreur"
        assert tr("a template nobody translated {x}", x=1) == "a template nobody translated 1"
    assert tr("error") == "error"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        with language("de"):
            pass


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"LC_MESSAGES": "fr_CA"}, "fr"),
    ({}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
])
def test_default_language_from_the_locale(env: dict[str, str], expected: str) -> None:
    assert default_language(env) == expected
