"""``matcher explain``: why a student is on their team, and why not on the ones they preferred.

A thin shell over :func:`matcher.explain.explain`. Also holds the helpers the ``--report``,
``--previous`` and ``--lock`` options of ``solve`` and ``check`` share.
"""

from __future__ import annotations

from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.common import (
    ConfigOption,
    DuplicatesOption,
    ProjectsArg,
    SheetOption,
    StudentsArg,
    TimeLimitOption,
    WeightOption,
    WorkersOption,
    echo_err,
    epilog,
    fail,
    load_inputs,
    make_console,
    solver_options,
)
from matcher.errors import InputError
from matcher.i18n import tr

EXAMPLE = epilog(
    "Example:",
    "  matcher solve data/samples/students.csv data/samples/projects.csv -o teams.csv",
    "  matcher explain data/samples/students.csv data/samples/projects.csv teams.csv "
    "--student S005",
    "",
    "For every project the student ranked above the one they got, says why not: it stayed",
    "closed (and why), a rule forbids it (named with its records), or what it costs: the",
    "best single move or swap, then a few teams re-solved exactly with the student there",
    "(the whole cohort when it has at most 300 students). --time-limit is the command's",
    "wall clock: reading the files included.",
    "Exit codes: 0 explained; 2 bad input or unknown student; 3 the time limit ended first.",
)

ReportOption = Annotated[
    str | None,
    typer.Option("--report", metavar="REPORT.html",
                 help="Also write a self-contained HTML report: a card per team, ranks, "
                      "diversity, every student's explanation, rules and weights."),
]
PreviousOption = Annotated[
    str | None,
    typer.Option("--previous", metavar="TEAMS",
                 help="Re-match: stay close to this previous teams file (CSV or XLSX); each "
                      "student moved costs the 'moves' weight (default 30). Students who "
                      "left are ignored; late joiners move freely."),
]
LockOption = Annotated[
    str | None,
    typer.Option("--lock", metavar="TEAMS",
                 help="Fix placements from this teams file: the rows whose 'locked' column "
                      "says yes, or every row if it has no such column."),
]

#: Seconds per exact solve, and in all, spent on explanations for a report (when the caller
#: gives no deadline).
REPORT_EXPLAIN_EACH, REPORT_EXPLAIN_TOTAL = 5.0, 20.0


def write_html_report(path: str, problem, assignment, *, weights, workers: int,  # noqa: ANN001
                      status: str | None = None, moves=(), notes=(),  # noqa: ANN001
                      deadline: float | None = None,
                      explanations=None) -> None:  # noqa: ANN001
    """Explain every student (under ``deadline``, a :func:`time.monotonic` value, or
    :data:`REPORT_EXPLAIN_TOTAL` seconds; or take ``explanations``, already made by
    :func:`~matcher.explain.explain_all`) and write the HTML report."""
    from matcher.explain import explain_all
    from matcher.io.write import atomic_write_text

    if explanations is None:
        explanations = explain_all(
            problem, assignment, weights=weights, time_limit=REPORT_EXPLAIN_EACH,
            total_time=None if deadline is not None else REPORT_EXPLAIN_TOTAL,
            deadline=deadline, workers=workers, figures=False)
    atomic_write_text(path, render_html_report(problem, assignment, weights=weights,
                                               explanations=explanations, status=status,
                                               moves=moves, notes=notes))


def render_html_report(problem, assignment, *, weights, explanations=(),  # noqa: ANN001
                       status: str | None = None, moves=(), notes=()) -> str:  # noqa: ANN001
    """The HTML report with the given explanations (see
    :func:`matcher.cli.explaining.explanations_within`), as a string."""
    from matcher.report.html import render_report

    return render_report(problem, assignment, weights=weights, explanations=explanations,
                         status=status, moves=moves, notes=notes,
                         title=tr("Teams · {name}", name=problem.name) if problem.name
                         else tr("Teams"))


@app.command("explain", epilog=EXAMPLE)
def explain_command(
    students: StudentsArg,
    projects: ProjectsArg,
    teams: Annotated[str, typer.Argument(help="Teams file (CSV or XLSX): student_id, "
                                              "project_id.")],
    student: Annotated[str, typer.Option("--student", "-s", metavar="ID",
                                         help="The student to explain.")],
    config: ConfigOption = None,
    weight: WeightOption = None,
    time_limit: TimeLimitOption = None,
    workers: WorkersOption = None,
    sheet: SheetOption = None,
    duplicates: DuplicatesOption = None,
) -> None:
    """Explain one student's placement: the rank obtained and, for each project ranked
    higher, why not (closed, or the cost in objective points of moving them there)."""
    from matcher.cli.check import read_teams

    try:
        inputs = load_inputs(students, projects, config=config, weights=weight, sheet=sheet,
                             duplicates=duplicates)
        assignment = read_teams(teams, inputs.problem, inputs.config)
        if student not in inputs.problem.student_index:
            raise InputError(f"unknown student {student!r}", column="--student",
                             value=student)
    except InputError as e:
        raise fail(e) from None
    e = _explain_in_time(inputs, assignment, student, time_limit, workers)
    make_console().print(e.text(), highlight=False, markup=False)
    if any(a.kind == "exchange" or (a.kind == "neighbourhood" and not a.proven)
           for a in e.alternatives):
        echo_err(tr("Some costs are not proven optimal within the time limit: try a longer "
                    "--time-limit."))


