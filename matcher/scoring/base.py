"""The two faces of a scoring term.

A :class:`ScoringTerm` gives a linear CP-SAT expression (:meth:`expression`, which may add
auxiliary variables linked *exactly*, so that its value on any solution equals the direct
computation) and the same number computed directly on a plain assignment (:meth:`value`).
The objective maximises ``sum_t weight_t * term_t``; all values are integers.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from matcher.assignment import Assignment
    from matcher.model import LinearExpr, ModelBuilder
    from matcher.problem import Problem
    from matcher.scoring.decomposition import Decomposition
    from matcher.scoring.incremental import Incremental


class ScoringTerm(ABC):
    """A term of the objective (to be maximised), with two faces.

    Subclasses set :attr:`kind` (the key in :data:`matcher.registry.TERMS`) and
    :attr:`needs_attribute`; an instance's :attr:`name` is how weights and results refer to it
    (``"preference"``, ``"discipline"``, ``"blau.gender"``...).
    """

    kind: ClassVar[str]
    needs_attribute: ClassVar[bool] = False
    #: :meth:`value` reads only the students and projects it is shown, so that on a problem
    #: whose ``students`` and ``projects`` are restricted to a few teams (everything else the
    #: cohort's) it changes exactly as the whole value does when those teams change.
    #: Explanations then price a move on the teams it touches (:mod:`matcher.explain.local`);
    #: a term that is not local is recomputed on the whole cohort.
    local: ClassVar[bool] = False
    #: :meth:`value` is a constant plus a sum over teams of a function of each team's members
    #: (a team's change moves the value by the change of its own part): the local search may
    #: then price a move on the two teams it touches (the default of :meth:`incremental`).
    #: False for a minimum over students or teams.
    team_sum: ClassVar[bool] = False
    #: Its CP-SAT expression is a plain linear sum of the placements (no auxiliary variable):
    #: the dense model searches it as well as preferences, so it alone never sends a cohort
    #: to the heuristics (:func:`matcher.search.routing.beyond_cp_sat`).
    linear: ClassVar[bool] = False
    #: The faces this term does not have, each with the reason (read by the registry test,
    #: ``tests/test_registry_faces.py``): ``"decompose"`` (:meth:`decompose`: the LP
    #: relaxation, the exact MIP, the warm start and the LNS).
    without: ClassVar[Mapping[str, str]] = {}

    def __init__(self, name: str, attribute: str | None = None) -> None:
        self.name = name
        self.attribute = attribute

    @abstractmethod
    def expression(self, builder: ModelBuilder) -> LinearExpr:
        """The term as a linear expression over the model's variables."""

    @abstractmethod
    def value(self, problem: Problem, assignment: Assignment) -> int:
        """The term computed directly on a plain assignment, without any solver."""

    def pairs(self, problem: Problem) -> dict[tuple[int, int], int] | None:
        """The term as a sum over pairs of teammates, when it is one: ``{(i, j): c}`` (student
        indices, ``i < j``), the term being ``sum c`` over the pairs on the same team. The
        heuristics (:mod:`matcher.search.heuristics`, LNS) then score it move by move.
        ``None`` (the default): not such a sum."""
        return None

    def decompose(self, problem: Problem) -> Decomposition:
        """How the term decomposes (:mod:`matcher.scoring.decomposition`): points per
        (student, idea) pair, distinct values per team, pairs of members, or
        :class:`~matcher.scoring.decomposition.Generic` with the reason. The LP relaxation and
        the exact MIP read it. The default: pairs of members when :meth:`pairs` gives them,
        else generic."""
        from matcher.scoring.decomposition import Generic, MemberPairs

        coefficients = self.pairs(problem)
        if coefficients is not None:
            return MemberPairs(coefficients)
        return Generic(self.without.get("decompose", f"the term {self.kind!r} has no linear "
                       "decomposition (per placement, distinct values or pairs of members)"))

    def upper_bound(self, problem: Problem) -> int | None:
        """A proven upper bound on :meth:`value` over every assignment, added to the bounds of
        the relaxations that leave this term out; ``None`` (the default): none known."""
        return None

    def lower_bound(self, problem: Problem) -> int | None:
        """A proven lower bound on :meth:`value` over every assignment (what a negative weight
        can cost at worst); ``None`` (the default): none known."""
        return None

    def incremental(self, problem: Problem) -> Incremental:
        """How the local search prices a move of one student or a swap of two
        (:mod:`matcher.scoring.incremental`). The default is generic: the change of
        :meth:`value` on the two touched teams when :attr:`team_sum`, else :meth:`value`
        recomputed on the whole assignment; a term overrides it with a constant-time face."""
        from matcher.scoring.incremental import Recompute, TeamSum

        return TeamSum(self, problem) if self.team_sum else Recompute(self, problem)

    def hint(self, builder: ModelBuilder, assignment: Assignment) -> None:
        """Hint the auxiliary variables :meth:`expression` added, at their values on
        ``assignment`` (a complete hint: CP-SAT then starts from it instead of repairing a
        partial one). The default adds no hint."""
        return None

    def describe(self) -> str:
        """One line for reports: what the term counts."""
        return (self.__doc__ or self.name).strip().splitlines()[0]
