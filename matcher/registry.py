"""Plug-ins by name: the hard rules and the scoring terms a config can refer to.

Plain dicts, no entry-point discovery. To add a rule, write ``matcher/constraints/<name>.py``
with one :class:`~matcher.constraints.base.Constraint` subclass (its parameters in the
``[rules]`` section, its faces) and register it in :data:`RULES`: :class:`~matcher.rules.Rules`,
the prechecks, the restricted domains and the default weights read it from there. To add a
scoring term, write ``matcher/scoring/<name>.py`` and register it in :data:`TERMS`.

Term names: ``kind`` for terms without attribute (``preference``, ``min_points``, ``moves``,
``unassigned``), ``kind.attribute`` for the others (``coverage.gender``, ``blau.discipline``,
``balance.year``, ``min_coverage.discipline``). ``discipline`` and ``institution`` are the
default objective's names for ``coverage.discipline`` and ``coverage.institution``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from matcher.constraints.assignment import OneTeamPerStudent
from matcher.constraints.avoid import Avoid
from matcher.constraints.base import Constraint
from matcher.constraints.fixed import Fixed
from matcher.constraints.keep_apart import KeepApart
from matcher.constraints.keep_together import KeepTogether
from matcher.constraints.max_per_value import MaxPerValue
from matcher.constraints.min_distinct import MinDistinct
from matcher.constraints.min_term import MinTerm
from matcher.constraints.new_teammates import NewTeammates
from matcher.constraints.no_isolated import NoIsolatedMinority
from matcher.constraints.proposers import ProposersStay
from matcher.constraints.refused import Refused
from matcher.constraints.team_size import TeamSize
from matcher.constraints.top_k import TopK
from matcher.i18n import tr
from matcher.problem import ProblemValidationError, RecordIssue
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

#: Rule name -> plug-in class. The order is the order rules are posted and checked.
RULES: dict[str, type[Constraint]] = {
    c.name: c
    for c in (
        OneTeamPerStudent,
        TeamSize,
        ProposersStay,
        Refused,
        TopK,
        Fixed,
        KeepTogether,
        KeepApart,
        Avoid,
        MaxPerValue,
        MinDistinct,
        NoIsolatedMinority,
        NewTeammates,
        MinTerm,
    )
}

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

#: Weight of ``moves`` when a previous formation is given and no weight is given.
DEFAULT_MOVES_WEIGHT = 30

#: Weight of ``wishes`` when some student wishes to be with someone and no weight is given:
#: a granted wish is worth 3 preference points (the wisher three ranks lower), and a mutual
#: wish (6) less than one more discipline in a team (10): wishes are granted where they cost
#: little, and do not undo the diversity the tool is for.
DEFAULT_WISHES_WEIGHT = 3


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


def effective_weights(problem: Problem, weights: Mapping[str, int] | None = None
                      ) -> dict[str, int]:
    """The problem's weights, overridden by ``weights``, with canonical names.

    Adds the default weights of the problem's rules that the weights do not name
    (:meth:`Constraint.default_weights <matcher.constraints.base.Constraint.default_weights>`:
    ``unassigned`` when students may stay without a team), ``moves`` at
    :data:`DEFAULT_MOVES_WEIGHT` when a previous formation is given and no weight is given for
    it, and ``wishes`` at :data:`DEFAULT_WISHES_WEIGHT` when some student wishes to be with
    someone and no weight is given for it.

    Raises :class:`~matcher.problem.ProblemValidationError` (a ``ValueError``) naming every
    unknown term or attribute of the problem's weights and of ``weights`` (:func:`term_issues`):
    the weights are validated here, where they are resolved, not by the ``Problem`` model.
    """
    issues = term_issues(problem, {**problem.weights, **(weights or {})})
    if issues:
        raise ProblemValidationError(issues)
    out = {canonical_term_name(k): int(v) for k, v in problem.weights.items()}
    for k, v in (weights or {}).items():
        out[canonical_term_name(k)] = int(v)
    for cls in RULES.values():
        for name, weight in cls.default_weights(problem).items():
            out.setdefault(name, weight)
    if problem.previous and "moves" not in out:
        out["moves"] = DEFAULT_MOVES_WEIGHT
    if "wishes" not in out and any(s.wishes for s in problem.students):
        out["wishes"] = DEFAULT_WISHES_WEIGHT
    return out


def make_terms(problem: Problem, weights: Mapping[str, int] | None = None
               ) -> list[tuple[ScoringTerm, int]]:
    """(term, weight) for every term of the effective weights (zero weights included)."""
    return [(make_term(name), w) for name, w in effective_weights(problem, weights).items()]


def make_constraints(problem: Problem) -> list[Constraint]:
    """Every rule instance the problem calls for, in :data:`RULES` order."""
    out: list[Constraint] = []
    for cls in RULES.values():
        out.extend(cls.from_problem(problem))
    return out
