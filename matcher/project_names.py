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
from collections.abc import Iterable, Mapping, Sequence
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


_CONNECTIVES = re.compile(r"\s*(?:&|\+|\bet\b|\band\b)\s*")
_DASHES = re.compile(r"\s*(?::|\s-\s|/|\(|\))\s*")


def loose_title(text: str) -> str:
    """A title up to the near-misses of copied titles: ``&``, ``+``, ``et`` and ``and`` are
    one word; ``:``, `` - ``, ``/`` and brackets are a space.

    >>> loose_title("Eau & énergie : le retour") == loose_title("Eau et énergie - le retour")
    True
    """
    text = fold_title(text)
    text = _CONNECTIVES.sub(" et ", text)
    text = _DASHES.sub(" ", f" {text} ")
    return " ".join(text.split())


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
    near:
        How a name that is not the id nor the title was resolved: ``"alias"`` (the config's
        ``[aliases]``), ``"near"`` (the title up to ``&``/``et``/``and`` and ``:``/``-``), or
        ``""``. The reader warns of it.
    """

    id: str | None
    by_title: bool = False
    candidates: tuple[str, ...] = ()
    near: str = ""


@dataclass(frozen=True)
class ProjectNames:
    """The ids and titles of a set of projects, to resolve names written by people.

    Parameters
    ----------
    projects:
        ``(id, title)`` pairs, in file order.
    aliases:
        Other names of projects (the config's ``[aliases]``): alias -> project id or title.
    """

    projects: Sequence[tuple[str, str]]
    aliases: Mapping[str, str] = field(default_factory=dict)
    _ids: frozenset[str] = field(init=False, repr=False)
    _titles: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _loose: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _alias: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        titles: dict[str, list[str]] = {}
        loose: dict[str, list[str]] = {}
        for pid, title in self.projects:
            if title and fold_title(title):
                titles.setdefault(fold_title(title), []).append(pid)
                loose.setdefault(loose_title(title), []).append(pid)
        object.__setattr__(self, "_ids", frozenset(pid for pid, _ in self.projects))
        object.__setattr__(self, "_titles", {k: tuple(v) for k, v in titles.items()})
        object.__setattr__(self, "_loose", {k: tuple(v) for k, v in loose.items()})
        alias: dict[str, str] = {}
        for name, target in self.aliases.items():
            pid = target if target in self._ids else None
            if pid is None and len(self._titles.get(fold_title(target), ())) == 1:
                pid = self._titles[fold_title(target)][0]
            if pid is not None:
                alias[fold_title(name)] = pid
        object.__setattr__(self, "_alias", alias)

    def title_of(self, pid: str) -> str:
        """The title of project ``pid`` (``""`` if it has none)."""
        return next((title for p, title in self.projects if p == pid), "")

    def unknown_aliases(self) -> list[str]:
        """The aliases whose target is neither a project id nor a single project's title."""
        return [name for name in self.aliases if fold_title(name) not in self._alias]

    def lookup(self, name: str) -> Lookup:
        """Resolve ``name`` (an id, or a title up to :func:`fold_title`)."""
        name = name.strip()
        if name in self._ids:
            return Lookup(name)
        ids = self._titles.get(fold_title(name), ())
        if len(ids) == 1:
            return Lookup(ids[0], by_title=True)
        if ids:
            return Lookup(None, by_title=True, candidates=ids)
        if fold_title(name) in self._alias:
            return Lookup(self._alias[fold_title(name)], by_title=True, near="alias")
        near = self._loose.get(loose_title(name), ())
        if len(near) == 1:
            return Lookup(near[0], by_title=True, near="near")
        return Lookup(None)

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
