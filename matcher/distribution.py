"""The name ``matcher`` is installed under, and the ``pip`` command that adds an extra.

The import package and the command are ``matcher``; the distribution on the package index is
:data:`DISTRIBUTION` (``matcher`` was taken there). Messages that tell a person what to install
build the command with :func:`install_hint`, so the name is written once.
"""

from __future__ import annotations

DISTRIBUTION = "matcher-teams"
"""The distribution name: ``pip install matcher-teams``; ``importlib.metadata`` knows it so."""

EXTRAS: tuple[str, ...] = ("mdgp", "dask", "plot", "serve", "test", "bench", "dev")
"""The optional dependency sets ``pyproject.toml`` declares."""


def install_hint(extra: str) -> str:
    """``pip install 'matcher-teams[EXTRA]'``: the command that installs an optional extra."""
    if extra not in EXTRAS:
        raise ValueError(f"unknown extra {extra!r}; known: {', '.join(EXTRAS)}")
    return f"pip install '{DISTRIBUTION}[{extra}]'"
