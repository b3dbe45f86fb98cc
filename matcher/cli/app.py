"""The typer application every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="matcher",
    help="Form pluridisciplinary project teams by optimisation.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
