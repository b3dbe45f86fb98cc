"""Solver-free faces: :func:`check` lists broken rules, :func:`score` computes every term.

Both work on any assignment, ours, a hand-made one or another tool's, and never touch CP-SAT:
they are the specification the solver is tested against.
"""

from __future__ import annotations

from collections.abc import Mapping

from matcher import arguments
from matcher.assignment import Assignment
from matcher.constraints.base import Violation
from matcher.problem import Problem
from matcher.registry import effective_weights, make_constraints, make_terms


def check(problem: Problem, assignment: Assignment) -> list[Violation]:
    """Every hard rule ``assignment`` breaks; empty when it satisfies them all.

    Parameters
    ----------
    problem:
        The problem, with its rules.
    assignment:
        Student id -> project id (``None``, or absent, for no team).

    Raises
    ------
    ArgumentError
        ``assignment`` is not such a mapping (a list of pairs, an id that is not text): the
        error names the first bad entry.

    Examples
    --------
    >>> from matcher import Problem, Student, Project
    >>> p = Problem(students=[Student(id="a"), Student(id="b")],
    ...             projects=[Project(id="P", min_size=2, max_size=2)])
    >>> [str(v) for v in check(p, {"a": "P"})]
    ['[assignment] student b has no team', '[team_size] project P has 1 members, outside 2..2']
    """
    assignment = arguments.assignment(assignment)
    out: list[Violation] = []
    for rule in make_constraints(problem):
        out.extend(rule.violations(problem, assignment))
    return out


def score(problem: Problem, assignment: Assignment,
          weights: Mapping[str, int] | None = None) -> dict[str, int]:
    """The raw (unweighted) value of every term of the objective on ``assignment``.

    The terms are those of the problem's weights, overridden by ``weights`` (a term with weight 0
    is still computed). Use :func:`objective` for the weighted sum. A malformed assignment
    or a weight that is not an integer raises :class:`~matcher.errors.ArgumentError`.
    """
    assignment = arguments.assignment(assignment)
    return {t.name: t.value(problem, assignment) for t, _ in make_terms(problem, weights)}


def objective(problem: Problem, assignment: Assignment,
              weights: Mapping[str, int] | None = None) -> int:
    """``sum_t weight_t * term_t``: the number the solver maximises."""
    w = effective_weights(problem, weights)
    return sum(w[name] * v for name, v in score(problem, assignment, weights).items())
