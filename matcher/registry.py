"""Plug-ins by name: the hard rules and the scoring terms a config can refer to.

Plain dicts, no entry-point discovery. To add a rule, write ``matcher/constraints/<name>.py``
with one :class:`~matcher.constraints.base.Constraint` subclass (its parameters in the
``[rules]`` section, its faces) and register it in :data:`RULES`: :class:`~matcher.rules.Rules`,
the prechecks, the restricted domains and the default weights read it from there. To add a
scoring term, write ``matcher/scoring/<name>.py`` and register it in :data:`TERMS`, which lives
in :mod:`matcher.scoring.catalog` (with the term names' grammar and :func:`term_issues`) so
that a rule over a term (``min_term``) can name it, and is re-exported here.

"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from matcher import arguments
from matcher.constraints.assignment import OneTeamPerStudent
from matcher.constraints.avoid import Avoid
from matcher.constraints.base import Constraint
from matcher.constraints.fixed import Fixed
from matcher.constraints.keep_apart import KeepApart
from matcher.constraints.keep_together import KeepTogether
from matcher.constraints.max_per_value import MaxPerValue
from matcher.constraints.max_unranked import MaxUnranked
from matcher.constraints.min_distinct import MinDistinct
from matcher.constraints.min_term import MinTerm
from matcher.constraints.new_teammates import NewTeammates
from matcher.constraints.no_isolated import NoIsolatedMinority
from matcher.constraints.open_ideas import OpenIdeas
from matcher.constraints.proposers import ProposersStay
from matcher.constraints.refused import Refused
from matcher.constraints.team_size import TeamSize
from matcher.constraints.top_k import TopK
from matcher.issues import ProblemValidationError
from matcher.scoring.base import ScoringTerm

# The terms by name live in matcher.scoring.catalog (min_term names its term through it);
# the registry re-exports them under its own names.
from matcher.scoring.catalog import TERM_ALIASES as TERM_ALIASES
from matcher.scoring.catalog import TERMS as TERMS
from matcher.scoring.catalog import canonical_term_name as canonical_term_name
from matcher.scoring.catalog import known_term_names as known_term_names
from matcher.scoring.catalog import make_term as make_term
from matcher.scoring.catalog import term_issues as term_issues

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
        MaxUnranked,
        OpenIdeas,
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


#: Weight of ``moves`` when a previous formation is given and no weight is given.
DEFAULT_MOVES_WEIGHT = 30

#: Weight of ``wishes`` when some student wishes to be with someone and no weight is given:
#: a granted wish is worth 3 preference points (the wisher three ranks lower), and a mutual
#: wish (6) less than one more discipline in a team (10): wishes are granted where they cost
#: little, and do not undo the diversity the tool is for.
DEFAULT_WISHES_WEIGHT = 3


def effective_weights(problem: Problem, weights: Mapping[str, int] | None = None
                      ) -> dict[str, int]:
    """The problem's weights, overridden by ``weights``, with canonical names.

    Adds the default weights of the problem's rules that the weights do not name
    (:meth:`Constraint.default_weights <matcher.constraints.base.Constraint.default_weights>`:
    ``unassigned`` when students may stay without a team), ``moves`` at
    :data:`DEFAULT_MOVES_WEIGHT` when a previous formation is given and no weight is given for
    it, and ``wishes`` at :data:`DEFAULT_WISHES_WEIGHT` when some student wishes to be with
    someone and no weight is given for it.

    Raises :class:`~matcher.errors.ArgumentError` for a weight of ``weights`` that is not an
    integer, and :class:`~matcher.problem.ProblemValidationError` (a ``ValueError``) naming every
    unknown term or attribute of the problem's weights and of ``weights`` (:func:`term_issues`):
    the weights are validated here, where they are resolved, not by the ``Problem`` model.
    """
    weights = arguments.weights(weights)  # integers: 2.5 refused, not run as 2
    issues = term_issues(problem, {**problem.weights, **weights})
    if issues:
        raise ProblemValidationError(issues)
    out = {canonical_term_name(k): int(v) for k, v in problem.weights.items()}
    for k, v in weights.items():
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
