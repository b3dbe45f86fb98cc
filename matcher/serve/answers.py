"""What the API answers, as pydantic models: the ``response_model`` of each route, so that
``/docs`` and ``/openapi.json`` show every answer's schema.

The handlers build their answers as plain JSON (:func:`matcher.serve.api.problem_body`,
:meth:`CompiledCheck.run <matcher.serve.checking.CompiledCheck.run>`,
:func:`matcher.serve.api.job_body`, ...) and send them as they are; these models describe them
(``tests/serve/test_api_schema.py`` validates real answers against them). The library's own
models are reused: :class:`~matcher.rules.Rules`, :class:`~matcher.result.Progress`,
:class:`~matcher.result.Result`, :class:`~matcher.explain.explanation.Explanation`'s fields.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from matcher.explain.explanation import Explanation
from matcher.result import Progress, Result
from matcher.rules import Rules

__all__ = ["CheckAnswer", "ErrorAnswer", "ExplainAnswer", "Health", "Job", "JobCreated",
           "JobList", "JobStatus", "Located", "ProblemAnswer", "ProblemDeleted"]


class Located(BaseModel):
    """One located error or warning: where (file, row, column, value), what, and the
    command's words for it (``text``)."""

    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | int | float | bool | None = None
    message: str = ""
    hint: str | None = None
    text: str | None = None


class ErrorDetail(BaseModel):
    """The error of every 4xx and 5xx answer."""

    code: str = Field(description="a key of matcher.serve.errors.STATUS: invalid_problem, "
                      "bad_request, unauthorized, not_found, conflict, too_large, busy, internal")
    message: str
    details: list[Located] = Field(default_factory=list)


class ErrorAnswer(BaseModel):
    """``{"error": {"code", "message", "details"}}``: every 4xx and 5xx answer."""

    error: ErrorDetail


class ProblemAnswer(BaseModel):
    """A problem as ``/problems`` shows it: students and projects flat (their attributes
    beside their fields), the effective weights, the rules, the previous formation and the
    warnings of the reading."""

    id: str
    name: str
    students: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    weights: dict[str, int]
    rules: Rules
    previous: dict[str, str]
    warnings: list[Located]


class ProblemDeleted(BaseModel):
    """``DELETE /problems/{id}``: the problem deleted, and how many of its jobs with it."""

    id: str
    jobs_deleted: int


class CheckViolation(BaseModel):
    """A broken rule, in words, with the students and projects it concerns."""

    rule: str
    message: str
    students: list[str]
    projects: list[str]


class TeamCheck(BaseModel):
    """One team: its size, its own share of the terms that add up over the teams, and the
    positions (in ``violations``) of the broken rules that concern it."""

    size: int
    terms: dict[str, int]
    violations: list[int]


class CheckAnswer(BaseModel):
    """``POST /check``: every broken rule and every term, whole and per team."""

    violations: list[CheckViolation]
    terms: dict[str, int]
    objective: int
    weights: dict[str, int]
    teams: dict[str, TeamCheck]


#: ``POST /explain``: the library's :class:`Explanation` with its words (``text``) and its
#: one-line ``reason``.
ExplainAnswer = create_model(
    "ExplainAnswer",
    __doc__="Why a student is on their team: the library's Explanation, its text and reason.",
    **{name: (f.annotation, f) for name, f in Explanation.model_fields.items()},
    text=(str, ...), reason=(str, ...),
)


class JobCreated(BaseModel):
    """``POST /solve``: the queued job's id."""

    id: str


class JobError(BaseModel):
    """Why a job failed (or what stopped it)."""

    code: str
    message: str


JobStatus = Literal["queued", "running", "done", "failed", "cancelled"]


class Job(BaseModel):
    """A job: its status, times (ISO 8601, UTC), latest progress, and its result when done (or
    cancelled, or stopped, with teams)."""

    id: str
    status: JobStatus
    problem_id: str | None
    created: str | None
    started: str | None
    finished: str | None
    progress: Progress | None
    error: JobError | None
    result: Result | None


class JobSummary(BaseModel):
    """A job in the list."""

    id: str
    status: JobStatus
    created: str | None


class JobList(BaseModel):
    """``GET /jobs``: a page of jobs, newest first, and the cursor of the next page (``None``
    on the last)."""

    jobs: list[JobSummary]
    next_cursor: str | None = None


class Health(BaseModel):
    """``GET /health``."""

    status: Literal["ok"]
    version: str
    running: int
    queued: int
