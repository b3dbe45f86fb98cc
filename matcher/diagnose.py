"""Why no formation satisfies the rules, in words, and which relaxations would fix it.

:func:`diagnose` works in three steps, all within one time limit:

1. **Arithmetic.** :func:`matcher.feasibility.precheck` and :func:`totals_reason`, a
   subset-sum over the team sizes the ideas allow ("teams can total 12, 17 or 22 students,
   never the 15 in the cohort").
2. **A minimal conflicting set.** Every rule is split into *atoms*, one per record where the
   rule is about records (each project's size bounds, each proposer, each fixed placement,
   each keep-together group...) and one per rule instance otherwise (``max_per_value`` of an
   attribute...). Each atom is posted to a CP-SAT model guarded by an enforcement literal, and
   the literals are passed as assumptions: an infeasible solve returns a sufficient subset
   (``sufficient_assumptions_for_infeasibility``), which *deletion filtering* shrinks to a
   minimal one: each atom in turn is dropped, and stays dropped if the rest is still
   infeasible. Every atom of the result is then necessary: without any one of them the
   others can be satisfied.
3. **Relaxations.** For each atom of the minimal set, a concrete change of the problem
   (raise a ``max_size``, make an idea optional, drop a keep-together group...) sized from a
   formation found without that atom, and verified by solving the changed problem.

Model: the structure of :class:`~matcher.model.ModelBuilder` (``x``, ``open`` and their
link) plus ``sum_p x[s,p] <= 1`` are always on; every other constraint ``c`` of atom ``a``
becomes ``use[a] => c``, with the ``use`` literals as assumptions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model
from pydantic import BaseModel, ConfigDict, Field

from matcher.constraints.atom import Atom
from matcher.feasibility import precheck
from matcher.i18n import tr
from matcher.model import ModelBuilder
from matcher.problem import Problem
from matcher.registry import make_constraints
from matcher.words import join_words

__all__ = ["Atom", "Diagnosis", "Suggestion", "atoms_of", "diagnose", "phrase",
           "reachable_totals", "shrink", "totals_reason"]

#: Default seconds for a whole diagnosis.
DEFAULT_TIME_LIMIT = 30.0

#: At most this many relaxations are proposed (each costs a solve).
MAX_SUGGESTIONS = 8


class Suggestion(BaseModel):
    """A relaxation of the rules, and whether solving the relaxed problem found a formation
    (``verified``: ``True`` yes, ``False`` still infeasible, ``None`` time ran out)."""

    model_config = ConfigDict(frozen=True)

    text: str
    verified: bool | None = None


class Diagnosis(BaseModel):
    """The outcome of :func:`diagnose`.

    Attributes
    ----------
    feasible:
        ``True`` if some formation satisfies the rules after all, ``False`` if none does,
        ``None`` if the time limit ended first.
    reasons:
        Why not, in words: arithmetic reasons first, then the minimal conflicting set.
    conflict:
        The rules and records of the conflicting set, one phrase each.
    minimal:
        Deletion filtering finished: dropping any one element of ``conflict`` restores
        feasibility (of that set of rules).
    suggestions:
        Relaxations, each verified by solving.
    """

    model_config = ConfigDict(frozen=True)

    feasible: bool | None = None
    reasons: list[str] = Field(default_factory=list)
    conflict: list[str] = Field(default_factory=list)
    minimal: bool = False
    suggestions: list[Suggestion] = Field(default_factory=list)
    time_s: float = 0.0

    def text(self) -> str:
        """The diagnosis as plain text lines."""
        if self.feasible:
            return tr("A formation satisfies every rule: nothing to diagnose.")
        lines = [tr("No formation satisfies the rules:") if self.feasible is False
                 else tr("No formation was found within the time limit:")]
        lines += [f"- {r}" for r in self.reasons]
        if self.suggestions:
            lines.append(tr("Relaxations:"))
            for s in self.suggestions:
                mark = {True: tr("restores a formation (checked by solving)"),
                        False: tr("not enough on its own"),
                        None: tr("not checked (time limit)")}[s.verified]
                lines.append(f"- {s.text}: {mark}")
        return "\n".join(lines)


# ---------------------------------------------------------------------- arithmetic


def reachable_totals(problem: Problem, limit: int | None = None) -> list[int]:
    """Every number of students the teams can hold together, in increasing order.

    A project that must open holds ``min_size..max_size`` members; an optional one holds 0 or
    ``min_size..max_size``. Totals above ``limit`` (default: the sum of every ``max_size``) are
    left out. A subset-sum by dynamic programming over a bitset (an ``int``).
    """
    cap = sum(p.max_size for p in problem.projects) if limit is None else limit
    mask = (1 << (cap + 1)) - 1
    reach = 1  # bit t set: total t reachable
    for p in problem.projects:
        nxt = 0 if not p.optional else reach
        for size in range(p.min_size, p.max_size + 1):
            nxt |= reach << size
        reach = nxt & mask
    return [t for t in range(cap + 1) if reach >> t & 1]


def totals_reason(problem: Problem) -> str | None:
    """The subset-sum reason, when the team sizes cannot add up to the cohort.

    Example: "P1, P2 and P3 must open with exactly 4 members and the optional ideas P4 and P5
    take exactly 5, so teams can total 12, 17 or 22 students, never the 15 in the cohort".
    ``None`` when the cohort's size is reachable (or, when students may stay without a team,
    some total up to it is).
    """
    n = len(problem.students)
    totals = reachable_totals(problem)
    if problem.rules.allow_unassigned:
        if not totals or totals[0] <= n:
            return None
        return tr("{sizes}, so teams hold at least {least} students, more than the {students} "
                  "in the cohort", sizes=_size_clauses(problem), least=totals[0], students=n)
    if n in totals:
        return None
    return tr("{sizes}, so teams can total {totals} students, never the {students} in the "
              "cohort", sizes=_size_clauses(problem), totals=_ranges(totals), students=n)


def _size_clauses(problem: Problem) -> str:
    groups: dict[tuple[bool, int, int], list[str]] = {}
    for p in problem.projects:
        groups.setdefault((p.optional, p.min_size, p.max_size), []).append(p.id)
    parts = []
    for (optional, lo, hi), ids in groups.items():
        size = tr("exactly {n}", n=lo) if lo == hi else tr("{low} to {high}", low=lo, high=hi)
        if optional and len(ids) == 1:
            parts.append(tr("the optional idea {ids} takes {size} if opened", ids=_join(ids),
                            size=size))
        elif optional:
            parts.append(tr("the optional ideas {ids} take {size} if opened", ids=_join(ids),
                            size=size))
        elif len(ids) == 1:
            parts.append(tr("{project} must open with {size} members", project=ids[0],
                            size=size))
        else:
            parts.append(tr("{ids} must open with {size} members", ids=_join(ids), size=size))
    return _join(parts)


def _ranges(values: list[int], most: int = 8) -> str:
    runs: list[tuple[int, int]] = []
    for v in values:
        if runs and runs[-1][1] == v - 1:
            runs[-1] = (runs[-1][0], v)
        else:
            runs.append((v, v))
    words = [str(a) if a == b else tr("{low} to {high}", low=a, high=b) for a, b in runs]
    if len(words) > most:
        words = words[: most - 1] + [f"... {words[-1]}"]
    return _join(words, tr("or"))


def _join(items: Sequence[str], last: str | None = None) -> str:
    """``a, b and c`` (``last`` replaces ``and``, in the current language)."""
    return join_words(items, last)


# ---------------------------------------------------------------------- atoms


def atoms_of(problem: Problem) -> list[Atom]:
    """The atoms of every rule of ``problem``, in :data:`~matcher.registry.RULES` order."""
    out: list[Atom] = []
    for c in make_constraints(problem):
        out.extend(c.atoms(problem))
    return out


# ---------------------------------------------------------------------- the guarded model


class _Guarded:
    """The model with one enforcement literal per atom; solves under assumptions."""

    def __init__(self, problem: Problem, atoms: list[Atom]) -> None:
        self.problem, self.atoms = problem, atoms
        self.builder = b = ModelBuilder(problem, [])  # no pruning: every pair can be relaxed
        for row in b.by_student:
            if len(row) > 1:
                b.model.add_at_most_one([v for _, v in row])
        proto = b.model.proto
        for i, atom in enumerate(atoms):
            lit = b.model.new_bool_var(f"use[{i}:{atom.kind}:{atom.subject}]")
            atom.literal = lit
            start = len(proto.constraints)
            atom.post(b)
            for ci in range(start, len(proto.constraints)):
                proto.constraints[ci].enforcement_literal.append(lit.index)
        self.by_index = {a.literal.index: a for a in atoms if a.literal is not None}
        self.solver = cp_model.CpSolver()

    def solve(self, active: Sequence[Atom], seconds: float, workers: int = 1
              ) -> tuple[bool | None, list[Atom]]:
        """Feasible with ``active`` enforced? (``None``: time ran out). On infeasibility, also
        a sufficient subset of ``active``."""
        m = self.builder.model
        m.clear_assumptions()
        m.add_assumptions([a.literal for a in active])
        params = self.solver.parameters
        params.max_time_in_seconds = max(0.01, seconds)
        params.num_workers = workers
        # The LP relaxation at level 2 proves size conflicts (subset sums) at once; the
        # default level 1 can search for long on them.
        params.linearization_level = 2
        params.catch_sigint_signal = False
        code = self.solver.solve(m)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True, []
        if code == cp_model.INFEASIBLE:
            core = [self.by_index[i] for i in self.solver.sufficient_assumptions_for_infeasibility()
                    if i in self.by_index]
            wanted = {id(a) for a in active}
            return False, [a for a in core if id(a) in wanted]
        return None, []

    def witness(self) -> dict[str, str | None]:
        """The last feasible solve's assignment."""
        p = self.problem
        out: dict[str, str | None] = {s.id: None for s in p.students}
        for (si, pi), var in self.builder.x.items():
            if self.solver.boolean_value(var):
                out[p.students[si].id] = p.projects[pi].id
        return out


