"""A hard rule and its faces, one for every part of the engine that must know it.

A :class:`Constraint` *posts* itself to the CP-SAT model built by
:class:`~matcher.model.ModelBuilder` (:meth:`~Constraint.post`, with its
:meth:`~Constraint.hint`), and *lists its violations* on a plain assignment without any solver
(:meth:`~Constraint.violations`). The solver-free face is the specification: property tests
check that, posted alone, a rule forbids exactly the assignments its violations reject. Every
other face has a default (a rule left at it for a path says why in :attr:`Constraint.without`,
which the registry test reads): the pairs it rules out
before any search (:meth:`~Constraint.forbidden_pairs`), its rows in the LP relaxation and the
exact MIP (:meth:`~Constraint.linear_needs`, :meth:`~Constraint.linear_rows`), what the
heuristics keep move by move (:meth:`~Constraint.keep`), its atoms and relaxations for a
diagnosis (:meth:`~Constraint.atoms`, :meth:`~Constraint.relax`) and its words in an
explanation (:meth:`~Constraint.binding`, :meth:`~Constraint.holds`,
:meth:`~Constraint.describe`). The words those faces speak
(:class:`~matcher.constraints.faces.LinearNeeds`, :class:`~matcher.constraints.faces.LinearModel`,
:class:`~matcher.constraints.faces.Kept`) live beside this module, in
:mod:`matcher.constraints.faces`.

Beyond these, the engine asks the rule, never its name: its parameters in ``[rules]``
(:attr:`Constraint.parameters`, validated by :meth:`Constraint.parameter_issues`), the
arithmetic that rules out any formation (:meth:`Constraint.precheck`), the restricted domain it
needs (:meth:`Constraint.close_domain`), who it lets join an idea (:meth:`Constraint.admits`),
its words about a closed idea, a proposer or a student (:meth:`Constraint.ranked_words`,
:meth:`Constraint.held_elsewhere`, :meth:`Constraint.student_notes`) and the default weights
it brings (:meth:`Constraint.default_weights`). ``tests/test_registry_faces.py`` asks every
rule of the registry to implement each face or to say in :attr:`Constraint.without` why not.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic.fields import FieldInfo

    from matcher.assignment import Assignment
    from matcher.constraints.atom import Atom
    from matcher.constraints.faces import Kept, LinearModel, LinearNeeds
    from matcher.model import ModelBuilder
    from matcher.problem import Problem, RecordIssue, Student


def without_faces(reasons: Mapping[str, str]) -> dict[str, str]:
    """A rule's :attr:`Constraint.without` from ``{"face other_face": reason}``: several faces
    may share one reason (each face still named, each with its reason)."""
    return {face: reason for faces, reason in reasons.items() for face in faces.split()}


class Violation(BaseModel):
    """One broken rule, in words, with the students and project involved."""

    model_config = ConfigDict(frozen=True)

    rule: str
    message: str
    students: tuple[str, ...] = ()
    project: str | None = None

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


class Constraint(ABC):
    """A hard rule, with every face of it (module docstring).

    Subclasses set :attr:`name` (the key in :data:`matcher.registry.RULES`), declare their
    :attr:`parameters` (if the ``[rules]`` section configures them), implement
    :meth:`from_problem` (the instances a problem's rules call for), :meth:`post` and
    :meth:`violations`, and may implement :meth:`forbidden_pairs` to keep variables that can
    never be 1 out of the model altogether, and the other faces below (each has a default).
    """

    name: ClassVar[str]

    #: This rule's entries in the ``[rules]`` section of a config (and of a JSON request):
    #: field name -> ``(type, pydantic.Field(...))``, with a ``description`` and ``examples``
    #: (the page builds its rule form from the JSON schema; the registry's tests build a problem
    #: calling for every rule from the first example, on students ``S1``..``S6``, ideas
    #: ``P1``..``P3`` and the attributes ``discipline``, ``institution``, ``previous_team``).
    #: :class:`matcher.rules.Rules` is built from these, in :data:`matcher.registry.RULES`
    #: order. Empty: a rule read from the students' and ideas' columns (refusals, proposers)
    #: or always on.
    parameters: ClassVar[Mapping[str, tuple[Any, FieldInfo]]] = {}

    #: The solver-free face reads only the students and projects it is shown: run on a
    #: problem whose ``students`` and ``projects`` are restricted to a few teams (indices,
    #: rules and figures still the cohort's) and on an assignment iterating over their
    #: students only, :meth:`violations` lists exactly the violations about those teams and
    #: students. Explanations then judge a move on the teams it touches
    #: (:mod:`matcher.explain.local`); a rule that is not local is checked on the whole cohort.
    local: ClassVar[bool] = False

    #: The faces this rule does not have, each with the reason (read by the registry test,
    #: ``tests/test_registry_faces.py``, and by the paths that then stand aside):
    #: ``"linear"`` (:meth:`linear_needs`: the LP relaxation, the exact MIP), ``"keep"``
    #: (:meth:`keep`: the warm start, the LNS), ``"relax"`` (:meth:`relax`: a diagnosis's
    #: suggestions), ``"holds"`` (:meth:`holds`: the words of the team figures).
    without: ClassVar[Mapping[str, str]] = {}

    @classmethod
    @abstractmethod
    def from_problem(cls, problem: Problem) -> list[Constraint]:
        """The instances of this rule that ``problem`` asks for (often none or one)."""

    @classmethod
    def parameter_issues(cls, problem: Problem) -> list[RecordIssue]:
        """What is wrong with this rule's :attr:`parameters` in ``problem.rules`` beyond their
        types (unknown ids or attributes, numbers out of range), each naming the ``rules``
        field. The default, for a rule whose types say everything: nothing."""
        return []

    @classmethod
    def precheck(cls, problem: Problem) -> list[str]:
        """Arithmetic on ``problem`` alone that rules out any formation because of this rule,
        in words (:func:`matcher.feasibility.precheck`); sufficient, never a false alarm. The
        default: nothing found."""
        return []

    @classmethod
    def close_domain(cls, problem: Problem, domains: list[set[int]]) -> None:
        """Widen ``domains`` (per student index, the project indices a restricted model
        creates ``x`` for: :mod:`matcher.search.domain`) so that this rule can still hold.
        The default, for a rule that ties no student to an idea or to another student:
        nothing."""
        return None

    @classmethod
    def admits(cls, problem: Problem, student: Student, project_id: str) -> bool:
        """Whether this rule lets ``student`` join ``project_id`` at all, whoever else joins:
        the explanations count an idea's possible members with it
        (:func:`matcher.explain.closed.fans`). The default: yes."""
        return True

    @classmethod
    def ranked_words(cls, problem: Problem, count: int, low: int) -> str | None:
        """Why an idea stayed closed, when only ``count`` students may join it among those who
        ranked it (:meth:`admits`) and it needs ``low``, in this rule's words
        (:func:`matcher.explain.closed.closed_reasons`); ``None`` (the default): the plain
        count says it."""
        return None

    @classmethod
    def held_elsewhere(cls, problem: Problem, student_id: str, project_id: str) -> str | None:
        """Why this rule holds ``student_id``, a proposer of ``project_id``, on another idea,
        in words (:func:`matcher.explain.closed.closed_reasons`); ``None`` (the default): it
        does not."""
        return None

    @classmethod
    def student_notes(cls, problem: Problem, student_id: str) -> list[str]:
        """What this rule decided for ``student_id`` before any search, in words, first among
        the notes of their explanation (:func:`matcher.explain.student.build_explanation`).
        The default: nothing."""
        return []

    @classmethod
    def default_weights(cls, problem: Problem) -> dict[str, int]:
        """Weights of scoring terms this rule brings when ``problem`` asks for it and the
        weights do not name them (:func:`matcher.registry.effective_weights`). The default:
        none."""
        return {}

    def forbidden_pairs(self, problem: Problem) -> Iterable[tuple[int, int]]:
        """(student index, project index) pairs this rule rules out before any search."""
        return ()

    @abstractmethod
    def post(self, builder: ModelBuilder) -> None:
        """Add this rule to ``builder.model``."""

    @abstractmethod
    def violations(self, problem: Problem, assignment: Assignment) -> list[Violation]:
        """Every way ``assignment`` breaks this rule; empty when it holds."""

    def hint(self, builder: ModelBuilder, assignment: Assignment) -> None:
        """Hint the auxiliary variables :meth:`post` added, at their values on ``assignment``
        (with :func:`matcher.search.cpsat.add_hint`, a complete hint). The default, for a
        rule over the ``x`` alone: none."""
        return None

    def binding(self, problem: Problem, violation: Violation) -> str:
        """``violation`` in words for an explanation of why a move is impossible: the rule
        that binds and its records. Defaults to the violation's message."""
        return violation.message

    def holds(self, problem: Problem, assignment: Assignment, project_id: str, *,
              members: Sequence[Student] | None = None) -> list[str]:
        """How this rule holds team ``project_id`` in place on ``assignment``, in words (who
        cannot join because of it), for :func:`matcher.explain.figures.team_figures`; empty
        when it does not hold that team."""
        return []

    def keep(self, problem: Problem, kept: Kept) -> bool:
        """Teach the heuristics (warm start, LNS: :mod:`matcher.search.heuristics`) this rule:
        add to ``kept`` what they must keep move by move, and return True; or return False
        (the default) when they cannot keep it, and they then stand aside for this problem.
        A rule kept by the heuristics' own structure (sizes, forbidden pairs) adds nothing and
        returns True."""
        return False

    def linear_needs(self, problem: Problem) -> LinearNeeds | str:
        """How this rule enters the LP relaxation and the exact aggregated MIP
        (:mod:`matcher.search.linear_face`): what its :meth:`linear_rows` read (the students
        it names, who leave the interchangeable types, and the attributes whose per-team
        counts it reads), or a string saying why it has no rows. Without rows the exact MIP
        does not apply (the reason says why) and the LP relaxation leaves the rule out (a
        weaker bound, still proven). The default: no rows."""
        return self.without.get("linear", f"the rule {self.name!r} has no rows for the LP "
                                "relaxation and the exact MIP (Constraint.linear_needs)")

    def linear_rows(self, model: LinearModel) -> None:
        """Add this rule's rows to ``model`` (the LP relaxation or the exact MIP), reading
        only what :meth:`linear_needs` declared. Every assignment that keeps the rule must stay
        feasible (at its objective); in the exact MIP (``model.exact``) the rows must also
        forbid every assignment that breaks it. The default adds none (a rule kept by the
        models' structure: sizes, proposers, forbidden pairs)."""
        return None

    def atoms(self, problem: Problem) -> list[Atom]:
        """This rule split into relaxable atoms for a diagnosis (:mod:`matcher.diagnose`).
        The default: one atom for the whole instance, in :meth:`describe`'s words, posting
        its forbidden pairs and :meth:`post`."""
        from matcher.constraints.atom import Atom

        pairs = list(self.forbidden_pairs(problem))

        def post(b: ModelBuilder) -> None:
            for si, pi in pairs:
                b.model.add(b.var(si, pi) == 0)
            self.post(b)

        return [Atom(self.name, str(getattr(self, "attribute", self.name)), self.describe(),
                     post, constraint=self)]

    def relax(self, problem: Problem, atom: Atom, witness: Assignment | None
              ) -> tuple[str, Problem] | None:
        """A concrete change of ``problem`` that loosens ``atom`` (one of :meth:`atoms`),
        in words, sized from ``witness`` (a formation found without that atom) when given; or
        ``None`` (the default): the diagnosis then proposes dropping the rule."""
        return None

    def describe(self) -> str:
        """One line for reports and logs."""
        return self.name
