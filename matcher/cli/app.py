"""The typer application every command registers on, with the ``--version`` flag."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    name="matcher",
    help="Form pluridisciplinary project teams by optimisation.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from matcher import __version__

        typer.echo(f"matcher {__version__}")
        raise typer.Exit()


@app.callback(epilog="\b\nQuick start:\n  matcher solve data/samples/students.csv "
                     "data/samples/projects.csv -o teams.csv\n  matcher COMMAND --help")
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Form pluridisciplinary project teams by optimisation (OR-Tools CP-SAT)."""
    from matcher.cli import clock

    clock.begin()  # kept when the entry point started it at the process's start
