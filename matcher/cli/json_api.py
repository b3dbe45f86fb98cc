"""``matcher solve-json`` and ``matcher schema``: the engine for platforms in other languages.

``solve-json`` reads one JSON document, a :class:`~matcher.request.SolveRequest`
``{"problem": {...}, "weights": {...}, "solver": {...}}`` or a bare
:class:`~matcher.problem.Problem`, and writes the :class:`~matcher.result.Result` as JSON on
stdout. Bad input (a request it cannot read, or one the library refuses) writes
``{"error": {"code", "message", "details": [...]}}`` on stdout instead
(:meth:`~matcher.errors.MatcherError.to_dict`, the shape of the server's error answers), the
words on stderr, and exits 2. ``schema`` prints the JSON Schema of both
(:func:`matcher.request.schemas`).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.errors import ExitCode, echo_err, fail
from matcher.cli.options import (
    SearchTimeLimitOption,
    SeedOption,
    WorkersOption,
    epilog,
    solver_options,
)
from matcher.cli.progress import run_solve
from matcher.config import Config
from matcher.errors import InputError, MatcherError
from matcher.i18n import tr
from matcher.request import read_request, schemas
from matcher.result import Status

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
    "ended). Bad input writes {\"error\": {\"code\": ..., \"message\": ..., \"details\":",
    "[{\"file\", \"path\", \"value\", \"message\", \"hint\"}, ...]}} on stdout instead.",
    "Exit codes: 0 teams found; 1 infeasible; 2 bad input; 3 no formation found within the",
    "time limit.",
)


@app.command("solve-json", epilog=SOLVE_EXAMPLE)
def solve_json_command(
    source: Annotated[str, typer.Argument(metavar="[PROBLEM.json | -]",
                                          help="JSON request file, or - for stdin "
                                               "(the default).")] = "-",
    time_limit: SearchTimeLimitOption = None,
    workers: WorkersOption = None,
    seed: SeedOption = None,
) -> None:
    """Solve a problem given as JSON; write the Result as JSON on stdout."""
    try:
        request = read_request(source)
        options = solver_options(Config(solver=request.solver, objective=request.objective),
                                 time_limit, workers, seed)
        run = run_solve(request.problem, weights=request.weights or None, options=options,
                        show_progress=False)
    except MatcherError as e:
        typer.echo(json.dumps({"error": e.to_dict()}, indent=2))
        raise fail(e if isinstance(e, InputError) else str(e)) from None
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
