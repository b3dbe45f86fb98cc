"""``matcher serve``: the organisers' page and the HTTP API, on uvicorn.

A thin shell over :func:`matcher.serve.create_app`. Binds to 127.0.0.1 by default; any other
host needs a token (``--token`` or ``MATCHER_TOKEN``), which every request must then carry.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from matcher.cli.app import app
from matcher.cli.errors import ExitCode, echo_err, fail
from matcher.cli.options import epilog
from matcher.distribution import install_hint
from matcher.i18n import tr

EXAMPLE = epilog(
    "Example:",
    "  matcher serve                          # http://127.0.0.1:8000/",
    "  matcher serve --port 8080 --data ./matcher-data --jobs 4",
    "  MATCHER_TOKEN=s3cret matcher serve --host 0.0.0.0",
    "",
    "A host other than 127.0.0.1/localhost needs a token (--token or MATCHER_TOKEN); every",
    "request then carries 'Authorization: Bearer <token>' (or ?token=<token>).",
    "Jobs and results are kept in DIR/matcher.sqlite. The API is under /api/v1 (its",
    "documentation at /docs). Exit codes: 0 stopped by Ctrl-C; 2 bad option or missing",
    "dependencies.",
)

@app.command("serve", epilog=EXAMPLE)
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535,
                                      help="Port to listen on.")] = 8000,
    data: Annotated[Path, typer.Option("--data", metavar="DIR",
                                       help="Where jobs and results are kept.")
                    ] = Path("matcher-data"),
    token: Annotated[str | None, typer.Option(
        "--token", envvar="MATCHER_TOKEN", show_envvar=True,
        help="Token every request must carry (required off the loopback).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", min=1,
                                      help="Solves running at once.")] = 2,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", min=0.001,
                                                 help="Largest request body, in MB.")] = 20.0,
    time_limit: Annotated[float, typer.Option(
        "--time-limit", min=0.1, help="Seconds of a solve whose request names none.")] = 60.0,
) -> None:
    """Serve the organisers' page and the HTTP API (/api/v1)."""
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError as e:
        echo_err(tr("matcher serve needs the server's libraries ({missing}): {command}",
                    missing=e.name or "fastapi", command=install_hint("serve")))
        raise typer.Exit(int(ExitCode.BAD_INPUT)) from None
    from matcher.serve import ServeSettings, create_app
    from matcher.serve.settings import is_loopback

    token = token or None
    if not is_loopback(host) and not token:
        raise fail(tr("--host {host} is reachable from other machines: give a token with "
                      "--token or the MATCHER_TOKEN environment variable", host=host))
    settings = ServeSettings(host=host, port=port, data_dir=data, token=token,
                             max_running=jobs,
                             max_upload_bytes=int(max_upload_mb * 1024 * 1024),
                             time_limit=time_limit)
    application = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    echo_err(tr("matcher serve: http://{host}:{port}/ (data in {data}; Ctrl-C stops)",
                host=shown, port=port, data=os.fspath(data)))
    uvicorn.run(application, host=host, port=port, log_level="warning")
