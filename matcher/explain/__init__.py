"""Why a student landed where they did, exact and cheap at any size.

For every project a student ranked above the one they got, :func:`explain` says why not, in
layers from the cheapest to the exact, each worded for exactly what it proved: the project
stayed closed (and why); a hard rule keeps the student off it, named with its records by its
plug-in; the best single move or swap putting them there, priced on the two teams it
touches; and, with the time left, a few teams re-solved exactly with the student there (the
whole cohort when it is small). :func:`explain_all` shares one deadline among many students;
:func:`team_figures` describes a team.

Modules: :mod:`~matcher.explain.explanation` (the results), :mod:`~matcher.explain.local`
(a formation compiled once; changes judged on the teams they touch),
:mod:`~matcher.explain.exchange`, :mod:`~matcher.explain.neighbourhood`,
:mod:`~matcher.explain.counterfactual` (whole cohort), :mod:`~matcher.explain.closed`,
:mod:`~matcher.explain.figures`, :mod:`~matcher.explain.budget`,
:mod:`~matcher.explain.student` and :mod:`~matcher.explain.cohort` (the orchestration).
"""

from matcher.explain.budget import ExplanationBudget
from matcher.explain.closed import closed_reasons
from matcher.explain.cohort import LOW_RANK, explain_all, low_placements
from matcher.explain.counterfactual import (
    DEFAULT_TIME_LIMIT,
    MAX_CHANGES,
    SMALL_COHORT,
    differences,
    place,
)
from matcher.explain.explanation import Alternative, Explanation, TeamFigures
from matcher.explain.figures import team_figures
from matcher.explain.local import Formation
from matcher.explain.student import alternative, explain

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "LOW_RANK",
    "MAX_CHANGES",
    "SMALL_COHORT",
    "Alternative",
    "alternative",
    "Explanation",
    "ExplanationBudget",
    "Formation",
    "TeamFigures",
    "closed_reasons",
    "differences",
    "explain",
    "explain_all",
    "low_placements",
    "place",
    "team_figures",
]