def _priority(atom: Atom) -> int:
    """Order in which deletion filtering tries to drop atoms (each rule's
    :meth:`~matcher.constraints.base.Constraint.atoms` sets it): the first ones are dropped
    when they can be, so a conflict keeps the rules an organiser chose (fixed placements, keep
    groups...) rather than structural ones."""
    return atom.priority


# ---------------------------------------------------------------------- diagnose


def diagnose(
    problem: Problem,
    *,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    workers: int | None = None,
    suggest: bool = True,
) -> Diagnosis:
    """Say why no formation satisfies the rules of ``problem``, and what would fix it.

    Parameters
    ----------
    problem:
        The problem (its weights play no part: only the rules matter).
    time_limit:
        Seconds for the whole diagnosis, every solve included; never exceeded by more than
        one model build. ``None``: no limit.
    workers:
        CP-SAT workers for the verification solves (the assumption solves use one worker,
        which CP-SAT needs to return a useful core).
    suggest:
        Propose relaxations and verify each by solving.

    Returns
    -------
    Diagnosis
        ``feasible`` is ``True`` when a formation exists after all.
    """
    start = time.perf_counter()
    deadline = None if time_limit is None else start + time_limit

    def left() -> float:
        return 1e9 if deadline is None else deadline - time.perf_counter()

    reasons = list(precheck(problem))
    totals = totals_reason(problem)
    if totals:
        reasons.insert(0, totals)
    atoms = atoms_of(problem)
    guarded = _Guarded(problem, atoms)
    feasible, core = guarded.solve(atoms, left())
    if feasible:
        return Diagnosis(feasible=True, minimal=True, time_s=time.perf_counter() - start)
    if feasible is None and not reasons:
        return Diagnosis(feasible=None, time_s=time.perf_counter() - start)
    if feasible is None:  # the arithmetic already proves it
        return Diagnosis(feasible=False, reasons=reasons, time_s=time.perf_counter() - start)
    core, minimal = shrink(guarded, core or list(atoms), left)
    conflict = phrase(core)
    reasons.append(tr("these rules cannot all hold together: {rules}",
                      rules="; ".join(conflict)))
    suggestions = _suggestions(problem, guarded, atoms, core, left, workers) if suggest else []
    return Diagnosis(feasible=False, reasons=reasons, conflict=conflict, minimal=minimal,
                     suggestions=suggestions, time_s=time.perf_counter() - start)


