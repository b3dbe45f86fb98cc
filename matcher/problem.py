"""The input of a matching: students, project ideas, rules and weights.

A :class:`Problem` is a frozen pydantic model, validated on construction. Every validation
problem names the record (``students[3]`` / id ``S004``) and the field, so that
:func:`matcher.read_problem` can turn it into an error naming the file, row and column.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import cache, cached_property
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticKnownError

from matcher.dissimilarity import Dissimilarity
from matcher.i18n import tr
from matcher.issues import InvalidProblemError, ProblemValidationError, RecordIssue
from matcher.teammates import link_issues

if TYPE_CHECKING:  # built from the rule plug-ins, which read problems: resolved by matcher.rules
    from matcher.rules import Rules

#: Attribute value: text or number. Empty text means "unknown" and is ignored by categorical
#: rules and scores.
Value = str | int | float

#: Unicode categories an id may not contain: controls, format characters (zero-width
#: spaces and joiners, bidirectional overrides and isolates, the BOM), surrogates, private
#: use, line and paragraph separators. Each makes two ids that differ look the same, or shows
#: an id's characters in another order than they are.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def invisible_issue(v: str) -> str | None:
    """Why the id ``v`` is refused for an invisible character (the first one, named, with its
    1-based position; see :data:`INVISIBLE_CATEGORIES`), or ``None``. The readers call it to
    locate the error on its row; :data:`Id` applies it to every id however it comes."""
    for at, char in enumerate(v, 1):
        if unicodedata.category(char) in INVISIBLE_CATEGORIES:
            return tr("the id has an invisible character, U+{code:04X} {name}, at position "
                      "{at}: an id that looks like another is refused; remove it",
                      code=ord(char), at=at,
                      name=unicodedata.name(char, "").lower() or tr("a control character"))
    return None


def _clean_id(v: str) -> str:
    v = v.strip()
    if not v:
        raise ValueError(tr("the id is empty"))
    issue = invisible_issue(v)
    if issue is not None:
        raise ValueError(issue)
    return v


def _ranges(categories: frozenset[str]) -> list[tuple[int, int]]:
    """The code point ranges of the Unicode ``categories``, merged."""
    out: list[tuple[int, int]] = []
    for code in range(0x110000):
        if unicodedata.category(chr(code)) in categories:
            if out and out[-1][1] == code - 1:
                out[-1] = (out[-1][0], code)
            else:
                out.append((code, code))
    return out


def _escape(code: int) -> str:
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


@cache
def id_pattern() -> str:
    """The regular expression of an id, for the JSON Schema: optional surrounding white space
    around at least one character that is neither white space nor invisible
    (:data:`INVISIBLE_CATEGORIES`, the same set :func:`invisible_issue` refuses).

    Astral code points are written ``\\UXXXXXXXX`` (Python's and Rust's escape, which
    ``jsonschema`` and pydantic read; an ECMA-262 engine needs the ``u`` flag's ``\\u{...}``).
    """
    invisible = "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}"
                        for a, b in _ranges(INVISIBLE_CATEGORIES))
    return rf"^\s*[^\s{invisible}](?:[^{invisible}]*[^\s{invisible}])?\s*$"


#: A student or project id: surrounding spaces removed, never empty, no invisible character
#: (zero-width, bidirectional override: see :data:`INVISIBLE_CATEGORIES`). The JSON Schema's
#: ``pattern`` says the same (:func:`id_pattern`); the code words the error.
Id = Annotated[str, Field(min_length=1, json_schema_extra=lambda s: s.update(
    pattern=id_pattern())), AfterValidator(_clean_id)]


def _no_text_or_boolean(value: object) -> object:
    """A JSON integer: 2 and 2.0 (pydantic refuses 2.5), never ``"2"`` nor ``true``."""
    if isinstance(value, str | bool):
        raise PydanticKnownError("int_type")
    return value


def _no_text_or_boolean_number(value: object) -> object:
    """A JSON number: never ``"2.5"`` nor ``true``."""
    if isinstance(value, str | bool):
        raise PydanticKnownError("float_type")
    return value


#: A number as JSON Schema's ``"type": "number"`` has it (no text, no boolean).
Number = Annotated[float, BeforeValidator(_no_text_or_boolean_number)]

#: An integer as JSON Schema's ``"type": "integer"`` has it: 2 and 2.0, not 2.5, ``"2"`` or
#: ``true`` (pydantic's lax mode would take the text and the boolean).
Integer = Annotated[int, BeforeValidator(_no_text_or_boolean)]


def bounded_integer(**bounds: Any) -> Any:
    """:data:`Integer` with pydantic's bounds (``ge=1``), shown in the JSON Schema as
    ``minimum``/``maximum`` (bounds given after the validator would show as ``ge``)."""
    return Annotated[int, Field(**bounds), BeforeValidator(_no_text_or_boolean)]


def bounded_number(**bounds: Any) -> Any:
    """:data:`Number` with pydantic's bounds (``gt=0``, ``allow_inf_nan=False``)."""
    return Annotated[float, Field(**bounds), BeforeValidator(_no_text_or_boolean_number)]

#: The default objective: term name -> integer weight.
DEFAULT_WEIGHTS: dict[str, int] = {"preference": 1, "discipline": 10, "institution": 5}

#: Names a student's extra attribute may not take (they are fields of :class:`Student`).
RESERVED_STUDENT_FIELDS = frozenset(
    {"id", "name", "discipline", "institution", "preferences", "refused", "wishes", "avoid",
     "attributes"}
)


class Student(BaseModel):
    """A student of the cohort.

    ``preferences`` ranks project ids, favourite first (rank 1); it may be empty. ``refused``
    lists projects the student must never be placed on. ``wishes`` lists the ids of students
    they would like to be with (the ``wishes`` term), ``avoid`` those they must never share a
    team with (the ``avoid`` rule); see :mod:`matcher.teammates`. ``attributes`` holds any
    further attribute (gender, year, skills...), text or number.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    name: str = ""
    discipline: str = ""
    institution: str = ""
    preferences: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()
    wishes: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    attributes: dict[str, Value] = Field(default_factory=dict)

    def value(self, attribute: str) -> Value | None:
        """The student's value for ``attribute`` (a field or an extra attribute), or ``None``
        when unknown (absent or empty text)."""
        if attribute in ("id", "name", "discipline", "institution"):
            v: Any = getattr(self, attribute)
        else:
            v = self.attributes.get(attribute)
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        return v

    def rank_of(self, project_id: str) -> int | None:
        """Rank (1 = favourite) the student gave ``project_id``, or ``None`` if unranked."""
        try:
            return self.preferences.index(project_id) + 1
        except ValueError:
            return None


class Project(BaseModel):
    """A project idea: a team of ``min_size`` to ``max_size`` members if it opens.

    A project that is not ``optional`` must open. ``proposers`` are the students who proposed
    the idea: they are on the team whenever it opens.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: str = ""
    min_size: Integer = Field(1, json_schema_extra={"minimum": 1})
    max_size: Integer = Field(json_schema_extra={"minimum": 1})
    proposers: tuple[str, ...] = ()
    optional: StrictBool = False
    theme: str = ""
    attributes: dict[str, Value] = Field(default_factory=dict)


class Problem(BaseModel):
    """A whole matching problem: the cohort, the ideas, the rules and the objective weights.

    Validated on construction (see :meth:`_validate`); an invalid problem raises
    :class:`~matcher.issues.InvalidProblemError` (a :class:`~matcher.errors.MatcherError` and
    pydantic's ``ValidationError``, wrapping a :class:`ProblemValidationError` that lists
    every issue). The weights are checked too: their term names and attributes by the rules'
    model, which the registry builds (:meth:`matcher.rules.RulesBase.weight_issues`: the
    terms are known above this module), and their values are integers (2.0 is taken as 2,
    2.5 is refused).
    Round-trips through JSON: ``Problem.model_validate_json(p.model_dump_json()) == p``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    students: tuple[Student, ...]
    projects: tuple[Project, ...]
    rules: Rules = Field(default_factory=dict, validate_default=True)
    weights: dict[str, Integer] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    name: str = ""
    pairwise: Dissimilarity = Field(default_factory=Dissimilarity)
    #: A previous formation (student id -> project id) to stay close to when re-matching:
    #: the ``moves`` term counts who leaves it. Students and projects that no longer exist
    #: are allowed (they dropped out, or the team broke up).
    previous: dict[str, str] = Field(default_factory=dict)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except InvalidProblemError:
            raise
        except ValidationError as e:
            raise InvalidProblemError.wrap(e) from None

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Problem:  # type: ignore[override]
        """Pydantic's, raising :class:`~matcher.issues.InvalidProblemError`."""
        try:
            return super().model_validate(obj, **kwargs)
        except InvalidProblemError:
            raise
        except ValidationError as e:
            raise InvalidProblemError.wrap(e) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray,  # type: ignore[override]
                            **kwargs: Any) -> Problem:
        """Pydantic's, raising :class:`~matcher.issues.InvalidProblemError`."""
        try:
            return super().model_validate_json(json_data, **kwargs)
        except InvalidProblemError:
            raise
        except ValidationError as e:
            raise InvalidProblemError.wrap(e) from None

    @model_validator(mode="after")
    def _validate(self) -> Problem:
        issues = _issues(self)
        if issues:
            raise ProblemValidationError(issues)
        return self

    # ------------------------------------------------------------------ lookups (cached)
    @cached_property
    def student_index(self) -> dict[str, int]:
        """Student id -> position in :attr:`students`."""
        return {s.id: i for i, s in enumerate(self.students)}

    @cached_property
    def project_index(self) -> dict[str, int]:
        """Project id -> position in :attr:`projects`."""
        return {p.id: i for i, p in enumerate(self.projects)}

    @cached_property
    def max_preferences(self) -> int:
        """K, the length of the longest preference list in the cohort."""
        return max((len(s.preferences) for s in self.students), default=0)

    def points(self, student: Student, project_id: str) -> int:
        """Preference points: ``K - r + 1`` for the rank-``r`` project, 0 if unranked."""
        r = student.rank_of(project_id)
        return 0 if r is None else self.max_preferences - r + 1

    def groups(self, attribute: str) -> dict[Value, list[int]]:
        """Value -> indices of the students holding it (unknown values left out)."""
        cache = self.__dict__.setdefault("_groups_cache", {})
        if attribute not in cache:
            out: dict[Value, list[int]] = defaultdict(list)
            for i, s in enumerate(self.students):
                v = s.value(attribute)
                if v is not None:
                    out[v].append(i)
            cache[attribute] = dict(out)
        return cache[attribute]

    def value_codes(self, attribute: str) -> list[int]:
        """``codes[s]``: the position of student ``s``'s value of ``attribute`` among
        :meth:`groups`' values (in order of first holder), -1 when unknown."""
        codes = [-1] * len(self.students)
        for k, members in enumerate(self.groups(attribute).values()):
            for si in members:
                codes[si] = k
        return codes

    def attributes(self) -> set[str]:
        """Every attribute name a rule or a score may refer to."""
        return set(self._attribute_names)

    @cached_property
    def _attribute_names(self) -> frozenset[str]:
        names = {"discipline", "institution", "name"}
        for s in self.students:
            names.update(s.attributes)
        return frozenset(names)

    def proposed_by(self) -> dict[str, list[str]]:
        """Student id -> ids of the projects they proposed."""
        out: dict[str, list[str]] = defaultdict(list)
        for p in self.projects:
            for sid in p.proposers:
                out[sid].append(p.id)
        return dict(out)

    def with_changes(self, **changes: Any) -> Problem:
        """A validated copy with some fields replaced (``rules=``, ``weights=``...)."""
        data = {k: getattr(self, k) for k in type(self).model_fields}
        data.update(changes)
        return type(self)(**data)


