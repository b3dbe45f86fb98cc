"""Problems from what a client sends: uploaded files (read as the command reads them) or JSON.

A file's name is used only for its extension and in messages (its last component, cleaned):
the content is read from memory, never from a path a client could name.
"""

from __future__ import annotations

import io
import re
import tomllib
import warnings
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from matcher.config import Config, config_from_dict
from matcher.errors import InputError, InputErrors, InputWarning
from matcher.i18n import tr
from matcher.problem import Problem
from matcher.read import read_problem
from matcher.registry import term_issues
from matcher.rules import Rules

#: Controls, and the characters that show a name in another order or hide part of it.
_UNSAFE = re.compile("[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


#: The longest name kept for an uploaded file (its extension kept when it is cut).
MAX_NAME = 120


def safe_name(filename: str | None, default: str) -> str:
    """The last component of a client's file name, without control or invisible characters
    (at most :data:`MAX_NAME` characters, cut before its extension so that the format is still
    known), or ``default``: for messages and the extension only."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip()
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        keep = f"{dot}{ext}" if dot and stem and len(ext) <= 10 else ""
        name = name[:MAX_NAME - len(keep)].rstrip() + keep
    return name if name and name not in (".", "..") else default


def _named(data: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = name  # read_table takes the format from its extension
    return stream


def config_from_bytes(data: bytes, name: str) -> Config:
    """A TOML config from the bytes of an uploaded file."""
    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(tr("not valid TOML: the file is not UTF-8 text"), file=name) from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(tr("not valid TOML: {error}", error=e), file=name) from None
    return config_from_dict(parsed, source=name)


def problem_from_files(students: tuple[str, bytes], projects: tuple[str, bytes],
                       config: tuple[str, bytes] | None = None
                       ) -> tuple[Problem, list[InputWarning]]:
    """Read a problem from uploaded files, each ``(name, bytes)``, as ``matcher solve`` reads
    its files; return it with the warnings of the reading.

    Raises
    ------
    InputError
        Every error found, located (file, row, column, value).
    """
    from matcher.io.inputs import name_config  # the same words as the command

    cfg = config_from_bytes(config[1], config[0]) if config else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            problem = read_problem(_named(students[1], students[0]),
                                   _named(projects[1], projects[0]), cfg)
        except InputError as e:
            raise name_config(e, config[0] if config else None) from None
    for name, count, empty in (
            (students[0], len(problem.students),
             tr("no student in the file: it has a header row but no data rows")),
            (projects[0], len(problem.projects),
             tr("no project idea in the file: it has a header row but no data rows"))):
        if count == 0:
            raise InputError(empty, file=name)
    found = [w.message for w in caught if isinstance(w.message, InputWarning)]
    return problem, found


def problem_from_json(data: Any, source: str = "problem") -> Problem:
    """A problem from its JSON form (as ``matcher solve-json`` reads it).

    Raises
    ------
    InputErrors
        Every invalid field, named by its JSON path.
    """
    from matcher.request import validation_errors

    try:
        return Problem.model_validate(data)
    except ValidationError as e:
        raise validation_errors(e, tr("<request>"), prefix=f"{source}.") from None


def with_rules(problem: Problem, rules: Mapping[str, Any] | None) -> Problem:
    """``problem`` with the fields of ``rules`` (as in the TOML ``[rules]``) replaced."""
    if not rules:
        return problem
    from matcher.request import validation_errors

    try:
        merged = Rules.model_validate({**problem.rules.model_dump(), **dict(rules)})
        return problem.with_changes(rules=merged)
    except ValidationError as e:
        raise validation_errors(e, tr("<request>"), prefix="rules.") from None


def check_weights(problem: Problem, weights: Mapping[str, int] | None) -> None:
    """Unknown terms or attributes in a request's ``weights`` or in the problem's own (a
    problem given as JSON): every one, located."""
    issues = [(f"weights.{i.field}", i) for i in term_issues(problem, dict(weights or {}))]
    issues += [(f"problem.weights.{i.field}", i)  # not checked by the model: see Problem
               for i in term_issues(problem, problem.weights)]
    if issues:
        raise InputErrors([InputError(i.message, file=tr("<request>"), column=column,
                                      value=i.value) for column, i in issues])


def parse_json_body(raw: bytes) -> dict[str, Any]:
    """A request's JSON object.

    Raises
    ------
    InputError
        Not JSON (line and column named; see :func:`~matcher.serve.bodies.strict_json`), or
        not an object.
    """
    from matcher.serve.bodies import strict_json

    data = strict_json(raw)
    if not isinstance(data, dict):
        raise InputError(tr("expected a JSON object"), file=tr("<request>"))
    return data
