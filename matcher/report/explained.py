"""The HTML report of a formation with every student's explanation, as ``--report`` and the
server write it: the explanations made under a deadline, then :func:`~matcher.report.html.
render_report` titled after the problem, written atomically.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from matcher.assignment import Assignment
from matcher.explain import Explanation, explain_all
from matcher.i18n import tr
from matcher.io.write import atomic_write_text
from matcher.problem import Problem
from matcher.report.html import render_report

#: Seconds per exact solve, and in all, spent on explanations for a report (when the caller
#: gives no deadline).
REPORT_EXPLAIN_EACH, REPORT_EXPLAIN_TOTAL = 5.0, 20.0


def write_html_report(path: str, problem: Problem, assignment: Assignment, *,
                      weights: Mapping[str, int] | None, workers: int,
                      status: str | None = None, moves: Iterable[object] = (),
                      notes: Sequence[str] = (), deadline: float | None = None,
                      explanations: Sequence[Explanation] | None = None) -> None:
    """Explain every student (under ``deadline``, a :func:`time.monotonic` value, or
    :data:`REPORT_EXPLAIN_TOTAL` seconds; or take ``explanations``, already made by
    :func:`~matcher.explain.explain_all`) and write the HTML report atomically."""
    if explanations is None:
        explanations = explain_all(
            problem, assignment, weights=weights, time_limit=REPORT_EXPLAIN_EACH,
            total_time=None if deadline is not None else REPORT_EXPLAIN_TOTAL,
            deadline=deadline, workers=workers, figures=False)
    atomic_write_text(path, render_html_report(problem, assignment, weights=weights,
                                               explanations=explanations, status=status,
                                               moves=moves, notes=notes))


def render_html_report(problem: Problem, assignment: Assignment, *,
                       weights: Mapping[str, int] | None,
                       explanations: Iterable[Explanation] = (), status: str | None = None,
                       moves: Iterable[object] = (), notes: Sequence[str] = ()) -> str:
    """The HTML report with the given explanations (see
    :func:`matcher.explain.within.explanations_within`), titled after the problem, as a
    string."""
    return render_report(problem, assignment, weights=weights, explanations=explanations,
                         status=status, moves=moves, notes=notes,
                         title=tr("Teams · {name}", name=problem.name) if problem.name
                         else tr("Teams"))