def shrink(guarded: _Guarded, core: list[Atom], left: Callable[[], float]
           ) -> tuple[list[Atom], bool]:
    """Deletion filtering: drop each atom of the infeasible ``core`` in turn, for good when the
    rest stays infeasible (then also keep only CP-SAT's sufficient subset of the rest).

    Returns the shrunk core and whether it is proven minimal (every remaining atom was shown
    necessary: without it, the others are feasible).
    """
    core = sorted(core, key=_priority)
    minimal = True
    i = 0
    while i < len(core):
        if left() <= 0.01:
            return core, False
        trial = core[:i] + core[i + 1:]
        ok, sub = guarded.solve(trial, left())
        if ok is False:
            keep = {id(a) for a in sub} if sub else {id(a) for a in trial}
            core = [a for a in trial if id(a) in keep]
        else:
            if ok is None:
                minimal = False
            i += 1
    return core, minimal


def phrase(atoms: Sequence[Atom]) -> list[str]:
    """The atoms in words, project bounds of the same kind and number grouped."""
    sizes: dict[str, dict[str, int]] = {}
    out: list[str] = []
    opens = []
    for a in atoms:
        if a.kind in ("min", "max"):
            sizes.setdefault(a.subject, {})[a.kind] = a.bound or 0
        elif a.kind == "open":
            opens.append(a.subject)
    groups: dict[tuple[int | None, int | None], list[str]] = {}
    for pid, b in sizes.items():
        groups.setdefault((b.get("min"), b.get("max")), []).append(pid)
    if len(opens) == 1:
        out.append(tr("{project} must open", project=opens[0]))
    elif opens:
        out.append(tr("{projects} must open", projects=_join(opens)))
    for (lo, hi), ids in groups.items():
        out.append(_phrase_sizes(_join(ids), len(ids) == 1, lo, hi))
    out.extend(a.text for a in atoms if a.kind not in ("min", "max", "open"))
    return out


