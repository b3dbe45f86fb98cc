"""The search on the terminal: the live progress line, Ctrl-C as a clean stop, the console.

:func:`run_solve` runs :func:`matcher.solve` in a worker thread with the live progress display
(:class:`LiveProgress`) and Ctrl-C turned into a clean stop that keeps the best teams found so
far.
"""

from __future__ import annotations

import contextvars
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass

from rich.console import Console, RenderableType
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from matcher.cli.errors import echo_err
from matcher.cli.options import SolverOptions
from matcher.i18n import current_language, language, tr
from matcher.problem import Problem
from matcher.result import Progress, Result
from matcher.solve import solve


def progress_wanted(quiet: bool) -> bool:
    """Live progress only on a terminal, and never with ``--quiet``."""
    if quiet:
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


class LiveProgress:
    """The live line drawn while CP-SAT searches: elapsed against the time limit, best
    objective, proven bound, gap.

    :meth:`update` is the :func:`matcher.solve` callback (it runs in solver threads and only
    stores the latest :class:`~matcher.result.Progress`); rich redraws four times a second
    from :meth:`render`, so the clock moves even when no solution comes.
    """

    def __init__(self, console: Console, time_limit: float) -> None:
        self.console = console
        self.time_limit = time_limit
        self.latest: Progress | None = None
        self.start = time.monotonic()
        self._lock = threading.Lock()
        self._live: Live | None = None
        #: rich redraws from its own thread, which does not inherit the language
        self.language = current_language()

    def update(self, progress: Progress) -> None:
        """Record the latest progress (thread-safe)."""
        with self._lock:
            self.latest = progress

    def render(self) -> RenderableType:
        """The current lines as a rich renderable (fits 80 columns)."""
        with language(self.language):
            return self._render()

    def _render(self) -> RenderableType:
        with self._lock:
            p = self.latest
        elapsed = time.monotonic() - self.start
        best = p.objective if p and p.objective is not None else "-"
        bound = p.best_bound if p and p.best_bound is not None else "-"
        gap = f"{p.gap:.2%}" if p and p.gap is not None else "-"
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, overflow="ellipsis")
        grid.add_row(
            ProgressBar(total=self.time_limit, completed=min(elapsed, self.time_limit),
                        width=16),
            Text(tr("{elapsed} s / {limit} s  best objective {best}  bound {bound}  gap {gap}",
                    elapsed=f"{elapsed:.1f}", limit=f"{self.time_limit:g}", best=best,
                    bound=bound, gap=gap)),
        )
        grid.add_row(Text(tr("searching"), style="bold cyan"),
                     Text(tr("Ctrl-C stops and keeps the best teams found so far"),
                          style="dim"))
        return grid

    def __enter__(self) -> LiveProgress:
        self._live = Live(console=self.console, get_renderable=self.render, transient=True,
                          refresh_per_second=4)
        self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)


@dataclass
class SolveRun:
    """What :func:`run_solve` returns: the result and whether Ctrl-C stopped the search."""

    result: Result
    interrupted_by_user: bool


def run_solve(
    problem: Problem,
    *,
    weights: Mapping[str, int] | None,
    options: SolverOptions,
    show_progress: bool,
    console: Console | None = None,
    hint: Mapping[str, str | None] | None = None,
    deadline: float | None = None,
) -> SolveRun:
    """Run :func:`matcher.solve` in a worker thread; Ctrl-C stops it cleanly.

    ``deadline`` (:func:`time.monotonic`): the search is also stopped then, as by Ctrl-C but
    silently and without ``interrupted_by_user``, should the solver run past its time limit.

    The main thread waits on the worker in short slices so that ``KeyboardInterrupt`` (Ctrl-C,
    SIGINT) reaches it; it then sets the ``stop`` event, CP-SAT ends its search and
    :func:`matcher.solve` returns the best teams found so far with ``interrupted=True``.
    A second Ctrl-C changes nothing: the search is already stopping.
    """
    stop = threading.Event()
    box: dict[str, object] = {}
    display = LiveProgress(console or Console(), options.time_limit) if show_progress else None

    done = threading.Event()

    def work() -> None:
        try:
            box["result"] = solve(problem, weights=weights, time_limit=options.time_limit,
                                  workers=options.workers, seed=options.seed,
                                  callback=display.update if display else None, stop=stop,
                                  hint=hint, choices_first=options.choices_first)
        except BaseException as e:  # handed to the main thread, re-raised there
            box["error"] = e
        finally:
            done.set()

    interrupted = False

    def on_sigint(signum: int, frame: object) -> None:
        nonlocal interrupted
        interrupted = True
        stop.set()

    # While the search runs, Ctrl-C only sets the stop event (no KeyboardInterrupt that could
    # land anywhere); off the main thread, where handlers cannot be set, catch it instead.
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGINT, on_sigint)
    # the worker runs in a copy of this context, so its messages keep the language
    thread = threading.Thread(target=contextvars.copy_context().run, args=(work,),
                              name="matcher-solve", daemon=True)
    told = False
    try:
        with display if display is not None else nullcontext():
            thread.start()
            while not done.is_set():
                try:
                    done.wait(0.1)
                except KeyboardInterrupt:
                    interrupted = True
                    stop.set()
                if deadline is not None and time.monotonic() >= deadline:
                    stop.set()
                if interrupted and not told:
                    told = True
                    echo_err(tr("Interrupted: stopping the search and keeping the best teams "
                                "found so far..."))
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    thread.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return SolveRun(result=box["result"], interrupted_by_user=interrupted)  # type: ignore[arg-type]


def make_console() -> Console:
    """The stdout console: the terminal's width, or 120 columns when piped, no colour
    guessing in plain text."""
    width = None
    if not progress_wanted(False) and "COLUMNS" not in os.environ:
        width = 120
    return Console(width=width, highlight=False)
