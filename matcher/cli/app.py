"""The typer application every command registers on, with the ``--version`` and ``--lang`` flags."""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from matcher.i18n import LANGUAGES, current_language, default_language, set_language


class _Group(TyperGroup):
    """The command group; ``--lang`` may also follow the command (``matcher solve ... --lang
    fr``): it is moved in front of it, where the group's option is parsed."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        front: list[str] = []
        rest: list[str] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                rest += args[i:]
                break
            if arg == "--lang" and i + 1 < len(args) and rest:
                front += args[i:i + 2]
                i += 2
                continue
            if arg.startswith("--lang=") and rest:
                front.append(arg)
            else:
                rest.append(arg)
            i += 1
        return super().parse_args(ctx, front + rest)


app = typer.Typer(
    cls=_Group,
    name="matcher",
    help="Form pluridisciplinary project teams by optimisation.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _lang(ctx: typer.Context, value: str | None) -> str | None:
    """Set the language of messages before any command runs (eager: before the version
    and the other options are handled), and restore it when the command ends."""
    chosen = value or default_language()
    try:
        previous = current_language()
        set_language(chosen)
    except ValueError:
        raise typer.BadParameter(f"{value!r}: choose one of {', '.join(LANGUAGES)}") from None
    ctx.call_on_close(lambda: set_language(previous))
    return chosen


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
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="fr|en", envvar="MATCHER_LANG", callback=_lang, is_eager=True,
        help="Language of messages, tables and reports (default: MATCHER_LANG, else the "
             "locale: LC_ALL, LC_MESSAGES, LANG).")] = None,
) -> None:
    """Form pluridisciplinary project teams by optimisation (OR-Tools CP-SAT)."""
    from matcher.cli import clock

    clock.begin()  # kept when the entry point started it at the process's start
