"""What ``matcher solve`` does once the search has ended: write, then explain, then report.

The order keeps the teams safe:

1. :meth:`AfterTeams.write_teams_and_summary` writes the teams file and the summary at once,
   each atomically. The summary lists the low placements (4th choice or worse, unranked,
   without a team) with ``"reason": null`` for those not yet explained, and says
   ``"low_placement_reasons": "pending"``.
2. :meth:`AfterTeams.explain_and_report` spends what is left of the time limit (at least
   ``--explain-time``: :meth:`~matcher.cli.clock.TimePlan.explain_until`): in one child
   process under one deadline, the moves' reasons (with ``--previous``), every student's
   explanation when there is a report (one :func:`~matcher.explain.explain_all` for the
   report and the summary), and the low placements' reasons; the summary is rewritten
   atomically with them (``"low_placement_reasons": "done"``, or ``"time"`` when some ran
   out of time); then the report is rendered in a child and written. Each piece runs under
   :func:`~matcher.cli.bounded.run_bounded`: Ctrl-C, an error or ``MemoryError`` there
   leaves the files already written as they are, and the exit code is
   :attr:`~matcher.cli.errors.ExitCode.PARTIAL`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console

from matcher.assignment import Assignment
from matcher.choices import choices_lines, choices_summary
from matcher.cli.bounded import Bounded, Outcome, run_bounded, sigint_as_event
from matcher.cli.clock import TimePlan
from matcher.cli.errors import ExitCode, echo_err
from matcher.cli.inputs import Inputs
from matcher.cli.options import SolverOptions
from matcher.cli.output import print_low_placements
from matcher.cli.progress import progress_wanted
from matcher.explain.within import (
    explanations_within,
    low_placement_reasons_within,
    moves_within,
    not_explained,
    pending_low_placements,
)
from matcher.i18n import tr
from matcher.io.write import write_json
from matcher.problem import Problem
from matcher.report.tables import write_teams
from matcher.result import Result
from matcher.summary import solve_summary

#: Seconds per student to render and write the HTML report (0.2 ms measured at 3,000,
#: doubled), plus a fixed part; and to rewrite the summary.
REPORT_PER_STUDENT, REPORT_FIXED = 0.0004, 0.3
SUMMARY_PER_STUDENT, SUMMARY_FIXED = 0.0001, 0.1
#: Seconds between the deadline the explanations are given and the one they are killed at,
#: plus this share of their time (an exact solve may end a second or more past the limit it
#: was given, and a killed child hands back nothing).
GRACE: float = 0.3
MARGIN_SHARE: float = 0.1
#: Share of the window after the teams kept for rendering the report at least, and a floor in
#: seconds: forking a 300 MiB process and rendering 1,000 students took more than the 0.7 s
#: :data:`REPORT_PER_STUDENT` gives under load (the report was lost, exit 4).
REPORT_SHARE: float = 0.1
REPORT_FLOOR: float = 1.2


@dataclass
class AfterTeams:
    """The search's result, and what is written and explained from it (see the module)."""

    inputs: Inputs
    result: Result
    options: SolverOptions
    plan: TimePlan
    output: str
    summary: str | None
    report: str | None
    quiet: bool
    console: Console
    #: ``{student_id, project_id, rank, reason}`` per low placement, in cohort order.
    low: list[dict[str, Any]] = field(default_factory=list)
    #: :class:`~matcher.rematch.Move` per student moved since ``--previous``.
    moved: list = field(default_factory=list)
    #: ``pending``, ``done``, ``time``, ``interrupted``, ``error`` or ``skipped``.
    reasons_state: str = "pending"
    #: Files written, in order.
    written: list[str] = field(default_factory=list)
    #: Some work was abandoned in a thread that may still run.
    abandoned: bool = False
    _teams_written_at: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    # ------------------------------------------------------------------ 1. write

    def write_teams_and_summary(self) -> None:
        """Write the teams, then the summary with the reasons pending, each atomically.

        Raises
        ------
        InputError, OSError
            The teams file or the summary cannot be written.
        """
        problem, assignment = self.inputs.problem, self.result.assignment
        self.low = pending_low_placements(problem, assignment)
        if problem.previous:
            self.moved = moves_within(problem, assignment, weights=self.inputs.weights,
                                      workers=self.options.workers, seconds=0,
                                      explain_moves=False)
        if self.result.interrupted:
            self.reasons_state = "skipped"  # after Ctrl-C the user is waiting: no more solves
        elif not self.moved and all(x["reason"] for x in self.low):
            self.reasons_state = "done"  # nothing to explain by solving
        write_teams(self.output, problem, self.result)
        self.written.append(self.output)
        self._write_summary()
        self._teams_written_at = time.monotonic()

    def _write_summary(self) -> None:
        if not self.summary:
            return
        write_json(self.summary, solve_summary(
            self.inputs.problem, self.result, time_limit=self.options.time_limit,
            low_placements=self.low, reasons=self.reasons_state, moves=self.moved))
        if self.summary not in self.written:
            self.written.append(self.summary)

    # ------------------------------------------------------------------ 2. explain, report

    def explain_and_report(self) -> ExitCode:
        """Explain the low placements (and moves), rewrite the summary with the reasons, then
        write the report, all by :meth:`~matcher.cli.clock.TimePlan.explain_until`; return
        the exit code: ``OK``, or ``PARTIAL`` when Ctrl-C, an error or a lack of memory
        stopped them."""
        with sigint_as_event() as stop:
            self._stop = stop
            return self._explain_and_report()

    def _explain_and_report(self) -> ExitCode:
        n = len(self.inputs.problem.students)
        until = self.plan.explain_until(self._teams_written_at)
        window = until - self._teams_written_at
        # the report comes first: it gets a share of a long window, not only its estimate
        render_cost = max(REPORT_FIXED + REPORT_PER_STUDENT * n, REPORT_FLOOR,
                          REPORT_SHARE * window) if self.report else 0.0
        rewrite_cost = SUMMARY_FIXED + SUMMARY_PER_STUDENT * n if self.summary else 0.0
        code = ExitCode.OK
        reasons = bool(self.summary or not self.quiet) and (
            any(x["reason"] is None for x in self.low) or bool(self.moved))
        everyone: list | None = None
        if reasons or self.report:
            ends = until - render_cost - rewrite_cost  # the child is killed then
            # the explanations stop earlier, by themselves, and hand back what they have
            deadline = ends - GRACE - MARGIN_SHARE * max(0.0, ends - time.monotonic())
            label = (tr("explaining {count} low placements", count=len(self.low))
                     if not self.report else tr("explaining every student for the report"))
            outcome = self._bounded(lambda _: self._explain(deadline),
                                    seconds=ends - time.monotonic(), label=label)
            if outcome.done:
                low, moved, everyone = outcome.value
                outcome = Bounded(Outcome.DONE, value=(low, moved))
            if reasons:
                code = self._settle_reasons(outcome)
                if outcome.outcome is Outcome.INTERRUPTED:
                    return code
                try:
                    self._write_summary()
                except (OSError, MemoryError) as e:
                    echo_err(tr("error: cannot rewrite the summary with the reasons: {error}",
                                error=e))
                    code = ExitCode.PARTIAL
            elif outcome.outcome is Outcome.INTERRUPTED:
                echo_err(self._kept(tr("Interrupted before the report was written")))
                return ExitCode.PARTIAL
            if self._stop.is_set():
                echo_err(self._kept(tr("Interrupted")))
                return ExitCode.PARTIAL
        if self.report:
            notes = choices_lines(choices_summary(self.inputs.problem, self.result.assignment,
                                                  self.result))
            if everyone is None:
                notes.append(tr(
                    "The students' explanations are not in this report: they did not fit in "
                    "the time for explanations (--explain-time)."))
            report_code = render_report_within(
                self.report, self.inputs.problem, self.result.assignment,
                weights=self.inputs.weights, explanations=everyone or (), until=until,
                status=self.result.status.value, moves=self.moved, notes=notes,
                console=self.console, kept=self._kept, explain_time=window,
                stop=self._stop)
            if report_code is ExitCode.OK:
                self.written.append(self.report)
            code = max(code, report_code)
        return code

    def _explain(self, deadline: float) -> tuple[list[dict[str, Any]], list, list | None]:
        """In the child: the moves' reasons (a third of the time, with ``--previous``), every
        student's explanation when there is a report, and the low placements' reasons."""
        problem, assignment = self.inputs.problem, self.result.assignment
        weights, workers = self.inputs.weights, self.options.workers
        moved = self.moved
        if moved:
            moved = moves_within(problem, assignment, weights=weights, workers=workers,
                                 seconds=(deadline - time.monotonic()) / 3)
        everyone = None
        if self.report:
            everyone = explanations_within(problem, assignment, weights=weights,
                                           workers=workers, deadline=deadline)
        low = low_placement_reasons_within(problem, assignment, weights=weights,
                                           workers=workers, deadline=deadline,
                                           explanations=everyone)
        return low, moved, everyone

    def _bounded(self, work: Any, *, seconds: float, label: str) -> Bounded:
        outcome = bounded(work, seconds=seconds, label=label, console=self.console,
                          quiet=self.quiet, stop=self._stop)
        if outcome.outcome in (Outcome.TIME, Outcome.INTERRUPTED):
            self.abandoned = True
        return outcome

    def _settle_reasons(self, outcome: Bounded) -> ExitCode:
        if outcome.done:
            self.low, self.moved = outcome.value
            prefixes = ("not explained", tr("not explained"))
            timed_out = any(str(x["reason"] or "").startswith(prefixes) for x in self.low)
            self.reasons_state = "time" if timed_out else "done"
            return ExitCode.OK
        if outcome.outcome is Outcome.INTERRUPTED:
            self.reasons_state = "interrupted"
            echo_err(self._kept(tr("Interrupted during the explanations")))
            return ExitCode.PARTIAL
        for x in self.low:
            if x["reason"] is None:
                x["reason"] = not_explained(x["student_id"])
        if outcome.outcome is Outcome.TIME:
            self.reasons_state = "time"
            return ExitCode.OK
        self.reasons_state = "error"
        echo_err(self._kept(tr("The explanations failed ({error})",
                               error=_describe(outcome.error))))
        return ExitCode.PARTIAL

    def _kept(self, what: str) -> str:
        return tr("{what}: {files} written and kept.", what=what,
                  files=", ".join(self.written))

    # ------------------------------------------------------------------ 3. print

    def print_explanations(self) -> None:
        """The low placements (at most 20, then where the rest are) and the moves."""
        where = [p for p in (self.summary, self.report) if p and p in self.written]
        print_low_placements(self.console, self.low, where=where)
        if self.inputs.problem.previous:
            self.console.print()
            self.console.print(tr("Moved since the previous formation: {count}",
                                  count=len(self.moved)), highlight=False)
            for m in self.moved[:20]:
                self.console.print(f"  {m.student} {m.before} -> {m.after or tr('no team')}: "
                                   f"{m.reason}", highlight=False, markup=False)
            if len(self.moved) > 20:
                self.console.print(tr("  ... and {count} more", count=len(self.moved) - 20),
                                   highlight=False, markup=False)