def explanation_budget(time_limit: float | None) -> float:
    """Seconds given to the explanations of low placements after a solve of ``time_limit``
    seconds, when the caller gives no deadline: a tenth of it, between 1 and 30 seconds."""
    return min(30.0, max(1.0, 0.1 * (time_limit if time_limit is not None else 60.0)))


def _explain_in_time(inputs, assignment, student: str, time_limit: float | None,  # noqa: ANN001
                     workers: int | None):  # noqa: ANN202
    """:func:`matcher.explain.explain` within what the reading left of ``--time-limit`` (the
    command's wall clock), in a bounded child process; exit 3 when it does not fit."""
    from matcher.cli.after_teams import bounded
    from matcher.cli.bounded import Outcome
    from matcher.cli.clock import MIN_SEARCH, Budget
    from matcher.cli.common import ExitCode, progress_wanted
    from matcher.cli.explaining import explain_within
    from matcher.i18n import tr

    options = solver_options(inputs.config, time_limit, workers, None)
    budget = Budget.of(options.time_limit)
    seconds = budget.left() - WRITE_RESERVE
    if seconds <= MIN_SEARCH:
        echo_err(tr("The time limit ({limit:g} s) was spent reading the inputs; give a longer "
                    "--time-limit.", limit=options.time_limit))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    outcome = bounded(lambda s: explain_within(inputs.problem, assignment, student,
                                               weights=inputs.weights,
                                               workers=options.workers, seconds=s * 0.8),
                      seconds=seconds, label=tr("explaining {student}", student=student),
                      console=make_console(), quiet=not progress_wanted(False))
    if outcome.outcome is Outcome.DONE:
        return outcome.value
    if outcome.outcome is Outcome.INTERRUPTED:
        echo_err(tr("Interrupted."))
        raise typer.Exit(130)
    if outcome.outcome is Outcome.TIME:
        echo_err(tr("The time limit ({limit:g} s) ended before {student} was explained; give "
                    "a longer --time-limit.", limit=options.time_limit, student=student))
        raise typer.Exit(int(ExitCode.NO_SOLUTION))
    raise outcome.error or RuntimeError("?")


#: Seconds kept, out of ``--time-limit``, to print the explanation.
WRITE_RESERVE: float = 0.3


def low_placement_reasons(problem, assignment, *, weights,  # noqa: ANN001
                          time_limit: float | None = None, workers: int | None = None,
                          total_time: float | None = None,
                          deadline: float | None = None,
                          explanations=None) -> list[dict]:  # noqa: ANN001
    """The students on their 4th choice or worse, unranked or without a team, each with the
    reason: ``{student_id, project_id, rank, reason}`` in cohort order.

    Every project ranked higher is answered (:func:`matcher.explain.explain_all`): why it
    stayed closed, the rule that forbids it, or what the best exchange and a few teams
    re-solved exactly cost. The budget is ``deadline`` (a :func:`time.monotonic` value)
    and/or ``total_time`` seconds from now; without either, :func:`explanation_budget` of
    ``time_limit``. A student the budget did not reach reads "not explained (time)".
    ``explanations``: the students' explanations when the caller already has them (from
    :func:`~matcher.explain.explain_all` for the report), to be read instead of computed.
    """
    from matcher.explain import explain_all, low_placements

    if total_time is None and deadline is None:
        total_time = explanation_budget(time_limit)
    low = low_placements(problem, assignment)
    if explanations is not None:
        known = {e.student: e for e in explanations}
        explanations = [known[sid] for sid in low]
    else:
        explanations = explain_all(problem, assignment, weights=weights, students=low,
                                   total_time=total_time, deadline=deadline,
                                   workers=workers, time_limit=time_limit, figures=False)
    out = []
    for sid, e in zip(low, explanations, strict=True):
        s = problem.students[problem.student_index[sid]]
        pid = assignment.get(sid)
        if not s.preferences:
            reason = tr("ranked no project")
        elif e.alternatives or not e.notes:
            reason = e.reason()
        else:
            reason = tr("not explained (time): run matcher explain --student {student}",
                        student=sid)
        out.append({"student_id": sid, "project_id": pid,
                    "rank": s.rank_of(pid) if pid else None, "reason": reason})
    return out
