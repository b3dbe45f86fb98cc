"""A formation compiled once for explanations, and changes to it judged on the teams they
touch: the objective change and the hard rules they break, exact and cheap at any size.

A change (a few students put on other teams) touches a few teams; every rule and term whose
plug-in declares itself ``local`` (its solver-free face reads only the students and projects
it is shown, see :attr:`Constraint.local <matcher.constraints.base.Constraint.local>` and
:attr:`ScoringTerm.local <matcher.scoring.base.ScoringTerm.local>`) is evaluated on those
teams alone, before and after; the others on the whole cohort. Both give the exact change:
``objective(after) - objective(before)`` and the violations of ``after`` that ``before``
does not have.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from matcher.assignment import Assignment
from matcher.constraints.base import Violation
from matcher.explain.closed import admitting_rules
from matcher.problem import Problem, Project, Student
from matcher.registry import effective_weights, make_constraints, make_terms
from matcher.search.heuristics.instance import Instance
from matcher.search.heuristics.state import State
from matcher.search.relaxation import coverage_attributes


class LocalProblem:
    """``problem`` seen through a few teams: :attr:`students` and :attr:`projects` are
    restricted to them, every other attribute (indices, rules, points, groups) is the whole
    cohort's, so that cohort-wide figures (the longest preference list...) stay the same."""

    def __init__(self, problem: Problem, students: Sequence[Student],
                 projects: Sequence[Project]) -> None:
        self._problem = problem
        self.students = tuple(students)
        self.projects = tuple(projects)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._problem, name)


class LocalAssignment(Mapping[str, str | None]):
    """A formation with a few placements changed, iterating over ``ids`` only: a lookup
    answers for every student, an iteration lists the students of the touched teams."""

    def __init__(self, base: Mapping[str, str | None], changes: Mapping[str, str | None],
                 ids: Sequence[str]) -> None:
        self._base, self._changes, self._ids = base, changes, ids

    def __getitem__(self, sid: str) -> str | None:
        if sid in self._changes:
            return self._changes[sid]
        return self._base[sid]

    def get(self, sid: str, default: str | None = None) -> str | None:  # type: ignore[override]
        changes = self._changes
        return changes[sid] if sid in changes else self._base.get(sid, default)

    def items(self) -> list[tuple[str, str | None]]:  # type: ignore[override]
        return [(sid, self.get(sid)) for sid in self._ids]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def _key(v: Violation) -> tuple[str, str | None, frozenset[str]]:
    return v.rule, v.project, frozenset(v.students)


