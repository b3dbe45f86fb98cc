"""The outcome of a solve: status, objective, proven bound, gap and the teams."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

if TYPE_CHECKING:
    import pandas as pd

    from matcher.problem import Problem


class Status(StrEnum):
    """How the search ended.

    ``OPTIMAL``: proven best. ``FEASIBLE``: valid teams, optimality not proven (see ``gap``).
    ``INFEASIBLE``: no formation satisfies the rules (see ``reasons``). ``UNKNOWN``: the time
    limit ended before any formation was found.
    """

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"


class Progress(BaseModel):
    """What the search callback receives: elapsed time, best objective so far, proven bound."""

    model_config = ConfigDict(frozen=True)

    elapsed_s: float
    time_limit_s: float | None = None
    objective: int | None = None
    best_bound: int | None = None
    gap: float | None = None
    solutions: int = 0
    event: str = "solution"


class DiversityPrice(BaseModel):
    """What the weighted terms beside preferences cost in choices: the formation against a
    preference-only optimum under the same unranked cap
    (:func:`matcher.search.lexicographic.diversity_price`). ``students_moved_down``: the most
    students any top ``r`` loses (within their first ``r`` choices there, not here);
    ``ranks_lost``: the total rank worsening (exact, whichever preference-only optimum, when
    ``proven``: its points are then the maximum)."""

    model_config = ConfigDict(frozen=True)

    students_moved_down: int
    ranks_lost: int
    proven: bool


#: The version of the JSON contract of ``matcher solve-json`` (the request it reads and the
#: :class:`Result` it writes, :mod:`matcher.request`): raised when a field changes meaning or
#: is removed; a field added keeps it.
CONTRACT_VERSION = 1


class Result(BaseModel):
    """The outcome of :func:`matcher.solve`.

    ``best_bound`` is a proven upper bound on the objective and ``gap`` is
    ``(best_bound - objective) / max(1, |best_bound|)``: 0 when optimal, never an estimate.
    ``terms`` holds each term's raw value computed by the solver-free face
    (:func:`matcher.score`) on ``assignment``.
    ``warnings`` lists the internal inconsistencies the search met and undid (a bug of ours,
    e.g. two computations of a step's gain that disagree; see
    :mod:`matcher.search.consistency`): the teams are still valid and their ``objective`` is
    the direct one, but the search may have been shorter than it could be. Empty normally;
    strict mode (``MATCHER_STRICT=1``) raises instead.
    """

    # ``model_size`` is a field of the Result JSON; pydantic before 2.10 reserved all of
    # ``model_`` and warned at import (a warning is an error under ``-W error``).
    model_config = ConfigDict(frozen=True, protected_namespaces=())

    #: :data:`CONTRACT_VERSION`, for a platform reading the JSON
    version: int = CONTRACT_VERSION
    status: Status
    objective: int | None = None
    best_bound: int | None = None
    gap: float | None = None
    wall_time_s: float = 0.0
    build_time_s: float = 0.0
    assignment: dict[str, str | None] = Field(default_factory=dict)
    terms: dict[str, int] = Field(default_factory=dict)
    weights: dict[str, int] = Field(default_factory=dict)
    reasons: list[str] = Field(default_factory=list)
    interrupted: bool = False
    time_limit_s: float | None = None
    workers: int | None = None
    seed: int | None = None
    model_size: dict[str, dict[str, int]] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    #: whether the search put choices first (:mod:`matcher.search.lexicographic`)
    choices_first: bool = False
    #: students on an idea they did not rank (of those who ranked some idea)
    unranked: int | None = None
    #: a proven lower bound on ``unranked`` over every formation (choices first only): the
    #: minimum when it equals ``unranked``
    unranked_minimum: int | None = None
    #: the price of diversity in choices (choices first, when computed)
    diversity_price: DiversityPrice | None = None

    _problem: Any = PrivateAttr(default=None)
    _solver_terms: dict[str, int] = PrivateAttr(default_factory=dict)

    @property
    def has_solution(self) -> bool:
        """True when ``assignment`` holds valid teams (OPTIMAL or FEASIBLE)."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    def attach(self, problem: Problem) -> Result:
        """Remember the problem so that :meth:`to_frame` can show names and ranks."""
        self._problem = problem
        return self

    def to_frame(self, problem: Problem | None = None) -> pd.DataFrame:
        """One row per student: ``student_id, name, project_id, project_title, rank,
        discipline, institution, points`` (rank empty when unranked or unassigned)."""
        import pandas as pd

        problem = problem or self._problem
        rows = []
        if problem is None:
            for sid, pid in self.assignment.items():
                rows.append({"student_id": sid, "project_id": pid})
            return pd.DataFrame(rows, columns=["student_id", "project_id"])
        titles = {p.id: p.title for p in problem.projects}
        for s in problem.students:
            pid = self.assignment.get(s.id)
            rank = s.rank_of(pid) if pid else None
            rows.append({
                "student_id": s.id,
                "name": s.name,
                "project_id": pid,
                "project_title": titles.get(pid, "") if pid else "",
                "rank": rank,
                "discipline": s.discipline,
                "institution": s.institution,
                "points": problem.points(s, pid) if pid else 0,
            })
        frame = pd.DataFrame(rows)
        frame["rank"] = frame["rank"].astype("Int64")
        return frame
