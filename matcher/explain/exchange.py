"""The best single move or swap putting a student on a project, priced on the two teams it
touches.

For student ``S`` on ``Q`` and a project ``P``: the move ``S -> P`` and every swap of ``S``
with a member ``T`` of ``P`` (``T -> Q``). Each candidate's objective change is computed on
the two teams (:meth:`Formation.delta <matcher.explain.local.Formation.delta>`); candidates
are then checked against the hard rules (:meth:`Formation.broken`) best first, until one
keeps them all. What is proven: no single move or swap putting ``S`` on ``P`` does better
than the one found, and the rules broken by each better one. When none keeps the rules, the
students a broken rule ties to ``S`` (named in its violation) are moved along with ``S``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.constraints.base import Violation
from matcher.explain.local import Formation

#: At most this many students tied to the student by a rule are moved with them.
MAX_COMPANIONS = 4


@dataclass
class Exchange:
    """The answer for one student and project.

    Attributes
    ----------
    changes:
        The best candidate that keeps every rule (student id -> project id), or ``None``.
    cost:
        Its cost, ``objective(current) - objective(with the change)`` (negative: a gain).
    partner:
        The member of the project swapped with the student (``None`` for a move).
    companions:
        When no move or swap keeps the rules but moving the student together with the
        students a broken rule ties them to does (a ``keep_together`` group...): those
        students (``group_broken``: the rules that move breaks, when it breaks some).
    candidates:
        How many moves and swaps there were.
    common:
        When no candidate keeps the rules: the violations every candidate has, in rule order.
    broken:
        The violations of each candidate checked and rejected (its changes, its violations),
        best first.
    """

    changes: dict[str, str | None] | None = None
    cost: int | None = None
    partner: str | None = None
    companions: list[str] = field(default_factory=list)
    group_broken: list[Violation] = field(default_factory=list)
    candidates: int = 0
    common: list[Violation] = field(default_factory=list)
    broken: list[tuple[dict[str, str | None], list[Violation]]] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """A move or swap keeps every rule."""
        return self.changes is not None


def _key(v: Violation) -> tuple[str, str | None, frozenset[str]]:
    return v.rule, v.project, frozenset(v.students)


def best_exchange(formation: Formation, student_id: str, project_id: str) -> Exchange:
    """The best single move or swap putting ``student_id`` on ``project_id`` that keeps every
    hard rule (module docstring); when none does, the rules every candidate breaks."""
    q = formation.project_of(student_id)
    partners = [t for t in formation.members.get(project_id, []) if t != student_id]
    candidates: list[tuple[dict[str, str | None], str | None]] = [
        ({student_id: project_id}, None)] + [({student_id: project_id, t: q}, t)
                                             for t in partners]
    deltas = formation.exchange_deltas(student_id, project_id, partners)
    priced = sorted(((d, i, c, t) for i, (d, (c, t)) in enumerate(zip(deltas, candidates,
                                                                      strict=True))),
                    key=lambda e: (-e[0], e[1]))
    out = Exchange(candidates=len(candidates))
    for delta, _, changes, partner in priced:
        broken = formation.broken(changes)
        if not broken:
            out.changes, out.cost, out.partner = changes, -delta, partner
            return out
        out.broken.append((changes, broken))
    move = next(b for c, b in out.broken if len(c) == 1)
    companions = sorted({t for v in move if student_id in v.students for t in v.students
                         if t != student_id and formation.project_of(t) != project_id})
    if 0 < len(companions) <= MAX_COMPANIONS:  # the students a rule ties to S go too
        group: dict[str, str | None] = {student_id: project_id}
        group.update({t: project_id for t in companions})
        out.candidates += 1
        out.companions = companions
        out.group_broken = formation.broken(group)
        if not out.group_broken:
            out.changes, out.cost = group, -formation.delta(group)
            return out
    common: dict[tuple, Violation] = {_key(v): v for v in out.broken[0][1]}
    for _, broken in out.broken[1:]:
        keys = {_key(v) for v in broken}
        common = {k: v for k, v in common.items() if k in keys}
    out.common = list(common.values())
    return out
