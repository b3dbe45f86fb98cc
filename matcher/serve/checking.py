"""What ``POST /api/v1/check`` answers: every broken rule, every term, per team too.

:class:`CompiledCheck` is made once per problem (and rules) and kept by
:class:`~matcher.serve.sessions.Sessions`; each call then only reads the assignment.
The whole-cohort figures are :func:`matcher.check` and :func:`matcher.score`; each team's
terms are those of the ``local`` terms (:attr:`ScoringTerm.local
<matcher.scoring.base.ScoringTerm.local>`) evaluated on that team alone, as the
explanations do (:class:`matcher.explain.local.LocalProblem`), for the terms whose teams
add up to the whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matcher.assignment import Assignment
from matcher.check import check
from matcher.constraints.base import Violation
from matcher.errors import InputError, InputErrors
from matcher.explain.local import LocalAssignment, LocalProblem
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.registry import effective_weights, make_terms


def read_assignment(problem: Problem, raw: Mapping[str, Any], *,
                    column: str = "assignment") -> dict[str, str | None]:
    """A client's assignment checked against the problem: every unknown student or project
    id is an :class:`InputError` (all of them at once)."""
    errors: list[InputError] = []
    out: dict[str, str | None] = {}
    for sid, pid in raw.items():
        if sid not in problem.student_index:
            errors.append(InputError(tr("unknown student {student!r}", student=sid),
                                     column=column, value=sid))
            continue
        if pid is not None and (not isinstance(pid, str) or pid not in problem.project_index):
            errors.append(InputError(tr("student {student} is placed on unknown project "
                                        "{project!r}", student=sid, project=pid),
                                     column=f"{column}.{sid}", value=str(pid)))
            continue
        out[sid] = pid
    if errors:
        raise InputErrors(errors)
    return out


#: Teams' terms kept per team of the problem (then the memory is cleared).
PIECES_PER_TEAM = 8


class CompiledCheck:
    """The rules and terms of one problem (and weights), ready to judge assignments."""

    def __init__(self, problem: Problem, weights: Mapping[str, int] | None = None) -> None:
        self.problem = problem
        self.weights = effective_weights(problem, weights)
        self.terms = make_terms(problem, weights)
        self.local_terms = [t for t, _ in self.terms if t.local]
        #: (project id or None for the students without a team, member ids) -> the local
        #: terms on that team alone: a drag changes two teams, the others are read here
        self._pieces: dict[tuple[str | None, tuple[str, ...]], dict[str, int]] = {}

    def run(self, assignment: Assignment) -> dict[str, Any]:
        """The check answer for ``assignment`` (see the module docstring)."""
        problem = self.problem
        violations = check(problem, assignment)
        terms = {t.name: t.value(problem, assignment) for t, _ in self.terms}
        objective = sum(self.weights[name] * v for name, v in terms.items())
        teams = {pid: {"size": len(ids), "terms": values, "violations": []}
                 for pid, (ids, values) in self._team_terms(assignment, terms).items()}
        out_violations = []
        for k, v in enumerate(violations):
            out_violations.append(_violation(v))
            for pid in _projects_of(v, assignment):
                if pid in teams:
                    teams[pid]["violations"].append(k)
        return {"violations": out_violations, "terms": terms, "objective": objective,
                "weights": self.weights, "teams": teams}


    def _team_terms(self, assignment: Assignment, whole: Mapping[str, int]
                    ) -> dict[str, tuple[list[str], dict[str, int]]]:
        """Each team's members and the values of the local terms on it alone, for the terms
        whose teams' values (with the students left without a team) add up to the whole on
        this assignment: the others (``moves`` counts the whole cohort's moves on any part)
        are left out of the teams. A team's values are computed once per membership (a term
        whose value on a team depends on students outside it does not add up: left out)."""
        problem = self.problem
        members: dict[str, list[int]] = {p.id: [] for p in problem.projects}
        unplaced: list[int] = []
        for i, s in enumerate(problem.students):
            pid = assignment.get(s.id)
            (members[pid] if pid in members else unplaced).append(i)
        pieces = [(p, members[p.id]) for p in problem.projects] + [(None, unplaced)]
        values: dict[str | None, dict[str, int]] = {}
        if len(self._pieces) > PIECES_PER_TEAM * len(pieces):
            self._pieces = {}
        for project, idx in pieces:
            pid = project.id if project is not None else None
            ids = tuple(problem.students[i].id for i in idx)
            known = self._pieces.get((pid, ids))
            if known is None:
                shown = [problem.students[i] for i in idx]
                local = LocalProblem(problem, shown, [project] if project is not None else [])
                view = LocalAssignment(assignment, {}, ids)
                known = {t.name: t.value(local, view)  # type: ignore[arg-type]
                         for t in self.local_terms}
                self._pieces[(pid, ids)] = known
            values[pid] = known
        split = [t.name for t in self.local_terms
                 if sum(v[t.name] for v in values.values()) == whole[t.name]]
        return {p.id: ([problem.students[i].id for i in members[p.id]],
                       {name: values[p.id][name] for name in split})
                for p in problem.projects}


def _projects_of(v: Violation, assignment: Assignment) -> list[str]:
    """The teams a violation concerns: its project, else its students' teams."""
    if v.project is not None:
        return [v.project]
    out = [assignment.get(sid) for sid in v.students]
    return list(dict.fromkeys(p for p in out if p is not None))


def _violation(v: Violation) -> dict[str, Any]:
    return {"rule": v.rule, "message": v.message, "students": list(v.students),
            "projects": [v.project] if v.project is not None else []}
