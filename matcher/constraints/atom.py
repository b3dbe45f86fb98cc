"""One relaxable piece of a rule, for a diagnosis (:mod:`matcher.diagnose`).

A rule splits itself into atoms through its
:meth:`~matcher.constraints.base.Constraint.atoms` face (one per record where the rule is
about records: each project's size bounds, each proposer, each fixed placement...; one per rule
instance otherwise) and says how to loosen one through
:meth:`~matcher.constraints.base.Constraint.relax`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from matcher.constraints.base import Constraint
    from matcher.model import ModelBuilder

#: :attr:`Atom.priority` of the atoms an organiser chose (fixed placements, keep groups,
#: caps...): dropped last by deletion filtering, so that a conflict keeps them.
CHOSEN = 100


@dataclass
class Atom:
    """One relaxable piece of a rule: how to post it, and how to say it.

    ``kind`` groups atoms for phrasing (``open``, ``min``, ``max``, ``placed``, ...);
    ``subject`` is the record (project or student id) or the rule instance it is about;
    ``constraint`` the rule instance it comes from (whose
    :meth:`~matcher.constraints.base.Constraint.relax` loosens it); ``priority`` the order
    in which deletion filtering tries to drop atoms (lowest first: structural atoms before
    the rules an organiser chose).
    """

    kind: str
    subject: str
    text: str
    post: Callable[[ModelBuilder], None]
    constraint: Constraint | None = None
    bound: int | None = None
    priority: int = CHOSEN
    literal: cp_model.IntVar | None = field(default=None, repr=False)
