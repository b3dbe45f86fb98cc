"""``matcher serve``: the organisers' page and the HTTP API, on uvicorn.

A thin shell over :func:`matcher.serve.create_app`. Binds to 127.0.0.1 by default; any other
host needs a token (``--token`` or ``MATCHER_TOKEN``), which every request must then carry.
The command binds its socket itself and prints the address it got: ``--port 0`` takes a free
port (``--port-file`` writes it), with no window in which another process could take it.
"""

from __future__ import annotations

import os
import socket
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
    "  MATCHER_TOKEN=s3cret matcher serve --host 0.0.0.0 --allowed-host teams.example.org",
    "  matcher serve --port 0 --port-file port.txt   # a free port, written to port.txt",
    "",
    "A host other than 127.0.0.1/localhost needs a token (--token or MATCHER_TOKEN, UTF-8",
    "text); every request then carries 'Authorization: Bearer <token>' (or ?token=<token>).",
    "Requests must name the server by one of its names (the loopback's, --host, each",
    "--allowed-host); a request that changes something from a page of another origin is",
    "refused, and a body is JSON (or files for an upload).",
    "Jobs and results are kept in DIR/matcher.sqlite (older than --keep-days: deleted; a",
    "problem and its jobs: DELETE /api/v1/problems/<id>). The API is under /api/v1 (its",
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
    max_time_limit: Annotated[float, typer.Option(
        "--max-time-limit", min=0.1, help="The most seconds a request may ask a solve for.")
    ] = 600.0,
    max_workers: Annotated[int | None, typer.Option(
        "--max-workers", min=1, help="The most solver threads a request may ask for "
        "[default: the machine's cores].")] = None,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", metavar="NAME", help="A name requests may call this server by, "
        "besides the loopback's and --host (a reverse proxy's); repeatable.")] = None,
    keep_days: Annotated[float | None, typer.Option(
        "--keep-days", min=0.001, help="Delete problems and jobs older than this many days "
        "(at start, then hourly) [default: keep them].")] = None,
    max_stored_mb: Annotated[float, typer.Option(
        "--max-stored-mb", min=0.001, help="The store's size past which a new problem or "
        "job is refused, in MB.")] = 1024.0,
    port_file: Annotated[Path | None, typer.Option(
        "--port-file", metavar="FILE", help="Write the port listened on to FILE (with "
        "--port 0: the free port taken).")] = None,
    webhook_url: Annotated[str | None, typer.Option(
        "--webhook-url", metavar="URL", help="POST each job's end there (JSON) when its "
        "request names no webhook.")] = None,
    webhook_secret: Annotated[str | None, typer.Option(
        "--webhook-secret", envvar="MATCHER_WEBHOOK_SECRET", show_envvar=True,
        help="Sign those deliveries: X-Matcher-Signature: sha256=HMAC-SHA256(body).")] = None,
    webhook_allow: Annotated[list[str] | None, typer.Option(
        "--webhook-allow", metavar="HOST", help="A host webhooks may call; repeatable "
        "[default: the loopback's only].")] = None,
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
    from matcher.serve.settings import WILDCARDS, host_name, is_loopback

    token = token or None
    if not is_loopback(host) and not token:
        raise fail(tr("--host {host} is reachable from other machines: give a token with "
                      "--token or the MATCHER_TOKEN environment variable", host=host))
    if time_limit > max_time_limit:
        raise fail(tr("--time-limit {given:g} is above --max-time-limit {most:g}",
                      given=time_limit, most=max_time_limit))
    from matcher.serve.webhooks import LOOPBACK, allowed

    hook_hosts = tuple(webhook_allow or LOOPBACK)
    if webhook_url is not None and (why := allowed(webhook_url, hook_hosts)):
        raise fail(f"--webhook-url: {why}")
    settings = ServeSettings(host=host, port=port, data_dir=data, token=token,
                             webhook_url=webhook_url, webhook_secret=webhook_secret or None,
                             webhook_allow=hook_hosts,
                             max_running=jobs,
                             max_upload_bytes=int(max_upload_mb * 1024 * 1024),
                             time_limit=time_limit, max_time_limit=max_time_limit,
                             allowed_hosts=tuple(allowed_host or ()), keep_days=keep_days,
                             max_stored_bytes=max(1, int(max_stored_mb * 1024 * 1024)),
                             **({} if max_workers is None else {"max_workers": max_workers}))
    try:
        sock = listen(host, port)
    except OSError as e:
        raise fail(tr("cannot listen on {host} port {port}: {error}", host=host, port=port,
                      error=e.strerror or e)) from None
    port = sock.getsockname()[1]
    if port_file is not None:
        written = port_file.with_name(port_file.name + ".tmp")
        written.write_text(f"{port}\n", encoding="utf-8")
        written.replace(port_file)  # whole or absent: a reader never sees half a number
    application = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    echo_err(tr("matcher serve: http://{host}:{port}/ (data in {data}; Ctrl-C stops)",
                host=shown, port=port, data=os.fspath(data)))
    if host_name(host) in WILDCARDS and not allowed_host:
        echo_err(tr("note: --host {host} listens on every interface, but requests must call "
                    "this server by one of its names: give them with --allowed-host NAME",
                    host=host))
    config = uvicorn.Config(application, host=host, port=port, log_level="warning")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises Ctrl-C again once it has stopped: a clean end
        pass


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host`` (a name or an address; IPv6 in brackets or not) and
    ``port`` (0: a free one), listening."""
    name = host.strip("[]")
    family = socket.AF_INET6 if ":" in name else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((name, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock
