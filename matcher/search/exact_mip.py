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
It applies when :func:`supports_exact_mip` holds: the rules of :data:`EXACT_RULES`, every
student placed, an objective of preference points, positive coverage terms and re-matching
stability (a previous placement is a column of its own, like a ranked one).
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
from matcher.search.highs import LinearProgram, quiet_highs


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
    """Columns and rows of the aggregated MIP, with what decoding needs."""

    def __init__(self, problem: Problem, weights: Mapping[str, int]) -> None:
        from matcher.registry import make_constraints

        super().__init__()
        w = effective_weights(problem, weights)
        if not supports_exact_mip(problem, w):
            raise ValueError("the exact MIP does not model this problem's rules or terms "
                             "(see supports_exact_mip)")
        attrs = _objective_parts(problem, w)[0]
        w_moves = w.get("moves", 0)
        self.problem = problem
        students, projects = problem.students, problem.projects
        n, n_p = len(students), len(projects)
        pindex = problem.project_index
        w_pref = w.get("preference", 0)
        forbidden: list[set[int]] = [set() for _ in students]
        for c in make_constraints(problem):
            for si, pi in c.forbidden_pairs(problem):
                forbidden[si].add(pi)
        ranked = [{pindex[pid] for pid in s.preferences} for s in students]
        proposes: list[set[int]] = [set() for _ in students]
        for pi, p in enumerate(projects):
            for sid in p.proposers:
                proposes[problem.student_index[sid]].add(pi)
        # the moves term: a student staying on their previous idea earns w_moves, so that
        # pair is a column of its own (the term is sum of stays - |previous|)
        stays: dict[int, int] = {}
        if w_moves:
            from matcher.scoring.moves import stayers

            before = stayers(problem)
            self.offset = -float(w_moves * len(before))
            for sid, pid in before.items():
                if pid in pindex:
                    stays[problem.student_index[sid]] = pindex[pid]
                    proposes[problem.student_index[sid]].add(pindex[pid])
        # pinned: a rule forbids them some idea, so they are not interchangeable (a slot
        # counted in u may be realised on any idea)
        self.pinned = [bool(forbidden[si]) for si in range(n)]
        attr_names = list(attrs)
        self.attr_names = attr_names
        value_of = [[s.value(a) for a in attr_names] for s in students]

        col, row = self.col, self.row

        inf = math.inf
        self.xcol: dict[tuple[int, int], int] = {}
        by_student: list[list[int]] = [[] for _ in range(n)]
        in_project: list[list[int]] = [[] for _ in range(n_p)]
        for si, s in enumerate(students):
            options = (range(n_p) if self.pinned[si] else sorted(ranked[si] | proposes[si]))
            for pi in options:
                if pi in forbidden[si]:
                    continue
                gain = w_pref * problem.points(s, projects[pi].id)
                if stays.get(si) == pi:
                    gain += w_moves
                j = col(gain, 0.0, 1.0)
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
        self.hascol: dict[tuple[int, str, object], int] = {}
        for a, attr in enumerate(attr_names):
            x_by: dict[tuple[object, int], list[int]] = {}  # (value, idea) -> x columns
            for (si, pi), j in self.xcol.items():
                if value_of[si][a] is not None:
                    x_by.setdefault((value_of[si][a], pi), []).append(j)
            for value in problem.groups(attr):
                member_types = [t for t in self.types if t[a] == value]
                for pi in range(n_p):
                    holders = [(j, -1.0) for j in x_by.get((value, pi), ())]
                    holders += [(self.ucol[t, pi], -1.0) for t in member_types]
                    if not holders:
                        continue
                    h = col(float(attrs[attr]), 0.0, 1.0)
                    self.hascol[pi, attr, value] = h
                    row([(h, 1.0)] + holders, -inf, 0.0)
                    if projects[pi].optional:  # (open = 1 for a mandatory idea)
                        row([(h, 1.0), (self.ocol[pi], -1.0)], -inf, 0.0)

    def point(self, assignment: Mapping[str, str | None]) -> np.ndarray:
        """The MIP point of a valid assignment (every rule kept)."""
        p = self.problem
        x = np.zeros(self.n_cols)
        pindex = p.project_index
        for si, s in enumerate(p.students):
            pid = assignment.get(s.id)
            if pid is None:
                raise ValueError(f"student {s.id!r} is not placed")
            pi = pindex[pid]
            j = self.xcol.get((si, pi))
            if j is not None:
                x[j] = 1.0
            else:
                x[self.ucol[self._type(si), pi]] += 1.0
            x[self.ocol[pi]] = 1.0
        for (pi, attr, value), j in self.hascol.items():
            pid = p.projects[pi].id
            x[j] = float(any(assignment.get(p.students[si].id) == pid
                             for si in p.groups(attr).get(value, ())))
        return x

    def _type(self, si: int) -> tuple:
        return tuple(self.problem.students[si].value(a) for a in self.attr_names)

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


#: The rules the exact MIP models: each rule but the first three is a set of forbidden
#: (student, idea) pairs, whose students the model keeps apart from the interchangeable ones.
EXACT_RULES = frozenset({"assignment", "team_size", "proposers", "refused", "top_k", "fixed"})


def _objective_parts(problem: Problem, w: Mapping[str, int]
                     ) -> tuple[dict[str, int], bool]:
    """({coverage attribute: weight}, whether every other weighted term is modelled)."""
    from matcher.registry import make_terms

    attrs: dict[str, int] = {}
    ok = True
    for term, weight in make_terms(problem, w):
        if weight == 0:
            continue
        if term.kind == "coverage" and weight > 0 and term.attribute:
            attrs[term.attribute] = attrs.get(term.attribute, 0) + weight
        elif term.kind not in ("preference", "moves") or weight < 0:
            ok = False
    return attrs, ok


def supports_exact_mip(problem: Problem, weights: Mapping[str, int] | None = None) -> bool:
    """True when the exact MIP applies: every student placed, only the rules of
    :data:`EXACT_RULES`, and an objective of preference points, positive coverage terms and
    re-matching stability (``moves``), none with a negative weight (a student realised on an
    idea they ranked, or on their previous one, must never lose the model's objective)."""
    from matcher.registry import make_constraints

    w = effective_weights(problem, weights)
    if problem.rules.allow_unassigned or not _objective_parts(problem, w)[1]:
        return False
    return all(c.name in EXACT_RULES for c in make_constraints(problem))


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
            h.run()
            info = h.getInfo()
            self._note_bound(info.mip_dual_bound)
            if info.primal_solution_status == 2:
                self._note_solution(np.array(h.getSolution().col_value),
                                    info.objective_function_value)
            best = self.best()
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal and best is not None:
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
