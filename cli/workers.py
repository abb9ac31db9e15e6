"""``orchestrator serve --workers N``: N equal server processes on one listening socket.

Each worker is a whole server (uvicorn's multiprocess supervisor spawns them; each opens
the engine, the run store and its own task server). They share nothing but PostgreSQL:
a run's events, cancels and leases cross processes through its tables, so any worker
answers any request. The embedded SQLite default is one process, and says so.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from typing import TYPE_CHECKING

import typer

from cli.settings import fail

if TYPE_CHECKING:
    from settings import Settings

READY_TIMEOUT_SECONDS = 300.0
WORKER_HEALTHCHECK_SECONDS = 120


def check_workers(settings: Settings, workers: int) -> None:
    """Exit 2 unless ``workers`` processes can share the configured databases."""
    if workers < 1:
        fail([f"--workers: {workers} is not a number of processes (1 or more)"])
    if workers == 1:
        return
    embedded = [
        name
        for name, url in (
            ("DATABASE_URL", settings.database_url),
            ("TASK_DATABASE_URL", settings.resolved_task_database_url),
        )
        if not url or url.split(":", 1)[0].split("+", 1)[0].lower() == "sqlite"
    ]
    if embedded:
        fail(
            [
                f"--workers {workers}: the embedded SQLite database serves one process only "
                f"({' and '.join(embedded)}); set DATABASE_URL=postgresql://… to run more "
                "than one, or leave --workers at 1"
            ]
        )


def serve_workers(settings: Settings, sock: socket.socket, workers: int, url: str) -> None:
    """Run ``workers`` server processes on ``sock`` until stopped (Ctrl-C or SIGTERM)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from api.ops.jsonlog import log_config

    # The workers read their settings as this process did: the environment and .env, with
    # the address this command was told (the app decides on development sign-in by it).
    os.environ["HOST"], os.environ["PORT"] = settings.host, str(settings.port)
    config = uvicorn.Config(
        "api.app:create_app",
        factory=True,
        workers=workers,
        log_config=log_config(settings),
        timeout_graceful_shutdown=5,
        # A spawned worker imports the whole app before it first answers the supervisor.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
    probe = f"http://{'127.0.0.1' if settings.host in ('0.0.0.0', '::') else settings.host}"
    threading.Thread(
        target=_announce_when_ready,
        args=(f"{probe.replace('::1', '[::1]')}:{settings.port}/ok", url, workers),
        daemon=True,
    ).start()
    Multiprocess(config, sockets=[sock]).run()


def _announce_when_ready(probe: str, url: str, workers: int) -> None:
    """Print the "open" line once a worker answers (the supervisor has no ready signal)."""
    import httpx

    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            if httpx.get(probe, timeout=2).status_code < 500:
                typer.echo(
                    f"todo-orchestrator: open {url} (chat page; API schema at "
                    f"{url}openapi.json; {workers} worker processes)"
                )
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
