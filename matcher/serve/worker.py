"""The child process of one solve job: runs :func:`matcher.solve`, reports on a pipe.

Started by :mod:`matcher.serve.jobs` in a fresh process ("forkserver" or "spawn"), so that a
cancel can always free its worker: a ``"stop"`` on the control pipe sets the search's stop
event (the best teams so far come back, ``interrupted=True``); a child that does not answer in
time is terminated. Messages sent back: ``("progress", Progress JSON)``, then one of
``("result", Result JSON)`` or ``("error", text)``.
"""

from __future__ import annotations

import threading
from multiprocessing.connection import Connection
from typing import Any


def run_job(payload: dict[str, Any], events: Connection, control: Connection) -> None:
    """Solve ``payload`` (``problem`` JSON, ``weights``, ``solver``, ``hint``, ``lang``) and
    send what happens on ``events``; stop when ``control`` says ``"stop"`` or closes."""
    from matcher.i18n import set_language
    from matcher.problem import Problem
    from matcher.result import Progress
    from matcher.solve import solve

    set_language(payload.get("lang") or "en")
    stop = threading.Event()
    send_lock = threading.Lock()

    def listen() -> None:
        try:
            while control.recv() != "stop":
                pass
        except (EOFError, OSError):
            pass
        stop.set()

    def send(message: tuple[str, Any]) -> None:
        with send_lock:
            try:
                events.send(message)
            except (BrokenPipeError, OSError):  # the server went away: stop searching
                stop.set()

    def progress(p: Progress) -> None:
        send(("progress", p.model_dump(mode="json")))

    threading.Thread(target=listen, name="matcher-job-control", daemon=True).start()
    try:
        problem = Problem.model_validate_json(payload["problem"])
        solver = payload.get("solver") or {}
        result = solve(problem, weights=payload.get("weights") or None,
                       time_limit=solver.get("time_limit"), workers=solver.get("workers"),
                       seed=solver.get("seed"), callback=progress, stop=stop,
                       hint=payload.get("hint") or None)
        send(("result", result.model_dump_json()))
    except Exception as e:  # noqa: BLE001 - every failure goes back to the server, in words
        send(("error", f"{type(e).__name__}: {e}"))
