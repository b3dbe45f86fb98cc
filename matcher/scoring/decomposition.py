"""How a scoring term decomposes: the shape the linear models (the LP relaxation, the exact
aggregated MIP) read it in.

A term's :meth:`~matcher.scoring.base.ScoringTerm.decompose` face returns one of:

- :class:`PerPlacement`: points per (student, idea) pair, ``sum c[s,p] x[s,p] + offset``
  (``preference``, ``moves``);
- :class:`DistinctValues`: the number of distinct values of an attribute per open team,
  ``sum_{p,v} has[a,v,p]`` (``coverage``);
- :class:`MemberPairs`: a sum over pairs of teammates, ``sum c[i,j] [i and j together]``
  (``wishes``);
- :class:`Generic`: none of these, with the reason; a path that needs a decomposition is
  then off for that objective, and says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PerPlacement:
    """The term is ``sum_{(s,p)} values[s,p] * x[s,p] + offset``, pairs not listed worth 0.

    Model: one column per listed pair in the linear models, the rest aggregated.
    """

    values: Mapping[tuple[int, int], int] = field(default_factory=dict)
    offset: int = 0


@dataclass(frozen=True)
class DistinctValues:
    """The term is the number of distinct known values of ``attribute`` over the open teams.

    Model: ``sum_{p,v} has[a,v,p]`` with ``has[a,v,p] <= count[a,v,p]`` and ``<= open[p]``.
    """

    attribute: str


@dataclass(frozen=True)
class MemberPairs:
    """The term is ``sum c[i,j]`` over the pairs ``(i, j)`` (student indices, ``i < j``) on
    the same team; :meth:`~matcher.scoring.base.ScoringTerm.pairs` gives the coefficients."""

    coefficients: Mapping[tuple[int, int], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Generic:
    """No linear decomposition is known; ``reason`` says so (read by tests and logs)."""

    reason: str


#: What :meth:`~matcher.scoring.base.ScoringTerm.decompose` returns.
Decomposition = PerPlacement | DistinctValues | MemberPairs | Generic
