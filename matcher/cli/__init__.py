"""The ``matcher`` command line: each command is a thin shell over one library call.

Command modules register themselves on :data:`matcher.cli.app.app`; add a new module's name
to :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import importlib

from matcher.cli.app import app

#: Modules under ``matcher.cli`` that define commands, in help order (``explain`` first, as
#: ``matcher --help`` has always listed it).
COMMAND_MODULES: tuple[str, ...] = ("explain", "solve", "check", "sample", "json_api", "sweep",
                                     "pareto", "mdgp", "export", "serve", "inspect")

for _name in COMMAND_MODULES:
    importlib.import_module(f"matcher.cli.{_name}")


def main() -> None:
    """Console-script entry point; ``--time-limit`` counts from the process's start."""
    from matcher.cli import clock

    clock.begin(clock.process_start(), process=True)
    app()


__all__ = ["app", "main"]
