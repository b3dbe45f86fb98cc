"""A floor on a scoring term: the epsilon constraint of :mod:`matcher.pareto`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from matcher.constraints.base import Constraint, Violation, without_faces
from matcher.constraints.parameters import issue
from matcher.i18n import tr
from matcher.scoring.catalog import make_term, term_issues

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, RecordIssue


class MinTerm(Constraint):
    """The raw (unweighted) value of scoring term ``term`` is at least ``k`` (e.g. at least 120
    preference points, or at least 30 distinct disciplines over all teams).

    Model: ``expression(term) >= k``, with the term's own exact linear expression (its
    auxiliaries are built a second time when the term is also in the objective).
    """

    name: ClassVar[str] = "min_term"
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {
        "min_term": (dict[str, int], Field(
            examples=[{"preference": 0}],
            default_factory=dict, description="``{term name: k}``: the raw value of the scoring "
            "term is at least ``k`` (the epsilon constraint of :mod:`matcher.pareto`; e.g. "
            "``{preference = 120}``)."))}
    without: ClassVar[Mapping[str, str]] = without_faces({
        "linear": (
            "a floor on a term (pareto's epsilon constraint): the linear models have no row "
            "for a term's value"),
        "keep": "a floor on a term over the whole cohort: no move-by-move test",
        "relax": "pareto sets the floor itself: dropping it is the relaxation",
        "holds": "a floor over the whole cohort holds no one team in place",
        "linear_rows": "no rows: linear_needs says why",
        "atoms": "one atom per floor (the default) is the diagnosis's unit",
        "precheck": "whether a floor is within reach takes a search (pareto's own solves)",
        "domain admits": "a floor on a term ties no student to an idea",
        "ranked_words held_elsewhere student_notes": (
            "its words are the violations' (a floor over the whole cohort)"),
        "default_weights": (
            "a floor on a term, not a weight: the objective's weights stay as given")})

    def __init__(self, term: str, k: int) -> None:
        self.term, self.k = term, k

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """Unknown term names and attributes (:func:`matcher.scoring.catalog.term_issues`)."""
        return [issue("min_term", i.message, i.value)
                for i in term_issues(problem, problem.rules.min_term)]

    @classmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        return [cls(t, k) for t, k in problem.rules.min_term.items()]

    def post(self, builder: ModelBuilder) -> None:
        self._term = make_term(self.term)
        builder.model.add(self._term.expression(builder) >= self.k)

    def hint(self, builder: ModelBuilder, assignment: Assignment) -> None:
        """The auxiliary variables of the term's expression (its own hint face)."""
        term = getattr(self, "_term", None)
        if term is not None:
            term.hint(builder, assignment)

    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        value = make_term(self.term).value(problem, assignment)
        if value >= self.k:
            return []
        return [Violation(rule=self.name, message=tr("{term} is {value}, below {k}",
                                                     term=self.term, value=value, k=self.k))]

    def describe(self) -> str:
        return tr("{term} at least {k}", term=self.term, k=self.k)
