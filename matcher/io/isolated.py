"""Read a workbook in a child process under a memory limit, so that a reader that aborts (a
native allocation failure, a panic) takes down the child, never the command or the server.

The child is :mod:`matcher.io.calamine_child`, run as a script in isolated mode: it imports
python-calamine and nothing of :mod:`matcher`, sets ``RLIMIT_AS`` on itself, and sends back the
sheet's raw values (pickle). Any other end (a signal, a non-zero exit, no answer within
``child_seconds``) becomes an :class:`~matcher.errors.InputError` naming the file.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from matcher.errors import InputError
from matcher.i18n import tr
from matcher.io.limits import ReadLimits, check_extent

__all__ = ["values_in_child"]

_CHILD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calamine_child.py")


def values_in_child(name: str, data: bytes, sheet: str | None, limits: ReadLimits,
                    pick: Callable[[list[str], list[str]], int]) -> list[list[Any]]:
    """The raw values of one sheet of the workbook ``data`` (from row 1), read by
    python-calamine in a child process under ``limits.child_memory_bytes``.

    ``pick(titles, kinds)`` chooses the sheet when ``sheet`` is not exactly one of the
    titles (a loose match, or an error naming the sheets).

    Raises
    ------
    InputError
        The reader refused the file, the sheet is past ``limits``, no sheet is named
        ``sheet``, or the child died or ran out of time (naming the file and the limit).
    """
    answer = _run(name, data, sheet, limits)
    if answer[0] == "titles":  # no sheet of that exact title: match it loosely here
        titles, kinds = answer[1], answer[2]
        answer = _run(name, data, titles[pick(titles, kinds)], limits)
    kind = answer[0]
    if kind == "rows":
        return answer[3]
    if kind == "extent":
        check_extent(name, answer[1], answer[2], limits)
    if kind == "password":
        raise InputError(tr("the workbook is protected by a password"), file=name,
                         hint=tr("save a copy without a password"))
    raise InputError(tr("cannot read the workbook: {reason}", reason=answer[1]), file=name)


def _run(name: str, data: bytes, sheet: str | None, limits: ReadLimits) -> tuple[Any, ...]:
    payload = pickle.dumps((data, sheet, limits.child_memory_bytes, limits.max_rows,
                            limits.max_columns, limits.max_cells))
    try:
        done = subprocess.run([sys.executable, "-I", _CHILD], input=payload,
                              capture_output=True, timeout=limits.child_seconds, check=False)
    except subprocess.TimeoutExpired:
        raise InputError(tr("reading the workbook took longer than {seconds:g} s",
                            seconds=limits.child_seconds), file=name,
                         hint=tr("save it again as .xlsx or CSV")) from None
    if done.returncode == 0:
        try:
            answer = pickle.loads(done.stdout)
        except Exception:  # noqa: BLE001 - anything else from the child is a failed read
            answer = None
        if isinstance(answer, tuple) and answer:
            return answer
    raise InputError(
        tr("the spreadsheet reader failed on this workbook ({reason}) within a memory limit of "
           "{limit:,} MiB", reason=_reason(done.returncode),
           limit=limits.child_memory_bytes // (1024 * 1024)),
        file=name, hint=tr("save it again as .xlsx or CSV, or check that it is not damaged"))


def _reason(code: int) -> str:
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit {code}"
