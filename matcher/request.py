"""The solve request ``matcher solve-json`` reads, its JSON Schemas, and the located errors of
any request (the server words its own requests' errors with :func:`validation_errors`).

A :class:`SolveRequest` is ``{"problem": {...}, "weights": {...}, "solver": {...}}``;
:func:`read_request` also takes a bare :class:`~matcher.problem.Problem`.
:func:`validation_errors` turns a pydantic error on any request into located
:class:`~matcher.errors.InputErrors` (``problem.students[3].preferences``).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from matcher.config import ObjectiveSettings, SolverSettings
from matcher.errors import InputError, InputErrors, detail, pydantic_message
from matcher.i18n import tr
from matcher.issues import path_of
from matcher.problem import Problem, ProblemValidationError
from matcher.registry import term_issues
from matcher.result import Result


class SolveRequest(BaseModel):
    """What ``matcher solve-json`` reads: a problem, optional weights, optional settings.

    ``weights`` override the problem's own weights term by term (as ``--weight`` does);
    ``solver`` holds ``time_limit`` (seconds, default 60), ``workers`` and ``seed``;
    ``objective`` holds ``choices_first`` (default true: :mod:`matcher.search.lexicographic`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    problem: Problem
    weights: dict[str, int] = Field(default_factory=dict)
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


def schemas() -> dict[str, Any]:
    """JSON Schemas of the solve-json input (:class:`SolveRequest`) and output
    (:class:`~matcher.result.Result`)."""
    return {
        "request": SolveRequest.model_json_schema(),
        "problem": Problem.model_json_schema(),
        "result": Result.model_json_schema(mode="serialization"),
    }
