"""Terms whose move-by-move face is deliberately wrong, registered by the tests of the
search's consistency checks (``tests/search/test_consistency.py``, the command line's warning
lines) through the registry's :data:`~matcher.registry.TERMS`
(``monkeypatch.setitem(TERMS, SkewedBlau.kind, SkewedBlau)``)."""

from __future__ import annotations

import numpy as np

from matcher.model import LinearExpr, ModelBuilder
from matcher.problem import Problem
from matcher.scoring.blau import Blau
from matcher.scoring.incremental import Incremental, TeamSum
from matcher.scoring.pairwise import Pairwise, PairwiseGains
from matcher.scoring.preference import Preference


class OverpricedMoves(TeamSum):
    """A face one point too generous on every move and swap: the state's value drifts from
    the direct one, and an undone step does not restore it."""

    def move_delta(self, s: int, p: int, q: int) -> int:
        return super().move_delta(s, p, q) + 1

    def swap_delta(self, s: int, t: int, p: int, q: int) -> int:
        return super().swap_delta(s, t, p, q) + 1


class SkewedBlau(Blau):
    """``blau`` with :class:`OverpricedMoves` as its move-by-move face."""

    kind = "skewed_blau"

    def incremental(self, problem: Problem) -> Incremental:
        return OverpricedMoves(self, problem)


class DoubledMatrix(PairwiseGains):
    """The ``pairwise`` face telling the LNS model twice the pairs it scores itself: a step's
    gain then differs from the change of the state."""

    def pair_matrix(self) -> np.ndarray:
        return 2 * self.d


class DoubledPairwise(Pairwise):
    """``pairwise`` with :class:`DoubledMatrix` as its move-by-move face."""

    kind = "doubled_pairwise"

    def incremental(self, problem: Problem) -> Incremental:
        return DoubledMatrix(super().incremental(problem).d)


class OffsetPreference(Preference):
    """``preference`` whose CP-SAT face counts one point more than its direct value: the
    term's solver value then differs from the direct scoring of the teams CP-SAT returns."""

    kind = "offset_preference"

    def expression(self, builder: ModelBuilder) -> LinearExpr:
        return super().expression(builder) + 1
