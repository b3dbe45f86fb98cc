"""Work done after the teams are written (explanations, the report), bounded in time.

The teams and the summary are on disk before any of it starts, so nothing here may lose
them: :func:`run_bounded` runs one piece of work in a daemon thread and waits for it in short
slices, so that

* the wait ends at its deadline even when the work does not (it is abandoned, and dies with
  the process), and the command keeps its wall clock;
* Ctrl-C ends the wait at once (the work is abandoned the same way);
* an exception in the work, ``MemoryError`` included, is handed back, not raised;

and draws a live line (what is being done, seconds against the share) on a terminal.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
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


def run_bounded(work: Callable[[], T], *, until: float, label: str,
                console: Console | None = None) -> Bounded[T]:
    """Run ``work()`` in a daemon thread until it ends or :func:`time.monotonic` reaches
    ``until``, whichever comes first; Ctrl-C ends the wait too.

    ``console`` (a terminal) shows ``label`` with the seconds spent and left.
    """
    box: dict[str, object] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as e:  # noqa: BLE001 - handed back to the caller
            box["error"] = e
        finally:
            finished.set()

    start = time.monotonic()
    total = max(0.0, until - start)

    def render() -> RenderableType:
        spent = time.monotonic() - start
        return Spinner("dots", text=Text(tr(
            "{label}: {spent:.1f} s of {total:.0f} s (Ctrl-C stops; what is written stays)",
            label=label, spent=spent, total=total)))

    display = (Live(console=console, get_renderable=render, transient=True,
                    refresh_per_second=4) if console is not None else nullcontext())
    thread = threading.Thread(target=run, name="matcher-after-teams", daemon=True)
    outcome = Outcome.DONE
    try:
        with display:
            thread.start()
            while not finished.is_set():
                left = until - time.monotonic()
                if left <= 0:
                    outcome = Outcome.TIME
                    break
                finished.wait(min(0.1, left))
    except KeyboardInterrupt:
        outcome = Outcome.INTERRUPTED
    if outcome is not Outcome.DONE:
        return Bounded(outcome)
    if "error" in box:
        error = box["error"]
        assert isinstance(error, BaseException)
        if isinstance(error, KeyboardInterrupt):
            return Bounded(Outcome.INTERRUPTED)
        return Bounded(Outcome.ERROR, error=error)
    return Bounded(Outcome.DONE, value=box.get("value"))  # type: ignore[arg-type]
