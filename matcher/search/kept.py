"""What the heuristics (warm start, LNS) must keep besides team sizes and forbidden pairs.

A rule teaches the heuristics through its :meth:`~matcher.constraints.base.Constraint.keep`
face, filling a :class:`Kept`: pairs of students never on one team (``avoid``,
``keep_apart``), and caps on the members of a group in one team (``new_teammates``). A move
or swap that would break one is refused (:meth:`matcher.search.warm_start.State.fits`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Kept:
    """Rules kept move by move, as student indices.

    ``apart``: unordered pairs ``(i, j)`` never on the same team; ``caps``: ``(codes, k)``
    with ``codes[s]`` the group of student ``s`` (-1: none), at most ``k`` members of a group
    in one team.
    """

    apart: list[tuple[int, int]] = field(default_factory=list)
    caps: list[tuple[list[int], int]] = field(default_factory=list)

    def keep_apart(self, i: int, j: int) -> None:
        """Students ``i`` and ``j`` never on the same team."""
        if i != j:
            self.apart.append((min(i, j), max(i, j)))

    def cap(self, codes: list[int], k: int) -> None:
        """At most ``k`` students of one group (``codes[s]``, -1: none) in a team."""
        self.caps.append((list(codes), k))