# ---------------------------------------------------------------------- validation


def _issues(problem: Problem) -> list[RecordIssue]:  # noqa: C901 - a flat list of checks
    from difflib import get_close_matches

    issues: list[RecordIssue] = []
    add = issues.append

    def suggest(value: str, known: dict[str, int]) -> str | None:
        folded = {_fold(k): k for k in known}
        if _fold(value) in folded:
            return tr("did you mean {suggestion!r}?", suggestion=folded[_fold(value)])
        close = get_close_matches(value, list(known), n=1)
        return tr("did you mean {suggestion!r}?", suggestion=close[0]) if close else None

    titles = {_fold(p.title): p.id for p in problem.projects if p.title}

    def suggest_project(value: str) -> str | None:
        """Like ``suggest``, and names the id when ``value`` is a project's title."""
        ids = {_fold(k) for k in problem.project_index}
        if _fold(value) not in ids and _fold(value) in titles:
            return tr("did you mean {suggestion!r}? {value!r} is its title; preferences name "
                      "project ids", suggestion=titles[_fold(value)], value=value)
        return suggest(value, problem.project_index)

    seen: dict[str, int] = {}
    for i, s in enumerate(problem.students):
        if s.id in seen:
            add(RecordIssue("students", i, "id",
                            tr("duplicate student id {student!r} (also record {record})",
                               student=s.id, record=seen[s.id] + 1), s.id))
        else:
            seen[s.id] = i
        clash = RESERVED_STUDENT_FIELDS & set(s.attributes)
        if clash:
            add(RecordIssue("students", i, "attributes",
                            tr("attribute names {names} are reserved", names=sorted(clash)),
                            sorted(clash)))
    pseen: dict[str, int] = {}
    for j, p in enumerate(problem.projects):
        if p.id in pseen:
            add(RecordIssue("projects", j, "id",
                            tr("duplicate project id {project!r} (also record {record})",
                               project=p.id, record=pseen[p.id] + 1), p.id))
        else:
            pseen[p.id] = j
        if p.min_size < 0:
            add(RecordIssue("projects", j, "min_size",
                            tr("project {project}: min_size cannot be negative", project=p.id),
                            p.min_size))
        elif p.min_size == 0:
            add(RecordIssue("projects", j, "min_size",
                            tr("project {project}: min_size must be at least 1 (an open team "
                               "has members; make the idea optional if it may stay empty)",
                               project=p.id), p.min_size))
        if p.max_size < 0:
            add(RecordIssue("projects", j, "max_size",
                            tr("project {project}: max_size cannot be negative", project=p.id),
                            p.max_size))
        elif p.min_size > p.max_size:
            add(RecordIssue("projects", j, "max_size",
                            tr("project {project}: min_size {min_size} is larger than max_size "
                               "{max_size}", project=p.id, min_size=p.min_size,
                               max_size=p.max_size), p.max_size))
        if len(set(p.proposers)) != len(p.proposers):
            add(RecordIssue("projects", j, "proposer",
                            tr("project {project} lists a proposer twice", project=p.id),
                            ";".join(p.proposers)))
        for sid in p.proposers:
            if sid not in seen:
                add(RecordIssue("projects", j, "proposer",
                                tr("proposer {student!r} of project {project} is not a student",
                                   student=sid, project=p.id), sid,
                                suggest(sid, seen)))
    for i, s in enumerate(problem.students):
        ranks: dict[str, int] = {}
        for r, pid in enumerate(s.preferences, start=1):
            if pid in ranks:
                add(RecordIssue("students", i, "preferences",
                                tr("student {student} ranks project {project} twice (ranks "
                                   "{first} and {second})", student=s.id, project=pid,
                                   first=ranks[pid], second=r), pid))
            else:
                ranks[pid] = r
            if pid not in pseen:
                add(RecordIssue("students", i, "preferences",
                                tr("student {student} ranks unknown project {project!r}",
                                   student=s.id, project=pid), pid,
                                suggest_project(pid)))
        for pid in s.refused:
            if pid not in pseen:
                add(RecordIssue("students", i, "refused",
                                tr("student {student} refuses unknown project {project!r}",
                                   student=s.id, project=pid), pid,
                                suggest_project(pid)))
            elif pid in ranks:
                add(RecordIssue("students", i, "refused",
                                tr("student {student} both ranks and refuses project {project}",
                                   student=s.id, project=pid), pid))
    # a student proposing two ideas that must both open cannot be on both teams
    mandatory_by: dict[str, list[str]] = defaultdict(list)
    for p in problem.projects:
        if not p.optional:
            for sid in p.proposers:
                mandatory_by[sid].append(p.id)
    for sid, pids in mandatory_by.items():
        if len(pids) > 1 and sid in seen:
            j = pseen[pids[1]]
            add(RecordIssue("projects", j, "proposer",
                            tr("student {student} proposes {projects}, which must all open: a "
                               "student can be on only one team", student=sid,
                               projects=tr(" and ").join(pids)), sid,
                            tr("make all but one of these ideas optional, or name another "
                               "proposer")))
    issues.extend(link_issues(problem))
    issues.extend(problem.rules.issues(problem))
    issues.extend(problem.pairwise.issues(problem))
    # naming a term needs the plug-ins, which need this module: the rules' model, built by
    # the registry, checks the weights' names
    issues.extend(problem.rules.weight_issues(problem))
    return issues


def _fold(text: str) -> str:
    """Lower case, no accents, no spaces: the key under which near-identical ids collide."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace(
        " ", "")
