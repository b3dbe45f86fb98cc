"""The JSON bodies the API reads (pydantic models: they give the OpenAPI schema too)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from matcher.config import SolverSettings
from matcher.problem import Integer, Problem
from matcher.serve.webhooks import Webhook

#: A tiny problem: the examples of the OpenAPI document (three ideas of two, six students).
_PROBLEM = {
    "name": "tiny",
    "students": [{"id": f"S{k}", "name": name, "discipline": disc, "institution": inst,
                  "preferences": prefs}
                 for k, (name, disc, inst, prefs) in enumerate((
                     ("Ann Lee", "design", "A", ["P1", "P2"]),
                     ("Bob Ray", "eng", "B", ["P1", "P3"]),
                     ("Cid Moe", "eng", "A", ["P2", "P1"]),
                     ("Dan Roe", "bio", "B", ["P3", "P2"]),
                     ("Eve Poe", "design", "B", ["P1", "P3"]),
                     ("Fay Day", "bio", "A", ["P2", "P3"])), start=1)],
    "projects": [{"id": f"P{k}", "title": title, "min_size": 2, "max_size": 2}
                 for k, title in enumerate(("One", "Two", "Three"), start=1)]}
#: A formation of :data:`_PROBLEM`.
_TEAMS = {"S1": "P1", "S2": "P1", "S3": "P2", "S4": "P3", "S5": "P3", "S6": "P2"}
#: A problem id as ``POST /problems`` answers one.
_PID = "Goab5gl_sMxLzM3C"


def _example(*examples: dict[str, Any]) -> ConfigDict:
    """A request model's configuration, with its examples (shown on ``/docs``)."""
    return ConfigDict(frozen=True, extra="forbid",
                      json_schema_extra={"examples": list(examples)})


#: What ``POST /api/v1/export`` can produce.
ExportFormat = Literal["teams_csv", "xlsx", "moodle", "canvas", "mailmerge", "excel",
                       "report_html", "summary_json"]


class ProblemRef(BaseModel):
    """A problem given whole (``problem``) or by the id of an upload (``problem_id``), with
    weights and ``[rules]`` fields overriding its own."""

    model_config = _example({"problem": _PROBLEM},
                            {"problem_id": _PID, "weights": {"preference": 3}})

    problem: Problem | None = None
    problem_id: str | None = None
    weights: dict[str, Integer] = Field(default_factory=dict)  # strict, as the library's
    rules: dict[str, Any] | None = None


class CheckRequest(ProblemRef):
    """``POST /api/v1/check``: the whole assignment (student id -> project id or null)."""

    model_config = _example({"problem_id": _PID, "assignment": _TEAMS})

    assignment: dict[str, str | None]


class ExplainRequest(CheckRequest):
    """``POST /api/v1/explain``: one student of the assignment; ``time_limit`` seconds."""

    model_config = _example({"problem_id": _PID, "assignment": _TEAMS, "student": "S1"})

    student: str
    time_limit: float = Field(default=5.0, gt=0, le=60)


class ExportRequest(CheckRequest):
    """``POST /api/v1/export``: the assignment as a file of ``format``."""

    model_config = _example({"problem_id": _PID, "assignment": _TEAMS, "format": "teams_csv"})

    format: ExportFormat
    course: str | None = None
    identifier: str = "email"


class JobRequest(ProblemRef):
    """``POST /api/v1/solve``: what ``matcher solve-json`` reads (``problem``, ``weights``,
    ``solver``), or a ``problem_id`` with ``rules``, ``locks`` (student id -> project id,
    become ``fixed``) and ``start`` (the teams to stay close to: the ``moves`` term's previous
    formation, also the warm start). ``webhook``: where the job's end is POSTed
    (:mod:`matcher.serve.webhooks`)."""

    model_config = _example({"problem": _PROBLEM, "solver": {"time_limit": 10}},
                            {"problem_id": _PID, "solver": {"time_limit": 30, "workers": 2},
                             "locks": {"S1": "P1"}})

    solver: SolverSettings = Field(default_factory=SolverSettings)
    locks: dict[str, str] = Field(default_factory=dict)
    start: dict[str, str | None] = Field(default_factory=dict)
    webhook: Webhook | None = None
