"""The CP-SAT model: sparse assignment booleans, team-opening booleans, and shared helpers.

Model
-----
``x[s,p]`` in {0,1}: student ``s`` is on project ``p``; created only for the pairs no rule
forbids outright (refusals, top-k, fixed placements). ``open[p]`` in {0,1}: project ``p`` has
members. The builder itself posts only the definition of ``open``::

    x[s,p] <= open[p]                 (a member opens the project)
    open[p] <= sum_s x[s,p]           (an open project has a member)

Every other rule is a :class:`~matcher.constraints.base.Constraint` and every objective term a
:class:`~matcher.scoring.base.ScoringTerm`; both use the cached helpers below (counts per value,
exact presence indicators) so that two plug-ins never build the same auxiliary twice.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from matcher.problem import Problem, Value

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from matcher.constraints.base import Constraint

    #: A CP-SAT linear expression (OR-Tools' ``LinearExprT``).
    LinearExpr = cp_model.LinearExprT

log = logging.getLogger(__name__)


def __getattr__(name: str) -> object:
    """``LinearExpr`` (OR-Tools' ``LinearExprT``, the type a term's CP-SAT face returns) for a
    plug-in that imports it at run time: OR-Tools is loaded then, not with this module."""
    if name == "LinearExpr":
        from ortools.sat.python import cp_model

        return cp_model.LinearExprT
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def lsum(terms: Iterable[LinearExpr]) -> LinearExpr:
    """Fast linear sum (``LinearExpr.sum``), the integer 0 for no terms."""
    from ortools.sat.python import cp_model  # imported by the first model built, not by check

    terms = list(terms)
    return cp_model.LinearExpr.sum(terms) if terms else 0


class ModelBuilder:
    """Builds the CP-SAT model of a :class:`~matcher.problem.Problem`.

    Parameters
    ----------
    problem:
        The problem to model.
    constraints:
        The rules to post. Their :meth:`forbidden_pairs` shape the variables; :meth:`post` is
        called by :meth:`post_all`.
    allowed:
        Optional restricted domain: for each student index, the project indices for which
        ``x[s,p]`` may be created (the model is then a *restriction* of the problem: its
        solutions are valid, its bound is not a bound of the problem).
    forbidden:
        Optional: for each student index, the project indices the rules forbid, when already
        computed (:attr:`matcher.search.compiled.CompiledProblem.forbidden`); else gathered
        from the constraints' :meth:`forbidden_pairs`.
    points:
        Optional: for each student index, idea index -> preference points of the ideas they
        rank (:attr:`matcher.search.compiled.CompiledProblem.points`); else read from the
        problem.
    """

    def __init__(self, problem: Problem, constraints: Sequence[Constraint],
                 allowed: Sequence[Iterable[int]] | None = None, *,
                 forbidden: Sequence[Collection[int]] | None = None,
                 points: Sequence[Mapping[int, int]] | None = None) -> None:
        self.problem = problem
        self._points = points
        self.constraints = list(constraints)
        from ortools.sat.python import cp_model  # imported by the first model built

        self.model = cp_model.CpModel()
        self.stats: dict[str, dict[str, int]] = {}
        n_s, n_p = len(problem.students), len(problem.projects)
        if forbidden is None:
            gathered: list[set[int]] = [set() for _ in range(n_s)]
            for c in self.constraints:
                for si, pi in c.forbidden_pairs(problem):
                    gathered[si].add(pi)
            forbidden = gathered
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.by_student: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in range(n_s)]
        self.by_project: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in range(n_p)]
        students, projects = problem.students, problem.projects
        for si in range(n_s):
            banned = forbidden[si]
            for pi in (range(n_p) if allowed is None else sorted(set(allowed[si]))):
                if pi in banned:
                    continue
                var = self.model.new_bool_var(f"x[{students[si].id},{projects[pi].id}]")
                self.x[si, pi] = var
                self.by_student[si].append((pi, var))
                self.by_project[pi].append((si, var))
        self.open = [self.model.new_bool_var(f"open[{p.id}]") for p in projects]
        for pi in range(n_p):
            members = self.by_project[pi]
            for _, var in members:
                self.model.add_implication(var, self.open[pi])
            self.model.add(lsum(v for _, v in members) >= self.open[pi])
        self._count: dict[tuple[int, str, Value], LinearExpr] = {}
        self._present: dict[tuple[int, str, Value], cp_model.IntVar] = {}
        self._size: dict[int, LinearExpr] = {}
        self._holder_sets: dict[tuple[str, Value], frozenset[int]] = {}
        self.restricted = allowed is not None
        self._record("structure", 0, 0)

    # ------------------------------------------------------------------ bookkeeping
    def _sizes(self) -> tuple[int, int]:
        proto = self.model.proto
        return len(proto.variables), len(proto.constraints)

    def _record(self, name: str, v0: int, c0: int) -> None:
        v1, c1 = self._sizes()
        entry = self.stats.setdefault(name, {"variables": 0, "constraints": 0})
        entry["variables"] += v1 - v0
        entry["constraints"] += c1 - c0

    def post_all(self) -> None:
        """Post every rule, recording model growth per plug-in (logged at debug level)."""
        for c in self.constraints:
            v0, c0 = self._sizes()
            c.post(self)
            self._record(c.name, v0, c0)
        for name, entry in self.stats.items():
            log.debug("model: %-16s +%d variables, +%d constraints", name,
                      entry["variables"], entry["constraints"])

    def track(self, name: str) -> _Tracker:
        """Context manager recording model growth under ``name`` (used for scoring terms)."""
        return _Tracker(self, name)

    # ------------------------------------------------------------------ helpers
    def var(self, si: int, pi: int) -> cp_model.IntVar | int:
        """``x[s,p]``, or the constant 0 when the pair was pruned."""
        return self.x.get((si, pi), 0)

    def assigned(self, si: int) -> LinearExpr:
        """1 if student ``si`` is on some team, else 0."""
        return lsum(v for _, v in self.by_student[si])

    def size(self, pi: int) -> LinearExpr:
        """Number of members of project ``pi``."""
        if pi not in self._size:
            self._size[pi] = lsum(v for _, v in self.by_project[pi])
        return self._size[pi]

    def count(self, pi: int, attribute: str, value: Value) -> LinearExpr:
        """Number of members of project ``pi`` whose ``attribute`` equals ``value``."""
        key = (pi, attribute, value)
        if key not in self._count:
            holders = self._holder_set(attribute, value)
            self._count[key] = lsum(v for si, v in self.by_project[pi] if si in holders)
        return self._count[key]

    def holders(self, pi: int, attribute: str, value: Value) -> list[cp_model.IntVar]:
        """The ``x[s,p]`` of the students holding ``value`` who may join ``pi``."""
        holders = self._holder_set(attribute, value)
        return [v for si, v in self.by_project[pi] if si in holders]

    def _holder_set(self, attribute: str, value: Value) -> frozenset[int]:
        key = (attribute, value)
        if key not in self._holder_sets:
            self._holder_sets[key] = frozenset(self.problem.groups(attribute).get(value, ()))
        return self._holder_sets[key]

    def present(self, pi: int, attribute: str, value: Value) -> cp_model.IntVar | int:
        """Exact indicator ``y = 1`` iff some member of ``pi`` holds ``value``.

        Model: ``x[s,p] <= y`` for each holder ``s`` and ``y <= sum_s x[s,p]`` (tight linking:
        the LP relaxation of ``y`` is as strong as the aggregated count allows). Returns the
        constant 0 when no holder may join ``pi``.
        """
        key = (pi, attribute, value)
        if key not in self._present:
            xs = self.holders(pi, attribute, value)
            if not xs:
                self._present[key] = 0  # type: ignore[assignment]
            elif len(xs) == 1:
                self._present[key] = xs[0]
            else:
                pid = self.problem.projects[pi].id
                y = self.model.new_bool_var(f"has[{pid},{attribute}={value}]")
                for v in xs:
                    self.model.add_implication(v, y)
                self.model.add(lsum(xs) >= y)
                self._present[key] = y
        return self._present[key]

    def values(self, attribute: str) -> Iterable[Value]:
        """The known values of ``attribute`` in the cohort."""
        return self.problem.groups(attribute).keys()

    def points(self, si: int) -> LinearExpr:
        """Preference points student ``si`` earns (0 when unassigned or unranked)."""
        if not self.by_student[si]:
            return 0
        if self._points is not None:
            ranked = self._points[si]
            coeffs = [ranked.get(pi, 0) for pi, _ in self.by_student[si]]
        else:
            s, projects = self.problem.students[si], self.problem.projects
            coeffs = [self.problem.points(s, projects[pi].id) for pi, _ in self.by_student[si]]
        from ortools.sat.python import cp_model

        return cp_model.LinearExpr.weighted_sum([v for _, v in self.by_student[si]], coeffs)

    def fix(self, assignment: dict[str, str | None]) -> bool:
        """Force the model to ``assignment`` (tests, counterfactuals). ``False`` if impossible
        because a needed variable was pruned."""
        ok = True
        for si, s in enumerate(self.problem.students):
            pid = assignment.get(s.id)
            target = self.problem.project_index.get(pid) if pid is not None else None
            if pid is not None and target is None:
                ok = False
            for pi, v in self.by_student[si]:
                self.model.add(v == (1 if pi == target else 0))
            if target is not None and (si, target) not in self.x:
                ok = False
        return ok


class _Tracker:
    def __init__(self, builder: ModelBuilder, name: str) -> None:
        self.builder, self.name = builder, name

    def __enter__(self) -> _Tracker:
        self.v0, self.c0 = self.builder._sizes()
        return self

    def __exit__(self, *exc: object) -> None:
        self.builder._record(self.name, self.v0, self.c0)
