"""An exact MIP of the default problem with interchangeable students aggregated (HiGHS).

A student placed on an idea they did not rank earns no points; for the coverage terms only
their attribute values matter. Students who hold the same value of every coverage attribute
(one *type*) and whom no rule ties to particular ideas are therefore interchangeable once
placed off their ranking. The model keeps a binary per *ranked* pair and counts the off-ranking
placements per type and idea::

    x[s,p] in {0,1}   s ranks p, or s proposes p, or s is pinned (a rule forbids s some idea)
                      and may join p
    u[t,p] in Z+      members of p of type t placed there off their ranking
    open[p] in {0,1}  (= 1 for a mandatory idea),    has[a,v,p] in {0,1}

    sum_p x[s,p] = 1                              s pinned
    sum_p x[s,p] <= 1                             s free
    sum_p u[t,p] + sum_{s free of type t} sum_p x[s,p] = n_t      every free student is placed
    min_p open[p] <= sum_s x[s,p] + sum_t u[t,p] <= max_p open[p]
    x[s,p] >= open[p]                             s a proposer of p
    has[a,v,p] <= sum_{s : a(s)=v} x[s,p] + sum_{t : a(t)=v} u[t,p],   has[a,v,p] <= open[p]

    max  w_pref sum points(s,p) x[s,p] + sum_a w_a sum_{v,p} has[a,v,p]
         + w_moves (sum_{s in previous} x[s,prev(s)] - |previous|)     (re-matching only)

*Exact*: every assignment maps to a feasible point of equal objective (its ranked placements
to ``x``, the rest counted in ``u``), so the MIP optimum is an upper bound; conversely every
integer point is *realised* by handing the ``u[t,p]`` slots to the free students of type ``t``
not placed by ``x``, in any order, which keeps every rule (free students have no forbidden
idea and propose no open idea) and earns at least the MIP objective (a student handed an idea
they ranked earns its points on top). So a MIP optimum realises to an optimal assignment, and
HiGHS's dual bound is a proven bound of the problem.

The model has ``n K + T P`` placement columns (``K`` ranked ideas per student, ``T`` types)
instead of the ``n P`` of the plain MIP, and starts from an incumbent (the warm start).

Rules and terms enter through their linear faces (:mod:`matcher.search.linear_face`): a rule's
:meth:`~matcher.constraints.base.Constraint.linear_needs` names the students who leave the
types (``keep_together``, ``keep_apart``, ``avoid``: pinned like a student with a forbidden
idea) and the attributes the types must keep apart (``max_per_value``, ``min_distinct``,
``no_isolated``, ``new_teammates``: their counts per team are then exact, and the realisation
keeps every count of every value), and :meth:`~matcher.constraints.base.Constraint.linear_rows`
adds its rows; a term's :meth:`~matcher.scoring.base.ScoringTerm.decompose` gives its points
per placement or its distinct values. It applies when :func:`exact_mip_reason` finds no rule
or term without such a face, every student placed.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from matcher.problem import Problem
from matcher.registry import effective_weights
from matcher.search.highs import HighsRunError, LinearProgram, quiet_highs, run_highs
from matcher.search.linear_face import objective_parts, rule_faces


@dataclass
class ExactMip:
    """The outcome of :func:`solve_exact_mip`.

    ``assignment`` (student id -> idea id, realised from the MIP's best point) and
    ``objective`` are ``None`` when HiGHS found no point; ``bound`` is HiGHS's proven dual
    bound (floored), ``None`` if it had none; ``optimal`` when the gap is closed.
    """

    assignment: dict[str, str | None] | None
    objective: int | None
    bound: int | None
    optimal: bool
    seconds: float
    columns: int = 0
    rows: int = 0


class _Model(LinearProgram):
    """Columns and rows of the aggregated MIP, with what decoding needs; also the
    :class:`~matcher.constraints.faces.LinearModel` the rules' rows are added through."""

    #: the rules' rows must be exact here (:meth:`Constraint.linear_rows`)
    exact = True

    def __init__(self, problem: Problem, weights: Mapping[str, int]) -> None:
        from matcher.registry import make_constraints

        super().__init__()
        w = effective_weights(problem, weights)
        reason = exact_mip_reason(problem, w)
        if reason is not None:
            raise ValueError(f"the exact MIP does not model this problem: {reason}")
        parts = objective_parts(problem, w)
        faces = rule_faces(problem)
        attrs = parts.distinct
        self.problem = problem
        self.offset = float(parts.offset)
        students, projects = problem.students, problem.projects
        n, n_p = len(students), len(projects)
        forbidden: list[set[int]] = [set() for _ in students]
        for c in make_constraints(problem):
            for si, pi in c.forbidden_pairs(problem):
                forbidden[si].add(pi)
        # a pair worth points (a ranked idea, a previous one) is a column of its own, and so
        # is a proposer's own idea
        options: list[set[int]] = [set() for _ in students]
        for si, pi in parts.gains:
            options[si].add(pi)
        for pi, p in enumerate(projects):
            for sid in p.proposers:
                options[problem.student_index[sid]].add(pi)
        # pinned: a rule forbids them some idea, or names them, so they are not
        # interchangeable (a slot counted in u may be realised on any idea)
        self.pinned = [bool(forbidden[si]) or si in faces.students for si in range(n)]
        attr_names = list(attrs) + [a for a in faces.attributes if a not in attrs]
        self.attr_names = attr_names
        self.attr_weight = dict(attrs)
        value_of = [[s.value(a) for a in attr_names] for s in students]
        self.value_of = value_of

        col, row = self.col, self.row

        inf = math.inf
        self.xcol: dict[tuple[int, int], int] = {}
        by_student: list[list[int]] = [[] for _ in range(n)]
        in_project: list[list[int]] = [[] for _ in range(n_p)]
        for si in range(n):
            for pi in (range(n_p) if self.pinned[si] else sorted(options[si])):
                if pi in forbidden[si]:
                    continue
                j = col(float(parts.gains.get((si, pi), 0)), 0.0, 1.0)
                self.xcol[si, pi] = j
                by_student[si].append(j)
                in_project[pi].append(j)
        # types of the free students
        self.types: dict[tuple, list[int]] = {}
        for si in range(n):
            if not self.pinned[si]:
                self.types.setdefault(tuple(value_of[si]), []).append(si)
        self.ucol: dict[tuple[tuple, int], int] = {}
        for t in self.types:
            for pi in range(n_p):
                j = col(0.0, 0.0, float(min(len(self.types[t]), projects[pi].max_size)))
                self.ucol[t, pi] = j
                in_project[pi].append(j)
        self.ocol = [col(0.0, 0.0 if p.optional else 1.0, 1.0) for p in projects]
        for si in range(n):
            if self.pinned[si]:
                row([(j, 1.0) for j in by_student[si]], 1.0, 1.0)
            elif len(by_student[si]) > 1:
                row([(j, 1.0) for j in by_student[si]], -inf, 1.0)
        for t, members in self.types.items():
            entries = [(self.ucol[t, pi], 1.0) for pi in range(n_p)]
            entries += [(j, 1.0) for si in members for j in by_student[si]]
            row(entries, float(len(members)), float(len(members)))
        for pi, p in enumerate(projects):
            members = [(j, 1.0) for j in in_project[pi]]
            row(members + [(self.ocol[pi], -float(p.max_size))], -inf, 0.0)
            row(members + [(self.ocol[pi], -float(p.min_size))], 0.0, inf)
            for sid in p.proposers:
                j = self.xcol.get((problem.student_index[sid], pi))
                if j is None:  # a rule forbids the proposer their idea: it stays closed
                    row([(self.ocol[pi], 1.0)], 0.0, 0.0)
                else:
                    row([(j, 1.0), (self.ocol[pi], -1.0)], 0.0, inf)
        self._x_by: dict[str, dict[tuple[object, int], list[int]]] = {}
        self.hascol: dict[tuple[int, str, object], int] = {}
        #: auxiliary columns of the rules' rows: column -> its value on an assignment
        #: (teams: idea index -> member indices)
        self.aux: dict[int, Callable[[Mapping[int, list[int]]], float]] = {}
        for attr in attrs:
            for value in problem.groups(attr):
                for pi in range(n_p):
                    self.present(pi, attr, value)
        for rule in faces.modelled:
            rule.linear_rows(self)

    # -- the LinearModel the rules' rows are added through
    def x(self, si: int, pi: int) -> int | None:
        """Column of student ``si`` on idea ``pi`` (every idea they may join when pinned)."""
        return self.xcol.get((si, pi))

    def count(self, pi: int, attribute: str, value: object) -> list[tuple[int, float]]:
        """Members of ``pi`` holding ``value``: their ``x`` and their types' ``u``."""
        a = self.attr_names.index(attribute)
        by = self._x_by.get(attribute)
        if by is None:
            by = self._x_by[attribute] = {}
            for (si, pj), j in self.xcol.items():
                v = self.value_of[si][a]
                if v is not None:
                    by.setdefault((v, pj), []).append(j)
        entries = [(j, 1.0) for j in by.get((value, pi), ())]
        entries += [(self.ucol[t, pi], 1.0) for t in self.types if t[a] == value]
        return entries

    def present(self, pi: int, attribute: str, value: object) -> int | None:
        """``has[a,v,p]``, worth the attribute's coverage weight, at most the count of
        holders and ``open[p]`` (``None`` when nobody holding ``value`` can join ``pi``)."""
        key = (pi, attribute, value)
        if key in self.hascol:
            return self.hascol[key]
        holders = self.count(pi, attribute, value)
        if not holders:
            return None
        h = self.col(float(self.attr_weight.get(attribute, 0)), 0.0, 1.0)
        self.hascol[key] = h
        self.row([(h, 1.0)] + [(j, -v) for j, v in holders], -math.inf, 0.0)
        if self.problem.projects[pi].optional:  # (open = 1 for a mandatory idea)
            self.row([(h, 1.0), (self.ocol[pi], -1.0)], -math.inf, 0.0)
        return h

    def open(self, pi: int) -> int:
        """Column of ``open[pi]``."""
        return self.ocol[pi]

    def aux_col(self, cost: float, low: float, high: float,
                value: Callable[[Mapping[int, list[int]]], float]) -> int:
        """A column whose value on an assignment is ``value(teams)`` (for :meth:`point`)."""
        j = self.col(cost, low, high)
        self.aux[j] = value
        return j

    # -- decoding
    def point(self, assignment: Mapping[str, str | None]) -> np.ndarray:
        """The MIP point of a valid assignment (every rule kept)."""
        p = self.problem
        x = np.zeros(self.n_cols)
        pindex = p.project_index
        teams: dict[int, list[int]] = {}
        for si, s in enumerate(p.students):
            pid = assignment.get(s.id)
            if pid is None:
                raise ValueError(f"student {s.id!r} is not placed")
            pi = pindex[pid]
            teams.setdefault(pi, []).append(si)
            j = self.xcol.get((si, pi))
            if j is not None:
                x[j] = 1.0
            else:
                x[self.ucol[self._type(si), pi]] += 1.0
            x[self.ocol[pi]] = 1.0
        for (pi, attr, value), j in self.hascol.items():
            x[j] = float(any(p.students[si].value(attr) == value
                             for si in teams.get(pi, ())))
        for j, value_of in self.aux.items():
            x[j] = value_of(teams)
        return x

    def _type(self, si: int) -> tuple:
        return tuple(self.value_of[si])

    def realise(self, values: np.ndarray) -> dict[str, str | None] | None:
        """The assignment of an integer point (module docstring), or ``None`` if it does not
        place every student (never expected of a feasible point)."""
        p = self.problem
        team: list[int] = [-1] * len(p.students)
        for (si, pi), j in self.xcol.items():
            if values[j] > 0.5:
                team[si] = pi
        for t, members in self.types.items():
            pool = [si for si in members if team[si] < 0]
            for pi in range(len(p.projects)):
                k = int(round(values[self.ucol[t, pi]]))
                for _ in range(k):
                    if not pool:
                        return None
                    team[pool.pop()] = pi
            if pool:
                return None
        if min(team, default=0) < 0:
            return None
        return {s.id: p.projects[team[si]].id for si, s in enumerate(p.students)}


def exact_mip_reason(problem: Problem, weights: Mapping[str, int] | None = None
                     ) -> str | None:
    """Why the exact MIP does not model ``problem`` (the first rule or term without a linear
    face, or a placement worth negative points), or ``None`` when it does.

    Rules enter through :meth:`~matcher.constraints.base.Constraint.linear_needs` /
    :meth:`~matcher.constraints.base.Constraint.linear_rows`, terms through
    :meth:`~matcher.scoring.base.ScoringTerm.decompose`: points per placement (none
    negative: a student realised on a column's idea must never lose the model's objective),
    distinct values of positive weight. Pairs of members are not modelled here."""
    w = effective_weights(problem, weights)
    faces = rule_faces(problem)
    for name, reason in faces.missing.items():
        return f"rule {name!r}: {reason}"
    parts = objective_parts(problem, w)
    for name, reason in parts.missing.items():
        return f"term {name!r}: {reason}"
    if parts.pairs:
        return "pairs of members (wishes) are not modelled by the exact MIP"
    if any(c < 0 for c in parts.gains.values()):
        return ("a term gives some placement negative points: a student realised there "
                "would lose the model's objective")
    return None


def supports_exact_mip(problem: Problem, weights: Mapping[str, int] | None = None) -> bool:
    """True when the exact MIP models ``problem`` (:func:`exact_mip_reason` has no reason):
    every rule has rows and every weighted term a decomposition it reads."""
    return exact_mip_reason(problem, weights) is None


def solve_exact_mip(problem: Problem, weights: Mapping[str, int] | None = None, *,
                    incumbent: Mapping[str, str | None] | None = None,
                    deadline: float | None = None, stop: threading.Event | None = None
                    ) -> ExactMip:
    """Solve the aggregated MIP (module docstring) with HiGHS in this thread until optimal,
    ``deadline`` (a ``time.perf_counter()`` instant, model building included) or ``stop``.

    ``incumbent``: a valid assignment handed to HiGHS as its first solution.
    """
    prover = MipProver(problem, weights, deadline=deadline, stop=stop)
    if incumbent is not None:
        prover.offer(incumbent)
    prover.run()
    return prover.result()


class MipProver:
    """The aggregated MIP solved by HiGHS (one thread), alongside another search.

    :meth:`start` runs it in a daemon thread (:meth:`run` in this one). While it runs,
    :meth:`offer` hands it better assignments found elsewhere (HiGHS takes them at its next
    user-solution callback), and :attr:`bound` / :meth:`best` expose its proven dual bound
    and best realised assignment; ``on_change`` (if given) is called from HiGHS's thread
    whenever either improves. :meth:`close` stops it and waits for the thread.
    """

    def __init__(self, problem: Problem, weights: Mapping[str, int] | None = None, *,
                 deadline: float | None = None, stop: threading.Event | None = None,
                 on_change: Callable[[MipProver], None] | None = None) -> None:
        self.start_time = time.perf_counter()
        self.problem = problem
        self.weights = effective_weights(problem, weights)
        self.deadline = deadline
        self.outer_stop = stop
        self.stop_event = threading.Event()
        self.on_change = on_change
        self.lock = threading.Lock()
        self.bound: int | None = None
        self.optimal = False
        self.finished = threading.Event()
        #: set once HiGHS has proven its best teams optimal
        self.proven = threading.Event()
        self.seconds = 0.0
        #: seconds spent building the model (part of ``seconds``)
        self.build_seconds = 0.0
        self.columns = self.rows = 0
        self._best: tuple[int, dict[str, str | None]] | None = None
        #: HiGHS's newest point (MIP objective, values), realised on demand by :meth:`best`
        self._raw: tuple[float, np.ndarray] | None = None
        self._offer: tuple[int, dict[str, str | None]] | None = None
        self._offered_value: int | None = None
        self._model: _Model | None = None
        self._highs: object | None = None
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None
        #: what progress reports already showed of this prover (kept by the caller)
        self.reported_objective: int | None = None
        self.reported_solutions = 0

    # -- the other search's side
    def start(self) -> MipProver:
        self._thread = threading.Thread(target=self._run_safely, daemon=True,
                                        name="matcher-mip")
        self._thread.start()
        return self

    def offer(self, assignment: Mapping[str, str | None], value: int | None = None) -> None:
        """Hand HiGHS a valid assignment (objective ``value``, computed if not given)."""
        if value is None:
            from matcher.check import objective

            value = objective(self.problem, assignment, self.weights)
        with self.lock:
            if self._offer is None or value > self._offer[0]:
                self._offer = (value, dict(assignment))

    def best(self) -> tuple[int, dict[str, str | None]] | None:
        """(objective, assignment) of the best point HiGHS found, realised; or ``None``."""
        from matcher.check import objective

        with self.lock:
            raw, self._raw = self._raw, None
            if raw is not None and self._model is not None:
                # realised here, not in HiGHS's callback: that would hold the GIL (and HiGHS)
                assignment = self._model.realise(raw[1])
                if assignment is not None:
                    value = objective(self.problem, assignment, self.weights)
                    if self._best is None or value > self._best[0]:
                        self._best = (value, assignment)
            return self._best

    @property
    def done(self) -> bool:
        return self.finished.is_set()

    def close(self, timeout: float | None = None) -> None:
        """Stop HiGHS (if still running) and wait up to ``timeout`` seconds for the thread."""
        self.stop_event.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def result(self) -> ExactMip:
        best = self.best()
        return ExactMip(assignment=best[1] if best else None,
                        objective=best[0] if best else None, bound=self.bound,
                        optimal=self.optimal, seconds=self.seconds, columns=self.columns,
                        rows=self.rows)

    # -- HiGHS's side
    def _run_safely(self) -> None:
        try:
            self.run()
        except BaseException as exc:  # reported by the caller, never lost in a thread
            self.error = exc
            self.finished.set()

    def _stopped(self) -> bool:
        return self.stop_event.is_set() or (self.outer_stop is not None
                                            and self.outer_stop.is_set())

    def prepare(self) -> None:
        """Build the model and hand it to HiGHS (done by :meth:`start` / :meth:`run` if not
        called before; call it first to build in this thread, where the GIL is free)."""
        if self._highs is not None:
            return
        self.start_time = time.perf_counter()
        model = self._model = _Model(self.problem, self.weights)
        self.columns, self.rows = model.n_cols, model.n_rows
        h = quiet_highs()
        h.setOptionValue("threads", 1)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.999)  # integer objective: a gap below 1 proves it
        # measured on the scale benchmark's cohorts (one thread): the presolve and the
        # feasibility-jump heuristic cost more than they save on this model, and its root LP
        # solves faster by interior point (300 x 36: 0.83 s -> 0.42 s -> 0.21 s; 1000 x 100:
        # 15.8 s -> 11.2 s with the interior point)
        h.setOptionValue("presolve", "off")
        h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
        h.setOptionValue("mip_lp_solver", "ipm")
        lp = model.to_highs(maximize=True, integer=True)
        h.passModel(lp)
        h.cbMipInterrupt.subscribe(self._guard(self._interrupt))
        h.cbMipUserSolution.subscribe(self._guard(self._user_solution))
        h.cbMipImprovingSolution.subscribe(self._guard(self._improving))
        self._highs = h
        self.build_seconds = time.perf_counter() - self.start_time

    def run(self) -> None:
        """Build the model (unless :meth:`prepare` did) and solve it (blocking)."""
        import highspy

        try:
            self.prepare()
            h = self._highs
            model = self._model
            assert h is not None and model is not None
            if self.deadline is not None:
                left = self.deadline - time.perf_counter()
                if left <= 0:
                    return
                h.setOptionValue("time_limit", max(0.01, left))
            if self._stopped():
                return
            with self.lock:
                offer, self._offer = self._offer, None
            if offer is not None:
                sol = highspy.HighsSolution()
                sol.col_value = list(model.point(offer[1]))
                h.setSolution(sol)
                self._offered_value = offer[0]
            try:
                run_highs(h)
            except HighsRunError as exc:  # its information is not valid: nothing read
                self.error = exc
                return
            info = h.getInfo()
            if not info.valid:
                self.error = HighsRunError("HiGHS ran but gave no valid information")
                return
            self._note_bound(info.mip_dual_bound)
            if info.primal_solution_status == 2:
                self._note_solution(np.array(h.getSolution().col_value),
                                    info.objective_function_value)
            best = self.best()
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal and best is not None:
                dual = math.floor(info.mip_dual_bound + 1e-6 * abs(info.mip_dual_bound) + 1e-3)
                if dual > best[0]:
                    # an optimum is only taken when the teams, scored without the solver,
                    # reach HiGHS's own dual bound (a gap below 1 on an integer objective)
                    self.error = HighsRunError(
                        f"HiGHS claimed optimality with dual bound {info.mip_dual_bound} but "
                        f"its teams score {best[0]}")
                    return
                with self.lock:
                    # HiGHS closed the gap below 1 on an integer objective: nothing better
                    self.optimal = True
                    self.bound = best[0]
                self.proven.set()
                self._changed()
        finally:
            self.seconds = time.perf_counter() - self.start_time
            self.finished.set()

    def _guard(self, callback: Callable[[object], None]) -> Callable[[object], None]:
        """``callback`` with any exception kept in :attr:`error` (and HiGHS stopped) instead
        of lost inside HiGHS."""

        def guarded(e: object) -> None:
            try:
                callback(e)
            except BaseException as exc:
                self.error = exc
                e.data_in.user_interrupt = True  # type: ignore[attr-defined]

        return guarded

    def _interrupt(self, e: object) -> None:
        self._note_bound(e.data_out.mip_dual_bound)  # type: ignore[attr-defined]
        if self._stopped():
            e.data_in.user_interrupt = True  # type: ignore[attr-defined]

    def _user_solution(self, e: object) -> None:
        with self.lock:
            offer, self._offer = self._offer, None
        if offer is None or self._model is None:
            return
        if self._offered_value is not None and offer[0] <= self._offered_value:
            return
        primal = e.data_out.mip_primal_bound  # type: ignore[attr-defined]
        if math.isfinite(primal) and offer[0] <= round(primal):
            return
        self._offered_value = offer[0]
        e.data_in.setSolution(self._model.point(offer[1]))  # type: ignore[attr-defined]

    def _improving(self, e: object) -> None:
        out = e.data_out  # type: ignore[attr-defined]
        self._note_solution(np.array(out.mip_solution), out.objective_function_value)
        self._note_bound(e.data_out.mip_dual_bound)  # type: ignore[attr-defined]

    def _note_bound(self, dual: float) -> None:
        if not math.isfinite(dual):
            return
        bound = math.floor(dual + 1e-6 * abs(dual) + 1e-3)
        with self.lock:
            if self.bound is not None and bound >= self.bound:
                return
            known = [v for v in (self._offered_value, self._best[0] if self._best else None,
                                 self._offer[0] if self._offer else None) if v is not None]
            if known and bound < max(known):
                # the MIP is exact: a dual bound below valid teams (scored without the
                # solver) proves nothing and is never exposed (read by merge_prover)
                self.error = HighsRunError(f"HiGHS's dual bound {dual} is below teams "
                                           f"scoring {max(known)}")
                return
            self.bound = bound
        self._changed()

    def _note_solution(self, values: np.ndarray, value: float) -> None:
        with self.lock:
            best = max((b for b in (self._raw[0] if self._raw else None,
                                    self._best[0] if self._best else None) if b is not None),
                       default=-math.inf)
            if value <= best - 0.5:
                return
            self._raw = (value, values)
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self)
