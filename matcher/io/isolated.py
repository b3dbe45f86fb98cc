"""Parse a workbook in a child process under a memory limit, so that a reader that aborts
(a native allocation failure, a panic) takes down the child, never the command or the server.

The parent sends ``(name, data, sheet, limits, language)`` on the child's standard input
(pickle) and reads back ``("rows", rows)`` or ``("error", fields of an InputError)``. The child
sets ``RLIMIT_AS`` on itself before it parses anything. Any other end (a signal, a non-zero
exit, no answer within ``child_seconds``) becomes an :class:`~matcher.errors.InputError` naming
the file.

Run as ``python -m matcher.io.isolated``: only :func:`rows_in_child` starts it.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from typing import Any

from matcher.errors import InputError
from matcher.i18n import current_language, tr
from matcher.io.limits import ReadLimits

__all__ = ["rows_in_child"]

_FIELDS = ("message", "file", "row", "column", "value", "hint")


def rows_in_child(name: str, data: bytes, sheet: str | None,
                  limits: ReadLimits) -> list[list[str]]:
    """The rows :func:`matcher.io.table.calamine_rows` reads, read in a child process.

    Raises
    ------
    InputError
        What the child raised, or, when the child died or ran out of time, an error naming
        the file and the limits it ran under.
    """
    package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    payload = pickle.dumps((name, data, sheet, limits, current_language()))
    try:
        done = subprocess.run([sys.executable, "-m", "matcher.io.isolated"], input=payload,
                              capture_output=True, timeout=limits.child_seconds, env=env,
                              check=False)
    except subprocess.TimeoutExpired:
        raise InputError(tr("reading the workbook took longer than {seconds:g} s",
                            seconds=limits.child_seconds), file=name,
                         hint=tr("save it again as .xlsx or CSV")) from None
    if done.returncode == 0:
        try:
            kind, body = pickle.loads(done.stdout)
        except Exception:  # noqa: BLE001 - any garbage from the child is a failed read
            kind, body = None, None
        if kind == "rows":
            return body
        if kind == "error":
            return _raise(body)
    raise InputError(
        tr("the spreadsheet reader failed on this workbook ({reason}) within a memory limit of "
           "{limit:,} MiB", reason=_reason(done.returncode),
           limit=limits.child_memory_bytes // (1024 * 1024)),
        file=name, hint=tr("save it again as .xlsx or CSV, or check that it is not damaged"))


def _raise(fields: dict[str, Any]) -> list[list[str]]:
    message = fields.pop("message")
    raise InputError(message, **fields)


def _reason(code: int) -> str:
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit {code}"


def _child() -> None:  # pragma: no cover - runs in the child process
    import resource

    name, data, sheet, limits, lang = pickle.loads(sys.stdin.buffer.read())
    resource.setrlimit(resource.RLIMIT_AS, (limits.child_memory_bytes,
                                            limits.child_memory_bytes))
    from matcher.i18n import language
    from matcher.io.table import calamine_rows

    try:
        with language(lang):
            answer: tuple[str, Any] = ("rows", calamine_rows(name, data, sheet, limits))
    except InputError as error:
        answer = ("error", {field: getattr(error, field) for field in _FIELDS})
    except MemoryError:
        sys.exit(3)
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":  # pragma: no cover
    _child()
