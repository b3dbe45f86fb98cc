"""Reusable hypothesis strategies: small random matching problems and plain assignments.

Everything is drawn with hypothesis primitives (no seed handed to a random generator), so a
failing example shrinks to a small, readable problem: few students, few projects, no rules.

>>> from hypothesis import given
>>> @given(problems(max_students=4))
... def test_something(problem): ...
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from pydantic.fields import FieldInfo

from matcher.constraints.new_teammates import NewTeammatesRule
from matcher.problem import Problem, Project, Student
from matcher.registry import RULES
from matcher.rules import Rules

DISCIPLINES = ("bio", "info", "math", "")  # "" = unknown, ignored by categorical rules
INSTITUTIONS = ("UT", "INSA", "")
GENDERS = ("F", "M", "X", "")
YEARS = (1, 2, 3, 4, 2.5)  # numbers; 2.5 exercises the decimal scaling of balance.year
FORMER_TEAMS = ("A", "B", 3)  # the previous_team column of a rotation (3: read as a number)

#: Attributes the categorical rules (caps, minimum distinct, no isolated) may name.
CATEGORICAL = ("discipline", "institution", "gender", "year")

#: Term names the weights draw from, with the attribute each needs (None: no attribute).
TERM_NAMES: dict[str, str | None] = {
    "preference": None,
    "discipline": "discipline",
    "institution": "institution",
    "coverage.gender": "gender",
    "blau.discipline": "discipline",
    "blau.gender": "gender",
    "balance.year": "year",
    "min_points": None,
    "min_coverage.discipline": "discipline",
    "min_coverage.gender": "gender",
    "unassigned": None,
    "wishes": None,
}


def _values(students: list[Student], attribute: str) -> list:
    """The known values of ``attribute`` in ``students``, in first-seen order."""
    out: list = []
    for s in students:
        v = s.value(attribute)
        if v is not None and v not in out:
            out.append(v)
    return out


# Strategies are built once: building a fresh strategy inside every draw costs hypothesis
# far more than drawing from it (about 50 ms per problem instead of a few).
_UPTO = [st.integers(0, k) for k in range(17)]
_BOOL = st.booleans()
_WEIGHT = st.integers(-3, 10)


def _upto(draw: st.DrawFn, k: int) -> int:
    """An integer in ``0..k`` (shrinks to 0)."""
    return draw(_UPTO[k])


def _between(draw: st.DrawFn, lo: int, hi: int) -> int:
    """An integer in ``lo..hi`` (shrinks to ``lo``)."""
    return lo + draw(_UPTO[hi - lo])


def _pick(draw: st.DrawFn, seq: list):
    """One element of ``seq`` (shrinks to the first)."""
    return seq[draw(_UPTO[len(seq) - 1])]


def _maybe(draw: st.DrawFn, seq: list):
    """``None`` or one element of ``seq`` (shrinks to ``None``)."""
    i = draw(_UPTO[len(seq)])
    return None if i == 0 else seq[i - 1]


def _distinct(draw: st.DrawFn, seq: list, max_size: int, min_size: int = 0) -> list:
    """Up to ``max_size`` distinct elements of ``seq`` in drawn order (shrinks to the fewest
    and first); with ``max_size >= len(seq)`` a permutation prefix."""
    rest = list(seq)
    n = _between(draw, min_size, min(max_size, len(rest)))
    return [rest.pop(_upto(draw, len(rest) - 1)) for _ in range(n)]


def _students(draw: st.DrawFn, n: int, pids: list[str]) -> list[Student]:
    has_gender = draw(_BOOL)
    has_year = draw(_BOOL)
    has_previous = draw(_BOOL)
    out = []
    for i in range(n):
        prefs = tuple(_distinct(draw, pids, len(pids)))
        rest = [p for p in pids if p not in prefs]
        refused = tuple(_distinct(draw, rest, 1))
        attributes: dict = {}
        if has_gender:
            attributes["gender"] = _pick(draw, list(GENDERS))
        if has_year:
            year = _maybe(draw, list(YEARS))
            if year is not None:
                attributes["year"] = year
        if has_previous:
            team = _maybe(draw, list(FORMER_TEAMS))  # None: a newcomer
            if team is not None:
                attributes["previous_team"] = team
        out.append(Student(
            id=f"S{i + 1}", name=f"Student {i + 1}",
            discipline=_pick(draw, list(DISCIPLINES)),
            institution=_pick(draw, list(INSTITUTIONS)),
            preferences=prefs, refused=refused, attributes=attributes))
    return out


def _links(draw: st.DrawFn, students: list[Student]) -> list[Student]:
    """Sometimes, each student wishes to be with up to two classmates and avoids up to one
    other (never themself, never one they wish for)."""
    if len(students) < 2 or not draw(_BOOL):
        return students
    sids = [s.id for s in students]
    out = []
    for s in students:
        others = [x for x in sids if x != s.id]
        wishes = _distinct(draw, others, 2)
        avoid = _distinct(draw, [x for x in others if x not in wishes], 1)
        out.append(s.model_copy(update={"wishes": tuple(wishes), "avoid": tuple(avoid)}))
    return out


def _projects(draw: st.DrawFn, pids: list[str], sids: list[str]) -> list[Project]:
    out = []
    mandatory_proposers: set[str] = set()
    for pid in pids:
        min_size = _between(draw, 1, 3)
        max_size = _between(draw, min_size, min_size + 3)
        optional = draw(_BOOL)
        proposers = _distinct(draw, sids, 2)
        if not optional:  # validation: nobody proposes two ideas that must both open
            proposers = [s for s in proposers if s not in mandatory_proposers]
            mandatory_proposers.update(proposers)
        out.append(Project(id=pid, title=f"Project {pid}", min_size=min_size,
                           max_size=max_size, optional=optional, proposers=tuple(proposers)))
    return out


def _rules(draw: st.DrawFn, students: list[Student], pids: list[str],
           projects: list[Project] | None = None) -> Rules:
    """Random parameters for every rule of the registry: the fields below drawn for this
    cohort, and any other field of :class:`~matcher.rules.Rules` (a rule added since) drawn
    generically from its declaration (:func:`_generic_parameter`)."""
    sids = [s.id for s in students]
    cats = [a for a in CATEGORICAL if _values(students, a)]
    max_per_value = {a: _between(draw, 1, 3) for a in _distinct(draw, cats, 2)}
    min_distinct = {a: _between(draw, 1, 3) for a in _distinct(draw, cats, 2)}
    no_isolated = {a: _distinct(draw, [str(v) for v in _values(students, a)], 2)
                   for a in _distinct(draw, cats, 2)}

    def groups() -> list[list[str]]:
        if len(sids) < 2:
            return []
        return [_distinct(draw, sids, 3, min_size=2) for _ in range(_upto(draw, 2))]

    keep_together = groups()
    keep_apart = groups()
    new_teammates = None
    if _values(students, "previous_team") and draw(_BOOL):
        new_teammates = NewTeammatesRule(max_shared=_between(draw, 1, 2))
    known = dict(
        allow_unassigned=draw(_BOOL),
        max_per_value=max_per_value,
        min_distinct=min_distinct,
        no_isolated=no_isolated,
        keep_together=keep_together,
        keep_apart=keep_apart,
        top_k=_maybe(draw, list(range(1, len(pids) + 1))),
        fixed={sid: _pick(draw, pids) for sid in _distinct(draw, sids, 2)},
        new_teammates=new_teammates,
    )
    for cls in RULES.values():
        for field, (_, info) in cls.parameters.items():
            if field not in known and field not in _NOT_DRAWN:
                known[field] = _generic_parameter(draw, field, info, students, projects)
    return Rules(**known)


#: Fields of ``[rules]`` not drawn at random: ``min_term`` (a floor needs a feasible value,
#: which takes a solve; :mod:`matcher.pareto`'s tests set it).
_NOT_DRAWN = frozenset({"min_term"})


def _generic_parameter(draw: st.DrawFn, field: str, info: FieldInfo, students: list[Student],
                       projects: list[Project] | None) -> Any:
    """A value of a rule's parameter from its declaration: its default or one of its
    ``examples``, kept only if the cohort accepts it (else the default)."""
    default = info.get_default(call_default_factory=True)
    value = draw(st.sampled_from([default, *(info.examples or [])]))
    if value == default or projects is None:
        return default
    try:
        Problem(students=students, projects=projects, rules=Rules(**{field: value}))
    except ValueError:
        return default
    return value


@st.composite
def problems(draw: st.DrawFn, max_students: int = 7, max_projects: int = 3,
             with_rules: bool = True, min_students: int = 1,
             links: bool | None = None) -> Problem:
    """A small valid :class:`~matcher.problem.Problem`.

    Students ``S1..Sn`` with a discipline, an institution (each possibly unknown), an optional
    ``gender``, numeric ``year`` and ``previous_team``, preferences that are prefixes of
    permutations of the projects, sometimes a refused project, and (with ``links``, by default
    ``with_rules``: an ``avoid`` is a rule) sometimes classmates they wish to be with or avoid.
    Projects ``P1..Pm`` with sizes, an ``optional`` flag and proposers (nobody proposes two
    ideas that must both open). With ``with_rules``, random subsets of every configurable rule
    (``new_teammates`` when former teams exist). Weights: random integers in ``-3..10`` over a
    random subset of :data:`TERM_NAMES` whose attribute exists in the cohort.
    """
    n_p = _between(draw, 1, max_projects)
    pids = [f"P{j + 1}" for j in range(n_p)]
    n_s = _between(draw, min_students, max_students)
    students = _students(draw, n_s, pids)
    if with_rules if links is None else links:
        students = _links(draw, students)
    sids = [s.id for s in students]
    projects = _projects(draw, pids, sids)
    rules = _rules(draw, students, pids, projects) if with_rules else Rules()
    present = {a for a in CATEGORICAL if _values(students, a)} | {"discipline", "institution"}
    names = [n for n, attr in TERM_NAMES.items() if attr is None or attr in present]
    weights = {name: draw(_WEIGHT) for name in _distinct(draw, names, 4)}
    return Problem(students=students, projects=projects, rules=rules, weights=weights)


@st.composite
def assignments(draw: st.DrawFn, problem: Problem,
                within_capacity: bool = False) -> dict[str, str | None]:
    """A plain assignment: each student on a project of ``problem`` or on none (``None``).

    Arbitrary: it may break any rule. With ``within_capacity``, no team exceeds its
    ``max_size`` (the bound the always-on team-size rule guarantees on every solution).
    """
    room = {p.id: p.max_size for p in problem.projects}
    out: dict[str, str | None] = {}
    for s in problem.students:
        choices = [None] + [pid for pid, r in room.items() if r > 0 or not within_capacity]
        pid = _pick(draw, choices)
        if pid is not None:
            room[pid] -= 1
        out[s.id] = pid
    return out