def _phrase_sizes(ids: str, one: bool, lo: int | None, hi: int | None) -> str:
    """``P1 and P2 take 3 to 5 members if they open``: the size bounds of a core in words."""
    if lo is not None and hi is not None:
        size = tr("exactly {n}", n=lo) if lo == hi else tr("{low} to {high}", low=lo, high=hi)
        return (tr("{projects} takes {size} members if it opens", projects=ids, size=size)
                if one else
                tr("{projects} take {size} members if they open", projects=ids, size=size))
    if lo is not None:
        return (tr("{projects} needs at least {n} members if it opens", projects=ids, n=lo)
                if one else
                tr("{projects} need at least {n} members if they open", projects=ids, n=lo))
    return (tr("{projects} holds at most {n} members", projects=ids, n=hi) if one else
            tr("{projects} hold at most {n} members", projects=ids, n=hi))


def _suggestions(problem: Problem, guarded: _Guarded, atoms: list[Atom], core: list[Atom],
                 left: Callable[[], float], workers: int | None) -> list[Suggestion]:
    out: list[Suggestion] = []
    seen: set[str] = set()
    for atom in core:
        if len(out) >= MAX_SUGGESTIONS or left() <= 0.05:
            break
        others = [a for a in atoms if a is not atom]
        ok, _ = guarded.solve(others, left())
        witness = guarded.witness() if ok else None
        try:
            change = _relax(problem, atom, witness)
        except ValueError:  # the change makes an invalid problem (pydantic ValidationError)
            change = None
        if change is None:
            text, verified = tr("drop the rule '{rule}'", rule=atom.text), ok
        else:
            text, relaxed = change
            if text in seen:
                continue
            verified = _feasible(relaxed, left(), workers) if left() > 0.05 else None
        seen.add(text)
        out.append(Suggestion(text=text, verified=verified))
    order = {True: 0, None: 1, False: 2}
    return sorted(out, key=lambda s: order[s.verified])


def _relax(problem: Problem, atom: Atom, witness: dict[str, str | None] | None
           ) -> tuple[str, Problem] | None:
    """A concrete change of ``problem`` that removes or loosens ``atom``: its rule's
    :meth:`~matcher.constraints.base.Constraint.relax` face."""
    if atom.constraint is None:
        return None
    return atom.constraint.relax(problem, atom, witness)


def _feasible(problem: Problem, seconds: float, workers: int | None) -> bool | None:
    """Does some formation satisfy every rule of ``problem``? (``None``: time ran out)."""
    if precheck(problem):
        return False
    builder = ModelBuilder(problem, make_constraints(problem))
    builder.post_all()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    if (workers or 1) > 1:  # a portfolio that keeps max_lp, which proves size conflicts
        from matcher.solve import configure_search

        configure_search(solver.parameters, workers or 1)
    else:
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
    solver.parameters.catch_sigint_signal = False
    code = solver.solve(builder.model)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if code == cp_model.INFEASIBLE else None
