"""What the heuristics (warm start, LNS) must keep besides team sizes and forbidden pairs.

A rule teaches the heuristics through its :meth:`~matcher.constraints.base.Constraint.keep`
face, filling a :class:`Kept`: pairs of students never on one team (``avoid``,
``keep_apart``), caps on the members of a group in one team (``new_teammates``,
``max_per_value``), floors on the distinct values of an open team (``min_distinct``), values
never held by one member alone (``no_isolated``) and groups of students on one team
(``keep_together``). A move or swap that would break one is refused
(:meth:`matcher.search.warm_start.State.fits`); the construction reaches them
(:mod:`matcher.search.kept_start`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Kept:
    """Rules kept move by move, as student indices.

    ``apart``: unordered pairs ``(i, j)`` never on the same team; ``caps``: ``(codes, k)``
    with ``codes[s]`` the group of student ``s`` (-1: none), at most ``k`` members of a group
    in one team; ``floors``: ``(codes, k)``, at least ``k`` distinct codes (-1 not counted)
    in every open team; ``together``: groups of students always on one team; ``pairs``:
    ``codes`` lists, each code (-1: none) held by 0 or at least 2 members of every team.
    """

    apart: list[tuple[int, int]] = field(default_factory=list)
    caps: list[tuple[list[int], int]] = field(default_factory=list)
    floors: list[tuple[list[int], int]] = field(default_factory=list)
    together: list[list[int]] = field(default_factory=list)
    pairs: list[list[int]] = field(default_factory=list)

    def keep_apart(self, i: int, j: int) -> None:
        """Students ``i`` and ``j`` never on the same team."""
        if i != j:
            self.apart.append((min(i, j), max(i, j)))

    def cap(self, codes: list[int], k: int) -> None:
        """At most ``k`` students of one group (``codes[s]``, -1: none) in a team."""
        self.caps.append((list(codes), k))

    def floor(self, codes: list[int], k: int) -> None:
        """At least ``k`` distinct codes (``codes[s]``, -1: none) in every open team."""
        self.floors.append((list(codes), k))

    def no_lone(self, codes: list[int]) -> None:
        """Every code (``codes[s]``, -1: none) held by 0 or at least 2 members of a team."""
        self.pairs.append(list(codes))

    def keep_together(self, group: list[int]) -> None:
        """The students of ``group`` always on one team."""
        if len(set(group)) > 1:
            self.together.append(sorted(set(group)))
