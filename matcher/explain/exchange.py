"""The best single move or swap putting a student on a project, priced on the two teams it
touches.

For student ``S`` on ``Q`` and a project ``P``: the move ``S -> P`` and every swap of ``S``
with a member ``T`` of ``P`` (``T -> Q``). Each candidate's objective change is computed on
the two teams (:meth:`Formation.delta <matcher.explain.local.Formation.delta>`); candidates
are then checked against the hard rules (:meth:`Formation.broken`) best first, until one
keeps them all. What is proven: no single move or swap putting ``S`` on ``P`` does better
than the one found, and the rules broken by each better one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.constraints.base import Violation
from matcher.explain.local import Formation


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
    candidates: list[tuple[dict[str, str | None], str | None]] = [
        ({student_id: project_id}, None)]
    for t in formation.members.get(project_id, []):
        if t != student_id:
            candidates.append(({student_id: project_id, t: q}, t))
    priced = sorted(((formation.delta(c), i, c, t) for i, (c, t) in enumerate(candidates)),
                    key=lambda e: (-e[0], e[1]))
    out = Exchange(candidates=len(candidates))
    for delta, _, changes, partner in priced:
        broken = formation.broken(changes)
        if not broken:
            out.changes, out.cost, out.partner = changes, -delta, partner
            return out
        out.broken.append((changes, broken))
    common: dict[tuple, Violation] = {_key(v): v for v in out.broken[0][1]}
    for _, broken in out.broken[1:]:
        keys = {_key(v) for v in broken}
        common = {k: v for k, v in common.items() if k in keys}
    out.common = list(common.values())
    return out
