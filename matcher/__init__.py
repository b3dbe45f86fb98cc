"""matcher: form pluridisciplinary project teams by constraint programming.

The library API::

    problem = matcher.read_problem("students.csv", "projects.csv", config=None)
    result = matcher.solve(problem, time_limit=30, workers=2)
    result.status, result.objective, result.best_bound, result.gap
    matcher.check(problem, result.assignment)   # [] : every hard rule holds
    matcher.score(problem, result.assignment)   # {"preference": ..., "discipline": ...}

Research tools, each returning a pandas DataFrame with one row per point (docs/research.md)::

    matcher.sweep(problem, {"preference": [1, 2, 4], "discipline": [0, 5]}, time_limit=60)
    matcher.pareto_front(problem, "preference", "discipline", time_limit=60)
"""

from importlib.metadata import PackageNotFoundError, version

from matcher.check import check, objective, score
from matcher.config import Config, SolverSettings, load_config
from matcher.constraints.base import Constraint, Violation
from matcher.distribution import DISTRIBUTION
from matcher.errors import ArgumentError, InputError, InputErrors, InputWarning, MatcherError
from matcher.issues import InvalidProblemError, ProblemValidationError
from matcher.pareto import pareto_front
from matcher.payoff import normalised_values, payoff_table
from matcher.problem import DEFAULT_WEIGHTS, Problem, Project, Student
from matcher.read import read_problem
from matcher.result import Progress, Result, Status
from matcher.rules import Rules
from matcher.scoring.base import ScoringTerm
from matcher.solve import CallbackError, solve
from matcher.sweep import sweep

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = [
    "DEFAULT_WEIGHTS",
    "ArgumentError",
    "CallbackError",
    "Config",
    "Constraint",
    "InputError",
    "InputErrors",
    "InputWarning",
    "InvalidProblemError",
    "MatcherError",
    "Problem",
    "ProblemValidationError",
    "Progress",
    "Project",
    "Result",
    "Rules",
    "ScoringTerm",
    "SolverSettings",
    "Status",
    "Student",
    "Violation",
    "__version__",
    "check",
    "load_config",
    "normalised_values",
    "objective",
    "pareto_front",
    "payoff_table",
    "read_problem",
    "score",
    "solve",
    "sweep",
]
