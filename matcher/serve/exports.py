"""The files of ``POST /api/v1/export``, made by the writers the commands use.

Each writer writes a file; here it writes into a fresh temporary directory under a name the
server chooses, and the bytes are read back: no client-named path is ever written.
"""

from __future__ import annotations

import os
import tempfile
import time
from typing import Any

from matcher.assignment import Assignment
from matcher.problem import Problem
from matcher.result import Result, Status
from matcher.serve.checking import CompiledCheck
from matcher.serve.requests import ExportRequest

#: Seconds the report's explanations may take.
REPORT_SECONDS: float = 10.0

CSV = "text/csv; charset=utf-8"
#: format -> (file name, media type)
FILES: dict[str, tuple[str, str]] = {
    "teams_csv": ("teams.csv", CSV),
    "xlsx": ("teams.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "moodle": ("moodle-groups.csv", CSV),
    "canvas": ("canvas-groups.csv", CSV),
    "mailmerge": ("mailmerge.csv", CSV),
    "excel": ("teams-excel.csv", CSV),
    "report_html": ("report.html", "text/html; charset=utf-8"),
    "summary_json": ("summary.json", "application/json"),
}


def build_file(problem: Problem, assignment: Assignment, req: ExportRequest,
               compiled: CompiledCheck) -> tuple[str, str, bytes]:
    """``(file name, media type, bytes)`` of ``req.format`` for ``assignment``.

    Raises
    ------
    InputError
        A platform format that lacks an option or a student's contact details.
    """
    name, media = FILES[req.format]
    with tempfile.TemporaryDirectory(prefix="matcher-export-") as tmp:
        path = os.path.join(tmp, name)
        _write(path, problem, assignment, req, compiled)
        with open(path, "rb") as fh:
            return name, media, fh.read()


def _write(path: str, problem: Problem, assignment: Assignment, req: ExportRequest,
           compiled: CompiledCheck) -> None:
    fmt = req.format
    weights = req.weights or None
    if fmt in ("teams_csv", "xlsx"):
        from matcher.check import check
        from matcher.report.tables import write_teams

        answer = compiled.run(assignment)
        status = Status.FEASIBLE if not check(problem, assignment) else Status.UNKNOWN
        result = Result(status=status, objective=answer["objective"],
                        assignment=dict(assignment), terms=answer["terms"],
                        weights=answer["weights"])
        write_teams(path, problem, result)
    elif fmt == "summary_json":
        from matcher.check import check
        from matcher.io.write import write_json
        from matcher.summary import check_summary

        answer = compiled.run(assignment)
        write_json(path, check_summary(problem, assignment, check(problem, assignment),
                                       answer["weights"], answer["terms"],
                                       answer["objective"]))
    elif fmt == "report_html":
        from matcher.report.explained import write_html_report

        write_html_report(path, problem, assignment, weights=weights, workers=1,
                          deadline=time.monotonic() + REPORT_SECONDS)
    else:
        from matcher.io.export import export

        options: dict[str, Any] = {"identifier": req.identifier}
        if req.course is not None:
            options["course"] = req.course
        export(problem, assignment, fmt, path, **options)