def _describe(error: BaseException | None) -> str:
    if isinstance(error, MemoryError):
        return tr("out of memory")
    return f"{type(error).__name__}: {error}" if error is not None else "?"


def bounded(work: Any, *, seconds: float, label: str, console: Console,
            quiet: bool, stop: threading.Event | None = None) -> Bounded:
    """``work(seconds)`` under :func:`~matcher.cli.bounded.run_bounded` for ``seconds``, with
    a live line on a terminal, one line on stderr otherwise (none with ``quiet``)."""
    show = console if progress_wanted(quiet) else None
    if show is None and not quiet:
        echo_err(tr("{label} (up to {seconds:.0f} s)...", label=label.capitalize(),
                    seconds=max(0.0, seconds)))
    return run_bounded(lambda: work(max(0.05, seconds)),
                       until=time.monotonic() + max(0.0, seconds), label=label, console=show,
                       stop=stop)


def write_report_within(path: str, problem: Problem, assignment: Assignment, *,
                        weights: Mapping[str, int] | None, workers: int, until: float,
                        status: str | None, moves: Sequence[Any], notes: Sequence[str],
                        console: Console, quiet: bool, kept: Callable[[str], str],
                        explain_time: float, stop: threading.Event | None = None
                        ) -> ExitCode:
    """Explain every student, then write the HTML report, by ``until``
    (:func:`time.monotonic`): the explanations stop in time for the rendering
    (:func:`render_report_within`). ``kept(what)`` words a failure ("what: the files written
    and kept"). Returns ``OK`` or ``PARTIAL`` (report missing, or without explanations
    because they failed)."""
    render_cost = REPORT_FIXED + REPORT_PER_STUDENT * len(problem.students)
    deadline = until - render_cost - GRACE
    outcome = bounded(
        lambda _: explanations_within(problem, assignment, weights=weights, workers=workers,
                                      deadline=deadline),
        seconds=deadline + GRACE - time.monotonic(),
        label=tr("explaining every student for the report"), console=console, quiet=quiet,
        stop=stop)
    if outcome.outcome is Outcome.INTERRUPTED:
        echo_err(kept(tr("Interrupted before the report was written")))
        return ExitCode.PARTIAL
    notes = list(notes)
    if not outcome.done:
        notes.append(tr("The students' explanations are not in this report: they did not "
                        "fit in the time for explanations (--explain-time)."))
    code = render_report_within(path, problem, assignment, weights=weights,
                                explanations=outcome.value or (), until=until, status=status,
                                moves=moves, notes=notes, console=console, kept=kept,
                                explain_time=explain_time, stop=stop)
    if code is ExitCode.OK and outcome.outcome is Outcome.ERROR:
        echo_err(tr("The explanations for the report failed ({error}); the report was "
                    "written without them.", error=_describe(outcome.error)))
        return ExitCode.PARTIAL
    return code


