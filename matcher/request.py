"""The solve request ``matcher solve-json`` reads, its JSON Schemas, and the located errors of
any request (the server words its own requests' errors with :func:`validation_errors`).

A :class:`SolveRequest` is ``{"problem": {...}, "weights": {...}, "solver": {...}}``;
:func:`read_request` also takes a bare :class:`~matcher.problem.Problem`.
:func:`validation_errors` turns a pydantic error on any request into located
:class:`~matcher.errors.InputErrors` (``problem.students[3].preferences``).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from matcher.config import ObjectiveSettings, SolverSettings
from matcher.errors import InputError, InputErrors, detail, pydantic_message
from matcher.i18n import tr
from matcher.issues import path_of
from matcher.problem import Integer, Problem, ProblemValidationError
from matcher.registry import TERM_ALIASES, TERMS, term_issues
from matcher.result import CONTRACT_VERSION, Result


class SolveRequest(BaseModel):
    """What ``matcher solve-json`` reads: a problem, optional weights, optional settings.

    ``weights`` override the problem's own weights term by term (as ``--weight`` does);
    ``solver`` holds ``time_limit`` (seconds, default 60), ``workers`` and ``seed``;
    ``objective`` holds ``choices_first`` (default true: :mod:`matcher.search.lexicographic`).
    ``version`` is the contract's (:data:`~matcher.result.CONTRACT_VERSION`, which the
    Result carries too); optional, another version is refused.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = CONTRACT_VERSION
    problem: Problem
    weights: dict[str, Integer] = Field(default_factory=dict)
    solver: SolverSettings = Field(default_factory=SolverSettings)
    objective: ObjectiveSettings = Field(default_factory=ObjectiveSettings)


class RequestErrors(InputErrors):
    """Errors in a JSON request, each located by its JSON ``path``
    (``problem.students[3].preferences``; ``column`` in the words, for the command line)."""

    code = "invalid_request"

    def details(self) -> list[dict[str, Any]]:
        """``file``, ``path``, ``value``, ``message``, ``hint`` of each error."""
        return [detail(file=e.file, path=e.column, value=e.value, message=e.message,
                       hint=e.hint) for e in self.errors]


def validation_errors(e: ValidationError, source: str, prefix: str = "") -> InputErrors:
    """Turn a pydantic error on a request into :class:`InputErrors` naming the JSON path
    (``problem.students[3].preferences``) and the value."""
    out: list[InputError] = []
    for err in e.errors():
        where = path_of(err["loc"])
        ctx_error = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_error, ProblemValidationError):
            base = where or prefix.rstrip(".")
            for issue in ctx_error.issues:
                path = issue.collection if issue.index is None \
                    else f"{issue.collection}[{issue.index}]"
                full = f"{base}.{path}.{issue.field}" if base else f"{path}.{issue.field}"
                out.append(InputError(issue.message, file=source, column=full,
                                      value=issue.value, hint=issue.hint))
            continue
        value = err.get("input")
        if isinstance(value, dict | list):
            value = None
        out.append(InputError(pydantic_message(err), file=source, column=where or None,
                              value=value))
    return RequestErrors(out or [InputError(str(e), file=source)])


def read_request(source: str) -> SolveRequest:
    """Read a :class:`SolveRequest` (or a bare problem) from a file, or stdin for ``-``.

    Raises
    ------
    InputError
        Missing file, invalid JSON (with line and column), or an invalid request.
    """
    name = "<stdin>" if source == "-" else source
    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            with open(source, encoding="utf-8-sig") as fh:
                text = fh.read()
    except FileNotFoundError:
        raise InputError(tr("file not found"), file=name) from None
    except IsADirectoryError:
        raise InputError(tr("expected a JSON file, got a directory"), file=name) from None
    except UnicodeDecodeError:
        raise InputError(tr("the file is not UTF-8 text"), file=name) from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(tr("not valid JSON: {error}", error=e.msg), file=name, row=e.lineno,
                         hint=tr("line {line}, column {column}", line=e.lineno,
                                 column=e.colno)) from None
    return parse_request(data, name)


def parse_request(data: Any, name: str = "<request>") -> SolveRequest:
    """A :class:`SolveRequest` from decoded JSON (or a bare problem), every check included.

    Raises
    ------
    InputError
        Not a JSON object, or an invalid request (:class:`RequestErrors`, located by path).
    """
    if not isinstance(data, dict):
        raise InputError(tr("expected a JSON object: a problem, or {\"problem\": ...}"),
                         file=name)
    wrapped = "problem" in data
    try:
        request = SolveRequest.model_validate(data if wrapped else {"problem": data})
    except ValidationError as e:
        raise validation_errors(e, name) from None
    issues = [(f"weights.{i.field}", i) for i in term_issues(request.problem, request.weights)]
    if issues:  # the problem's own weights were checked with the problem
        raise RequestErrors([InputError(i.message, file=name, column=column, value=i.value)
                             for column, i in issues])
    return request


#: Where the schemas say they live (``$id``): names, not addresses fetched by anyone.
SCHEMA_BASE = "https://matcher-teams.example/schema"


def term_names_schema() -> dict[str, Any]:
    """The names a weight may take, from the term catalog (:data:`~matcher.registry.TERMS`):
    a term without attribute by name (an ``enum``), one with an attribute as
    ``kind.attribute`` (a ``pattern``). Whether the attribute exists in the cohort is a fact
    of the data, checked by the code alone."""
    plain = sorted([*TERM_ALIASES, *(k for k, c in TERMS.items() if not c.needs_attribute)])
    kinds = sorted(k for k, c in TERMS.items() if c.needs_attribute)
    canonical = sorted(TERM_ALIASES.values())  # coverage.discipline is discipline's long name
    return {"anyOf": [
        {"enum": plain + canonical},
        {"pattern": rf"^(?:{'|'.join(map(re.escape, kinds))})\.\S(?:.*\S)?$"},
    ]}


def _weights_names(schema: dict[str, Any], *paths: tuple[str, ...]) -> None:
    for path in paths:
        node = schema
        for key in path:
            node = node[key]
        node["propertyNames"] = term_names_schema()


def _stamped(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}/{name}/v{CONTRACT_VERSION}", **schema}


def schemas() -> dict[str, Any]:
    """JSON Schemas of the solve-json input (:class:`SolveRequest`), of the problem alone and
    of the output (:class:`~matcher.result.Result`): generated from the models the code
    validates with (their constraints included: minimums, the id pattern, strict types), the
    weights' names from the term catalog (:func:`term_names_schema`), each with its ``$id``
    (``.../request/v1``) and the draft it follows.

    What JSON Schema cannot say is the code's alone: ids unique and referring to records
    that exist, ``min_size <= max_size``, an attribute term naming an attribute of the
    cohort, the rules' references."""
    request = SolveRequest.model_json_schema()
    _weights_names(request, ("properties", "weights"), ("$defs", "Problem", "properties",
                                                        "weights"))
    problem = Problem.model_json_schema()
    _weights_names(problem, ("properties", "weights"))
    return {
        "request": _stamped("request", request),
        "problem": _stamped("problem", problem),
        "result": _stamped("result", Result.model_json_schema(mode="serialization")),
    }
