"""Name a project by its id or by its title, as a form records it.

A form's "Choix 1" question offers the project *titles*; an organiser's sheet names the *ids*.
:class:`ProjectNames` turns either into the id: an exact id first (ids win when a value is both
an id and a title), else a title compared after :func:`fold_title` (case, accents, runs of
spaces and punctuation at the ends ignored). An unknown or ambiguous name gets a hint naming
the closest ids and titles.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from matcher.i18n import tr

__all__ = ["Lookup", "ProjectNames", "fold_title"]

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
                            "’": "'", "‘": "'", "–": "-", "—": "-"})
_SPACES = re.compile(r"\s+")
_PUNCT_SPACES = re.compile(r"\s*([,;:])\s*")


def fold_title(text: str) -> str:
    """The form of a title that spelling variants share.

    NFKD with combining marks removed (``é`` -> ``e``), ligatures spelt out (``œ`` -> ``oe``),
    case folded, runs of whitespace made one space (none before ``,``, ``;`` and ``:``, one
    after), punctuation and spaces at the ends removed.

    >>> fold_title("  Rénovation  énergétique participative, Purpan. ")
    'renovation energetique participative, purpan'
    """
    text = unicodedata.normalize("NFKD", str(text).translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCT_SPACES.sub(r"\1 ", _SPACES.sub(" ", text.translate(_LIGATURES)))
    start, end = 0, len(text)
    while start < end and _edge(text[start]):
        start += 1
    while end > start and _edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PS"


@dataclass(frozen=True)
class Lookup:
    """What a name stands for: ``id`` when it names one project, else ``None`` and why.

    Attributes
    ----------
    id:
        The project id, or ``None``.
    by_title:
        Whether the name was a title (not an id).
    candidates:
        For an ambiguous title: the ids of the projects that bear it.
    """

    id: str | None
    by_title: bool = False
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProjectNames:
    """The ids and titles of a set of projects, to resolve names written by people.

    Parameters
    ----------
    projects:
        ``(id, title)`` pairs, in file order.
    """

    projects: Sequence[tuple[str, str]]
    _ids: frozenset[str] = field(init=False, repr=False)
    _titles: dict[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        titles: dict[str, list[str]] = {}
        for pid, title in self.projects:
            if title and fold_title(title):
                titles.setdefault(fold_title(title), []).append(pid)
        object.__setattr__(self, "_ids", frozenset(pid for pid, _ in self.projects))
        object.__setattr__(self, "_titles", {k: tuple(v) for k, v in titles.items()})

    def lookup(self, name: str) -> Lookup:
        """Resolve ``name`` (an id, or a title up to :func:`fold_title`)."""
        name = name.strip()
        if name in self._ids:
            return Lookup(name)
        ids = self._titles.get(fold_title(name), ())
        if len(ids) == 1:
            return Lookup(ids[0], by_title=True)
        return Lookup(None, by_title=bool(ids), candidates=ids)

    def resolve(self, name: str) -> str | None:
        """The id ``name`` stands for, or ``None``."""
        return self.lookup(name).id

    def knows(self, name: str) -> bool:
        """Whether ``name`` names exactly one project."""
        return self.lookup(name).id is not None

    def hint(self, name: str) -> str | None:
        """The fix for a name that :meth:`lookup` does not resolve, or ``None``.

        For an ambiguous title: the ids that share it. For an id written in another case or
        with accents left out: that id. Otherwise the closest ids and titles (difflib).
        """
        found = self.lookup(name)
        if found.candidates:
            return tr("{ids} share this title: name the project by its id",
                      ids=_join(found.candidates))
        folded_ids = {fold_title(pid): pid for pid in sorted(self._ids)}
        if fold_title(name) in folded_ids:
            return tr("did you mean {name!r}?", name=folded_ids[fold_title(name)])
        return self.closest(name)

    def closest(self, name: str) -> str | None:
        """``did you mean 'P08' (title)?`` for the closest ids and titles, or ``None``."""
        by_key: dict[str, str] = {}
        for pid, title in self.projects:
            by_key.setdefault(fold_title(pid), pid)
            if title:
                by_key.setdefault(fold_title(title), pid)
        keys = difflib.get_close_matches(fold_title(name), list(by_key), n=6, cutoff=0.6)
        picks: list[str] = []
        for key in keys:
            if by_key[key] not in picks:
                picks.append(by_key[key])
        if not picks:
            return None
        titles = dict(self.projects)
        shown = [f"{pid!r} ({titles[pid]})" if titles.get(pid) else repr(pid)
                 for pid in picks[:3]]
        return tr("did you mean {names}?", names=", ".join(shown))


def _join(ids: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in ids)
