"""What an explanation holds: :class:`Alternative` (one project ranked higher),
:class:`TeamFigures` (a team's make-up) and :class:`Explanation` (one student)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from matcher.i18n import tr

#: How an alternative's cost was found, from the cheapest to the most thorough.
KINDS = ("closed", "rule", "exchange", "neighbourhood", "counterfactual", "unexplained")


def points_text(n: int) -> str:
    """``1 point`` / ``7 points`` (``-3 points``)."""
    return tr("{count} point", count=n) if abs(n) == 1 else tr("{count} points", count=n)


class Alternative(BaseModel):
    """A project the student ranked above the one they got, and why they are not on it.

    Attributes
    ----------
    project, rank:
        The project and the rank the student gave it.
    open:
        Whether the project is open in the formation explained.
    kind:
        The most thorough layer that answered (:data:`KINDS`): ``closed`` (why it stayed
        closed, by arithmetic), ``rule`` (a hard rule keeps the student off it),
        ``exchange`` (the best single move or swap putting the student there),
        ``neighbourhood`` (a few teams re-solved exactly with the student there),
        ``counterfactual`` (the whole cohort re-solved), ``unexplained`` (no time).
    feasible:
        Whether the layer found a formation keeping every rule with the student there
        (``False``: proven impossible *by that layer*; ``None``: nothing found or no time).
    cost:
        ``objective(current) - objective(priced formation)``: the points the cohort would
        lose (negative: gain). Exact when ``proven``; an upper bound otherwise.
    cost_lower:
        A proven lower bound on the cost of the layer's question (equal to ``cost`` when
        ``proven``).
    proven:
        The layer's question was answered to optimality (the best move or swap, the best
        formation of the neighbourhood, or of the whole cohort).
    teams:
        The teams re-solved (``neighbourhood``), or the two teams of the exchange.
    placements:
        The placements that differ in the priced formation (student id -> project id), the
        student's own included: apply them to the formation to check the cost.
    rules:
        The hard rules that forbid the cheaper ways, in words naming their records.
    term_changes:
        Weighted change of each objective term (priced formation minus current), when known.
    reasons:
        The explanation in words, most important first.
    summary:
        A few words for a list of low placements.
    """

    model_config = ConfigDict(frozen=True)

    project: str
    rank: int
    open: bool
    kind: str = "counterfactual"
    feasible: bool | None = None
    cost: int | None = None
    cost_lower: int | None = None
    proven: bool = False
    teams: list[str] = Field(default_factory=list)
    placements: dict[str, str | None] = Field(default_factory=dict)
    rules: list[str] = Field(default_factory=list)
    term_changes: dict[str, int] = Field(default_factory=dict)
    reasons: list[str] = Field(default_factory=list)
    summary: str = ""

    def head(self) -> str:
        """``P03 (choice 1)``."""
        return tr("{project} (choice {rank})", project=self.project, rank=self.rank)

    def brief(self) -> str:
        """A few words: ``P03 (choice 1): re-solving these 3 teams with S on P03 costs 7
        points``."""
        if self.summary:
            return f"{self.head()}: {self.summary}"
        if self.feasible is False:
            return tr("{head} is impossible under the rules", head=self.head())
        if self.feasible is None:
            return tr("{head}: no formation found in time", head=self.head())
        cost = self.cost or 0
        if cost <= 0:
            return tr("{head} is a tie or better ({points})", head=self.head(),
                      points=points_text(-cost))
        return tr("{head} would cost {points}", head=self.head(), points=points_text(cost))

    def text(self) -> str:
        """One line: ``P03 (choice 1): <reasons>``."""
        return f"{self.head()}: " + "; ".join(self.reasons)


class TeamFigures(BaseModel):
    """A team's make-up against the cohort's, and the rules that bind it.

    ``best_disciplines`` is the most distinct disciplines a team of this size could have,
    ``min(size, disciplines in the cohort)``; likewise ``best_institutions``.
    """

    model_config = ConfigDict(frozen=True)

    project: str
    title: str = ""
    size: int
    min_size: int
    max_size: int
    optional: bool = False
    members: list[str] = Field(default_factory=list)
    disciplines: dict[str, int] = Field(default_factory=dict)
    institutions: dict[str, int] = Field(default_factory=dict)
    cohort_disciplines: int = 0
    cohort_institutions: int = 0
    best_disciplines: int = 0
    best_institutions: int = 0
    ranks: dict[str, int | None] = Field(default_factory=dict)
    binding: list[str] = Field(default_factory=list)

    def text(self) -> str:
        """Two lines: the make-up, then the binding rules."""
        head = tr("team {project}: {size} members ({low} to {high}), {disciplines} of the "
                  "cohort's {cohort_disciplines} disciplines (best possible {best_disciplines}), "
                  "{institutions} of {cohort_institutions} institutions (best possible "
                  "{best_institutions})", project=self.project, size=self.size,
                  low=self.min_size, high=self.max_size, disciplines=len(self.disciplines),
                  cohort_disciplines=self.cohort_disciplines,
                  best_disciplines=self.best_disciplines, institutions=len(self.institutions),
                  cohort_institutions=self.cohort_institutions,
                  best_institutions=self.best_institutions)
        bind = (tr("binding rules: {rules}", rules="; ".join(self.binding)) if self.binding
                else tr("binding rules: none"))
        return head + "\n" + bind


class Explanation(BaseModel):
    """Why a student is where they are: see :func:`matcher.explain.explain`."""

    model_config = ConfigDict(frozen=True)

    student: str
    name: str = ""
    project: str | None = None
    rank: int | None = None
    points: int = 0
    preferences: list[str] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    team: TeamFigures | None = None
    notes: list[str] = Field(default_factory=list)
    time_s: float = 0.0

    def headline(self) -> str:
        """One sentence: who is where, at which rank."""
        who = f"{self.student} ({self.name})" if self.name else self.student
        if self.project is None:
            return tr("{who} has no team.", who=who)
        if self.rank is None:
            if self.preferences:
                return tr("{who} is on {project} (a project they did not rank).", who=who,
                          project=self.project)
            return tr("{who} is on {project} (they ranked no project).", who=who,
                      project=self.project)
        return tr("{who} is on {project}, their choice {rank} of {count}.", who=who,
                  project=self.project, rank=self.rank, count=len(self.preferences))

    def text(self) -> str:
        """The whole explanation as plain text lines."""
        lines = [self.headline()]
        lines += [f"  {n}" for n in self.notes]
        lines += [f"- {a.text()}" for a in self.alternatives]
        if self.team is not None:
            lines += ["  " + line for line in self.team.text().splitlines()]
        return "\n".join(lines)

    def reason(self) -> str:
        """A short reason for a low placement: why not each better choice, in a few words."""
        if not self.preferences:
            return tr("they ranked no project")
        if not self.alternatives:
            if self.notes:
                return "; ".join(self.notes)
            return tr("placed on their first choice") if self.rank == 1 else tr(
                "no better choice")
        return "; ".join(a.brief() for a in self.alternatives)

    @property
    def explained(self) -> bool:
        """Every alternative got an answer (a cost, a closure or a named rule)."""
        return all(a.kind != "unexplained" for a in self.alternatives)
