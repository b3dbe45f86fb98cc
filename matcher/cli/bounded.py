"""Work done after the teams are written (explanations, the report), bounded in time.

The teams and the summary are on disk before any of it starts, so nothing here may lose
them: :func:`run_bounded` runs one piece of work in a forked child process (a daemon thread
where ``fork`` does not exist) and waits for it in short slices, so that

* the wait ends at its deadline even when the work does not: the child is killed, and the
  command keeps its wall clock (a thread would be abandoned, and would slow the rest of the
  command down while it holds the interpreter lock);
* Ctrl-C ends the wait at once, the same way;
* an exception in the work, ``MemoryError`` included, is handed back, not raised; a child
  killed by the system (out of memory) is reported as an error;

and draws a live line (what is being done, seconds against the share) on a terminal. The
child is a fork: it sees the parent's memory as it is, needs no pickling of the work, and
sends its result back through a pipe (it must pickle).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from rich.console import Console, RenderableType
from rich.live import Live
from rich.spinner import Spinner
from rich.text import Text

from matcher.i18n import tr

T = TypeVar("T")


class Outcome(Enum):
    """How a bounded piece of work ended."""

    DONE = "done"
    TIME = "time"
    INTERRUPTED = "interrupted"
    ERROR = "error"


@dataclass
class Bounded(Generic[T]):
    """The outcome of :func:`run_bounded`: ``value`` when ``DONE``, ``error`` when ``ERROR``."""

    outcome: Outcome
    value: T | None = None
    error: BaseException | None = None

    @property
    def done(self) -> bool:
        """The work finished and returned ``value``."""
        return self.outcome is Outcome.DONE


@contextmanager
def sigint_as_event() -> Iterator[threading.Event]:
    """Inside the block, Ctrl-C (SIGINT) sets the event instead of raising
    ``KeyboardInterrupt`` anywhere (in a fork, in a write); off the main thread, where no
    handler can be set, the event is only set by :func:`run_bounded` catching it."""
    event = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield event
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: event.set())
    try:
        yield event
    finally:
        signal.signal(signal.SIGINT, previous)


def run_bounded(work: Callable[[], T], *, until: float, label: str,
                console: Console | None = None,
                stop: threading.Event | None = None) -> Bounded[T]:
    """Run ``work()`` until it ends or :func:`time.monotonic` reaches ``until``, whichever
    comes first; Ctrl-C (``KeyboardInterrupt``, or ``stop`` set: see
    :func:`sigint_as_event`) ends the wait too. See the module.

    ``console`` (a terminal) shows ``label`` with the seconds spent and left.
    """
    stop = stop or threading.Event()
    if stop.is_set():
        return Bounded(Outcome.INTERRUPTED)
    start = time.monotonic()
    total = max(0.0, until - start)
    if total <= 0:
        return Bounded(Outcome.TIME)

    def render() -> RenderableType:
        spent = time.monotonic() - start
        return Spinner("dots", text=Text(tr(
            "{label}: {spent:.1f} s of {total:.0f} s (Ctrl-C stops; what is written stays)",
            label=label, spent=spent, total=total)))

    display = (Live(console=console, get_renderable=render, transient=True,
                    refresh_per_second=4) if console is not None else nullcontext())
    runner = _in_child if "fork" in multiprocessing.get_all_start_methods() else _in_thread
    try:
        with display:
            outcome = runner(work, until, stop)
    except KeyboardInterrupt:
        stop.set()
    return Bounded(Outcome.INTERRUPTED) if stop.is_set() else outcome


def _in_child(work: Callable[[], T], until: float, stop: threading.Event) -> Bounded[T]:
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, and kills
        try:
            try:
                send.send(("value", work()))
            except BaseException as e:  # noqa: BLE001 - handed back to the parent
                try:
                    send.send(("error", e))
                except Exception:  # noqa: BLE001 - an exception that does not pickle
                    send.send(("error", RuntimeError(f"{type(e).__name__}: {e}")))
        finally:
            os._exit(0)  # no exit handlers, no flush of buffers copied from the parent

    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    process = ctx.Process(target=child, name="matcher-after-teams", daemon=True)
    process.start()
    send.close()
    try:
        while True:
            left = until - time.monotonic()
            if left <= 0:
                return Bounded(Outcome.TIME)
            if stop.is_set():
                return Bounded(Outcome.INTERRUPTED)
            if receive.poll(min(0.1, left)):
                try:
                    kind, payload = receive.recv()
                except EOFError:  # the child died without a word: killed (out of memory?)
                    process.join(1.0)
                    return Bounded(Outcome.ERROR, error=MemoryError(
                        f"the process ended with code {process.exitcode}"))
                if kind == "value":
                    return Bounded(Outcome.DONE, value=payload)
                if isinstance(payload, KeyboardInterrupt):
                    return Bounded(Outcome.INTERRUPTED)
                return Bounded(Outcome.ERROR, error=payload)
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join(1.0)


def _in_thread(work: Callable[[], T], until: float, stop: threading.Event) -> Bounded[T]:
    box: dict[str, object] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as e:  # noqa: BLE001 - handed back to the caller
            box["error"] = e
        finally:
            finished.set()

    thread = threading.Thread(target=run, name="matcher-after-teams", daemon=True)
    thread.start()
    while not finished.is_set():
        left = until - time.monotonic()
        if left <= 0:
            return Bounded(Outcome.TIME)
        if stop.is_set():
            return Bounded(Outcome.INTERRUPTED)
        finished.wait(min(0.1, left))
    error = box.get("error")
    if isinstance(error, KeyboardInterrupt):
        return Bounded(Outcome.INTERRUPTED)
    if isinstance(error, BaseException):
        return Bounded(Outcome.ERROR, error=error)
    return Bounded(Outcome.DONE, value=box.get("value"))  # type: ignore[arg-type]