class Formation:
    """A formation compiled for explanations: members per team, the rules and terms split
    into local ones (judged on the touched teams) and the others (judged on the cohort).

    Parameters
    ----------
    problem, assignment, weights:
        The problem, the formation explained (student id -> project id) and the objective
        weights overriding the problem's.
    """

    def __init__(self, problem: Problem, assignment: Assignment,
                 weights: Mapping[str, int] | None = None) -> None:
        self.problem = problem
        self.weights = effective_weights(problem, weights)
        self.current: dict[str, str | None] = {}
        self.members: dict[str, list[str]] = {p.id: [] for p in problem.projects}
        for s in problem.students:
            pid = assignment.get(s.id)
            self.current[s.id] = pid
            if pid in self.members:
                self.members[pid].append(s.id)
        rules = make_constraints(problem)
        self.local_rules = [c for c in rules if c.local]
        self.global_rules = [c for c in rules if not c.local]
        terms = [(t, w) for t, w in make_terms(problem, weights) if w]
        self.local_terms = [(t, w) for t, w in terms if t.local]
        self.global_terms = [(t, w) for t, w in terms if not t.local]
        self._fast: State | None | bool = None
        self._global_values: dict[str, int] | None = None
        self._global_violations: set[tuple] | None = None
        self._fans: dict[str, list[str]] | None = None
        self._instance: Instance | None = None

    # ------------------------------------------------------------------ lookups
    def project_of(self, sid: str) -> str | None:
        """The project ``sid`` is on (``None``: no team, or an unknown project)."""
        pid = self.current.get(sid)
        return pid if pid in self.members else None

    def size(self, pid: str) -> int:
        """Members of ``pid``."""
        return len(self.members[pid])

    def fans(self, pid: str) -> list[str]:
        """The students who may join ``pid`` and ranked it (:func:`matcher.explain.closed.
        fans`), for every project in one pass over the cohort."""
        if self._fans is None:
            rules, problem = admitting_rules(), self.problem
            out: dict[str, list[str]] = {p.id: [] for p in problem.projects}
            for s in problem.students:
                for q in s.preferences:
                    if q in out and all(r.admits(problem, s, q) for r in rules):
                        out[q].append(s.id)
            self._fans = out
        return self._fans[pid]

    # ------------------------------------------------------------------ changes
    def _view(self, changes: Mapping[str, str | None]
              ) -> tuple[LocalProblem, LocalAssignment, LocalAssignment]:
        touched: list[str] = []
        for sid, pid in changes.items():
            for q in (self.project_of(sid), pid):
                if q is not None and q in self.members and q not in touched:
                    touched.append(q)
        ids = set(changes)
        for q in touched:
            ids.update(self.members[q])
        index = self.problem.student_index
        order = sorted(ids, key=index.__getitem__)
        students = [self.problem.students[index[sid]] for sid in order]
        projects = [self.problem.projects[self.problem.project_index[q]] for q in touched]
        view = LocalProblem(self.problem, students, projects)
        return (view, LocalAssignment(self.current, {}, order),
                LocalAssignment(self.current, changes, order))

    def instance(self) -> Instance:
        """The problem flattened for the search heuristics (built once, on demand)."""
        if self._instance is None:
            self._instance = Instance.from_problem(self.problem, self.weights)
        return self._instance

    def _state(self) -> State | None:
        """The incremental evaluator of the search heuristics, when the objective is
        preference points plus coverage terms and every student is on a team (it then prices
        a move or a swap in microseconds, exactly); else ``None``."""
        if self._fast is None:
            self._fast = False
            if (coverage_attributes(self.problem, self.weights) is not None
                    and all(self.project_of(s) is not None for s in self.current)):
                index = self.problem.project_index
                self._fast = State(self.instance(),
                                   [index[self.current[s.id]] for s in self.problem.students])
        return self._fast or None

    def delta(self, changes: Mapping[str, str | None]) -> int:
        """``objective(after) - objective(before)`` for the formation with ``changes``
        (student id -> project id or ``None``) applied."""
        state = self._state() if 0 < len(changes) <= 2 else None
        if state is not None:
            fast = self._fast_delta(state, changes)
            if fast is not None:
                return fast
        return self.local_delta(changes)

    def exchange_deltas(self, student_id: str, project_id: str, partners: list[str]
                        ) -> list[int]:
        """:meth:`delta` of the move of ``student_id`` to ``project_id`` (first), then of
        its swap with each of ``partners`` (members of ``project_id``)."""
        state = self._state()
        q = self.project_of(student_id)
        if state is None or q == project_id or project_id not in self.problem.project_index:
            return [self.delta({student_id: project_id})] + [
                self.delta({student_id: project_id, t: q}) for t in partners]
        index = self.problem.student_index
        s, p = index[student_id], self.problem.project_index[project_id]
        return [state.move_delta(s, p)] + [state.swap_delta(s, index[t]) for t in partners]

    def _fast_delta(self, state: State, changes: Mapping[str, str | None]) -> int | None:
        sindex, pindex = self.problem.student_index, self.problem.project_index
        items = [(sindex[sid], pindex.get(pid)) for sid, pid in changes.items()]  # type: ignore[arg-type]
        if any(p is None for _, p in items):
            return None
        if len(items) == 1:
            s, p = items[0]
            return state.move_delta(s, p) if state.team[s] != p else 0  # type: ignore[arg-type]
        (s, p), (t, q) = items
        if state.team[s] == q and state.team[t] == p and p != q:
            return state.swap_delta(s, t)
        return None

    def local_delta(self, changes: Mapping[str, str | None]) -> int:
        """:meth:`delta` computed by the terms' own solver-free faces on the touched teams
        (whole cohort for the terms that are not local)."""
        view, before, after = self._view(changes)
        out = 0
        for term, w in self.local_terms:
            out += w * (term.value(view, after) - term.value(view, before))  # type: ignore[arg-type]
        if self.global_terms:
            if self._global_values is None:
                self._global_values = {t.name: t.value(self.problem, self.current)
                                       for t, _ in self.global_terms}
            whole = ChainMap(dict(changes), self.current)
            for term, w in self.global_terms:
                out += w * (term.value(self.problem, whole) - self._global_values[term.name])
        return out

    def broken(self, changes: Mapping[str, str | None]) -> list[Violation]:
        """The hard rules the formation with ``changes`` applied breaks and the current one
        does not (each named with its records), in rule order."""
        view, before, after = self._view(changes)
        out: list[Violation] = []
        for rule in self.local_rules:
            found = rule.violations(view, after)  # type: ignore[arg-type]
            if found:
                old = {_key(v) for v in rule.violations(view, before)}  # type: ignore[arg-type]
                out.extend(v for v in found if _key(v) not in old)
        if self.global_rules:
            if self._global_violations is None:
                self._global_violations = {
                    _key(v) for rule in self.global_rules
                    for v in rule.violations(self.problem, self.current)}
            whole = ChainMap(dict(changes), self.current)
            for rule in self.global_rules:
                out.extend(v for v in rule.violations(self.problem, whole)
                           if _key(v) not in self._global_violations)
        return out

    def apply(self, changes: Mapping[str, str | None]) -> dict[str, str | None]:
        """The whole formation with ``changes`` applied (a new dict)."""
        return {**self.current, **changes}
