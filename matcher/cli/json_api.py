"""``matcher solve-json`` and ``matcher schema``: the engine for platforms in other languages.

``solve-json`` reads one JSON document, a :class:`SolveRequest`
``{"problem": {...}, "weights": {...}, "solver": {...}}`` or a bare
:class:`~matcher.problem.Problem`, and writes the :class:`~matcher.result.Result` as JSON on
stdout. ``schema`` prints the JSON Schema of both.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from matcher.cli.app import app
from matcher.cli.common import (
    ExitCode,
    SeedOption,
    TimeLimitOption,
    WorkersOption,
    echo_err,
    epilog,
    fail,
    run_solve,
    solver_options,
)
from matcher.config import Config, SolverSettings
from matcher.errors import InputError, InputErrors, pydantic_message
from matcher.i18n import tr
from matcher.problem import Problem, ProblemValidationError
from matcher.registry import term_issues
from matcher.result import Result, Status


class SolveRequest(BaseModel):
    """What ``matcher solve-json`` reads: a problem, optional weights, optional settings.

    ``weights`` override the problem's own weights term by term (as ``--weight`` does);
    ``solver`` holds ``time_limit`` (seconds, default 60), ``workers`` and ``seed``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    problem: Problem
    weights: dict[str, int] = Field(default_factory=dict)
    solver: SolverSettings = Field(default_factory=SolverSettings)


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_errors(e: ValidationError, source: str, prefix: str = "") -> InputErrors:
    """Turn a pydantic error on a request into :class:`InputErrors` naming the JSON path
    (``problem.students[3].preferences``) and the value."""
    out: list[InputError] = []
    for err in e.errors():
        where = _loc(err["loc"])
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
    return InputErrors(out or [InputError(str(e), file=source)])


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
    issues += [(f"problem.weights.{i.field}", i)  # checked where resolved, not by the model
               for i in term_issues(request.problem, request.problem.weights)]
    if issues:
        raise InputErrors([InputError(i.message, file=name, column=column, value=i.value)
                           for column, i in issues])
    return request


SOLVE_EXAMPLE = epilog(
    "Example:",
    "  matcher solve-json request.json > result.json",
    "  cat request.json | matcher solve-json - --time-limit 30",
    "",
    "request.json: {\"problem\": {\"students\": [{\"id\": \"S1\", \"discipline\": \"design\",",
    "  \"preferences\": [\"P1\"]}, ...], \"projects\": [{\"id\": \"P1\", \"max_size\": 5}, ...]},",
    "  \"weights\": {\"preference\": 1}, \"solver\": {\"time_limit\": 30}}",
    "or the bare problem object. See `matcher schema`.",
    "",
    "The Result JSON is written on stdout whenever a search ran (its status says how it",
    "ended). Exit codes: 0 teams found; 1 infeasible; 2 bad input; 3 no formation found",
    "within the time limit.",
)


@app.command("solve-json", epilog=SOLVE_EXAMPLE)
def solve_json_command(
    source: Annotated[str, typer.Argument(metavar="[PROBLEM.json | -]",
                                          help="JSON request file, or - for stdin "
                                               "(the default).")] = "-",
    time_limit: TimeLimitOption = None,
    workers: WorkersOption = None,
    seed: SeedOption = None,
) -> None:
    """Solve a problem given as JSON; write the Result as JSON on stdout."""
    try:
        request = read_request(source)
    except InputError as e:
        raise fail(e) from None
    options = solver_options(Config(solver=request.solver), time_limit, workers, seed)
    run = run_solve(request.problem, weights=request.weights or None, options=options,
                    show_progress=False)
    result = run.result
    typer.echo(result.model_dump_json(indent=2))
    if result.status is Status.INFEASIBLE:
        raise typer.Exit(int(ExitCode.INFEASIBLE))
    if result.status is Status.UNKNOWN:
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    if run.interrupted_by_user:
        echo_err(tr("Interrupted: the result holds the best teams found so far."))


SCHEMA_EXAMPLE = epilog(
    "Example:",
    "  matcher schema > matcher.schema.json     # {\"request\": ..., \"result\": ...}",
    "  matcher schema request                  # only the input of solve-json",
)


def schemas() -> dict[str, Any]:
    """JSON Schemas of the solve-json input (:class:`SolveRequest`) and output
    (:class:`~matcher.result.Result`)."""
    return {
        "request": SolveRequest.model_json_schema(),
        "problem": Problem.model_json_schema(),
        "result": Result.model_json_schema(mode="serialization"),
    }


@app.command("schema", epilog=SCHEMA_EXAMPLE)
def schema_command(
    which: Annotated[str | None, typer.Argument(
        metavar="[request|problem|result]",
        help="Print only this schema (default: all, keyed by name).")] = None,
) -> None:
    """Print the JSON Schema of the solve-json request and of its Result."""
    all_schemas = schemas()
    if which is None:
        typer.echo(json.dumps(all_schemas, indent=2))
        return
    if which not in all_schemas:
        echo_err(f"{tr('error')}: " + tr("unknown schema {schema!r}; known: {known}",
                                         schema=which, known=", ".join(all_schemas)))
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    typer.echo(json.dumps(all_schemas[which], indent=2))
