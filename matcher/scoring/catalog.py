"""The scoring terms by name: the term half of :mod:`matcher.registry`.

Term names: ``kind`` for terms without attribute (``preference``, ``min_points``, ``moves``,
``unassigned``), ``kind.attribute`` for the others (``coverage.gender``, ``blau.discipline``,
``balance.year``, ``min_coverage.discipline``). ``discipline`` and ``institution`` are the
default objective's names for ``coverage.discipline`` and ``coverage.institution``.

Apart from the registry so that a rule over a term (:class:`~matcher.constraints.min_term.MinTerm`)
can name its term without importing the registry that registers the rule: the layers run
term plug-ins -> this catalog -> rule plug-ins -> :mod:`matcher.registry`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from matcher.i18n import tr
from matcher.issues import RecordIssue
from matcher.scoring.balance import Balance
from matcher.scoring.base import ScoringTerm
from matcher.scoring.blau import Blau
from matcher.scoring.coverage import Coverage
from matcher.scoring.min_coverage import MinCoverage
from matcher.scoring.min_points import MinPoints
from matcher.scoring.moves import Moves
from matcher.scoring.pairwise import Pairwise
from matcher.scoring.preference import Preference
from matcher.scoring.unassigned import Unassigned
from matcher.scoring.wishes import Wishes

if TYPE_CHECKING:
    from matcher.problem import Problem

#: Term kind -> plug-in class.
TERMS: dict[str, type[ScoringTerm]] = {
    t.kind: t for t in (Preference, Coverage, Blau, Balance, MinPoints, MinCoverage, Unassigned,
                        Moves, Pairwise, Wishes)
}

#: Short names of the default objective.
TERM_ALIASES: dict[str, str] = {
    "discipline": "coverage.discipline",
    "institution": "coverage.institution",
}


def canonical_term_name(name: str) -> str:
    """``coverage.discipline`` -> ``discipline``; other names unchanged (but stripped)."""
    name = name.strip()
    for short, long in TERM_ALIASES.items():
        if name == long:
            return short
    return name


def make_term(name: str) -> ScoringTerm:
    """The scoring term called ``name``; ``KeyError`` with the known names if unknown."""
    name = canonical_term_name(name)
    full = TERM_ALIASES.get(name, name)
    kind, _, attribute = full.partition(".")
    cls = TERMS.get(kind)
    if cls is None:
        raise KeyError(tr("unknown scoring term {name!r}; known: {known}", name=name,
                          known=", ".join(known_term_names())))
    if cls.needs_attribute and not attribute:
        raise KeyError(tr("scoring term {kind!r} needs an attribute: write {kind}.<attribute>, "
                          "e.g. {kind}.gender", kind=kind))
    if not cls.needs_attribute and attribute:
        raise KeyError(tr("scoring term {kind!r} takes no attribute (got {name!r})", kind=kind,
                          name=name))
    return cls(name, attribute or None)


def known_term_names() -> list[str]:
    """Names to show in errors and help texts."""
    names = list(TERM_ALIASES)
    for kind, cls in TERMS.items():
        names.append(f"{kind}.<attribute>" if cls.needs_attribute else kind)
    return names


def term_issues(problem: Problem, weights: Mapping[str, int]) -> list[RecordIssue]:
    """Unknown term names and unknown attributes in ``weights``."""
    out = []
    attributes = problem.attributes()
    for name in weights:
        try:
            term = make_term(name)
        except KeyError as e:
            out.append(RecordIssue("weights", None, name, str(e.args[0]), name))
            continue
        if term.attribute and term.attribute not in attributes:
            out.append(RecordIssue("weights", None, name,
                                   tr("unknown attribute {attribute!r} (known: {known})",
                                      attribute=term.attribute,
                                      known=", ".join(sorted(attributes))), name))
    return out
