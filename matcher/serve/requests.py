"""The JSON bodies the API reads (pydantic models: they give the OpenAPI schema too)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from matcher.config import SolverSettings
from matcher.problem import Problem

#: What ``POST /api/v1/export`` can produce.
ExportFormat = Literal["teams_csv", "xlsx", "moodle", "canvas", "mailmerge", "excel",
                       "report_html", "summary_json"]


class ProblemRef(BaseModel):
    """A problem given whole (``problem``) or by the id of an upload (``problem_id``), with
    weights and ``[rules]`` fields overriding its own."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    problem: Problem | None = None
    problem_id: str | None = None
    weights: dict[str, int] = Field(default_factory=dict)
    rules: dict[str, Any] | None = None


class CheckRequest(ProblemRef):
    """``POST /api/v1/check``: the whole assignment (student id -> project id or null)."""

    assignment: dict[str, str | None]


class ExplainRequest(CheckRequest):
    """``POST /api/v1/explain``: one student of the assignment; ``time_limit`` seconds."""

    student: str
    time_limit: float = Field(default=5.0, gt=0, le=60)


class ExportRequest(CheckRequest):
    """``POST /api/v1/export``: the assignment as a file of ``format``."""

    format: ExportFormat
    course: str | None = None
    identifier: str = "email"


class JobRequest(ProblemRef):
    """``POST /api/v1/solve``: what ``matcher solve-json`` reads (``problem``, ``weights``,
    ``solver``), or a ``problem_id`` with ``rules``, ``locks`` (student id -> project id,
    become ``fixed``) and ``start`` (the teams to stay close to: the ``moves`` term's previous
    formation, also the warm start)."""

    solver: SolverSettings = Field(default_factory=SolverSettings)
    locks: dict[str, str] = Field(default_factory=dict)
    start: dict[str, str | None] = Field(default_factory=dict)
