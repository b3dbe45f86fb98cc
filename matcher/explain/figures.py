"""A team's make-up against the cohort's, and which rules bind it (no solver)."""

from __future__ import annotations

from collections.abc import Sequence

from matcher.assignment import Assignment, teams, value_counts
from matcher.constraints.base import Constraint
from matcher.explain.explanation import TeamFigures
from matcher.problem import Problem, Student
from matcher.registry import make_constraints


def team_figures(problem: Problem, assignment: Assignment, project_id: str, *,
                 members: list[Student] | None = None,
                 constraints: Sequence[Constraint] | None = None) -> TeamFigures:
    """The make-up of team ``project_id`` and the rules that bind it (no solver).

    A rule *binds* a team when it stops a member from leaving or a student from joining, in
    the words of its :meth:`~matcher.constraints.base.Constraint.holds` face (full at
    ``max_size``, at ``min_size``, at a ``max_per_value`` cap, at exactly the ``min_distinct``
    minimum, a pair kept by ``no_isolated``, proposers, fixed placements, keep-together
    groups...). ``members``: the team's members in cohort order, when the caller
    has them (finding them takes a pass over the cohort); ``constraints``: the problem's rule
    instances, when the caller has them. A caller describing every team passes both, so that the
    whole report costs one pass over the cohort, not one per team.
    """
    p = problem.projects[problem.project_index[project_id]]
    if members is None:
        members = teams(problem, assignment)[project_id]
    ids = [s.id for s in members]
    n = len(members)
    disciplines = {str(k): v for k, v in value_counts(members, "discipline").items()}
    institutions = {str(k): v for k, v in value_counts(members, "institution").items()}
    n_disc = len(problem.groups("discipline"))
    n_inst = len(problem.groups("institution"))
    binding: list[str] = []
    if n:
        for rule in make_constraints(problem) if constraints is None else constraints:
            binding.extend(rule.holds(problem, assignment, project_id, members=members))
    ranks = {s.id: s.rank_of(project_id) for s in members}
    return TeamFigures(
        project=p.id, title=p.title, size=n, min_size=p.min_size, max_size=p.max_size,
        optional=p.optional, members=ids, disciplines=disciplines, institutions=institutions,
        cohort_disciplines=n_disc, cohort_institutions=n_inst,
        best_disciplines=min(n, n_disc), best_institutions=min(n, n_inst), ranks=ranks,
        binding=binding)