def render_report_within(path: str, problem: Problem, assignment: Assignment, *,
                         weights: Mapping[str, int] | None, explanations: Sequence[Any],
                         until: float, status: str | None, moves: Sequence[Any],
                         notes: Sequence[str], console: Console, kept: Callable[[str], str],
                         explain_time: float, stop: threading.Event | None = None
                         ) -> ExitCode:
    """Render the report in a child process bounded by ``until``, then write it atomically
    here. Returns ``OK``, or ``PARTIAL`` with the reason on stderr."""
    from matcher.io.write import atomic_write_text
    from matcher.report.explained import render_html_report

    interrupted = tr("Interrupted before the report was written")
    html = bounded(
        lambda _: render_html_report(problem, assignment, weights=weights,
                                     explanations=explanations, status=status, moves=moves,
                                     notes=notes),
        seconds=max(until - time.monotonic(), 0.0), label=tr("writing the report"),
        console=console, quiet=True, stop=stop)
    if html.outcome is Outcome.INTERRUPTED or (stop is not None and stop.is_set()):
        echo_err(kept(interrupted))
        return ExitCode.PARTIAL
    if html.outcome is Outcome.TIME:
        echo_err(kept(tr("The report was not written: it did not fit in the time for "
                         "explanations ({seconds:.0f} s); give a larger --explain-time",
                         seconds=explain_time)))
        return ExitCode.PARTIAL
    try:
        if not html.done:
            raise html.error or RuntimeError("?")
        atomic_write_text(path, html.value)
    except KeyboardInterrupt:
        echo_err(kept(interrupted))
        return ExitCode.PARTIAL
    except Exception as e:  # noqa: BLE001 - MemoryError included: what is written stays
        echo_err(kept(tr("The report could not be written ({error})", error=_describe(e))))
        return ExitCode.PARTIAL
    return ExitCode.OK
