"""The chat server on a free loopback port in a thread of its own, and the Chromium to drive.

The server is the real app (``create_app``) on uvicorn, with everything explicit: SQLite
under a temporary folder, the offline model unless a test points it elsewhere, no ``.env``.
Chromium is Debian's (``scripts/ensure-chromium.sh`` installs it when missing); Playwright
never downloads a browser here.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from api.app import create_app
from settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
ENSURE_CHROMIUM = ROOT / "scripts" / "ensure-chromium.sh"
STARTUP_TIMEOUT_SECONDS = 30.0
SHUTDOWN_TIMEOUT_SECONDS = 15.0
INSTALL_TIMEOUT_SECONDS = 900.0
HTTP_TIMEOUT_SECONDS = 10.0
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def settings_for(data_dir: Path, **overrides: Any) -> Settings:
    """A development server with nothing taken from the environment that matters."""
    values: dict[str, Any] = {
        "environment": "development",
        "data_dir": data_dir,
        "database_url": None,
        "task_database_url": None,
        "mcp_task_server_url": None,
        "mcp_servers_file": None,
        "openai_api_key": None,
        "better_auth_secret": None,
        "jwks_url": None,
        "jwt_issuer": None,
        "jwt_audience": None,
        "default_timezone": "UTC",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass(frozen=True)
class ChatServer:
    settings: Settings
    base_url: str


@contextlib.contextmanager
def serve_chat(settings: Settings) -> Iterator[ChatServer]:
    """Serve ``create_app(settings)`` until the block exits; the thread is always joined."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    config = uvicorn.Config(
        create_app(settings),
        lifespan="on",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="chat-server", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the chat server did not start")
            time.sleep(0.05)
        yield ChatServer(settings, f"http://127.0.0.1:{sock.getsockname()[1]}")
    finally:
        server.should_exit = True
        thread.join(SHUTDOWN_TIMEOUT_SECONDS)
        if thread.is_alive():
            server.force_exit = True
            thread.join(SHUTDOWN_TIMEOUT_SECONDS)
        sock.close()


def chromium_path() -> str:
    """Debian's Chromium, installed first if it is missing."""
    done = subprocess.run(
        ["sh", str(ENSURE_CHROMIUM)],
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_SECONDS,
        check=False,
    )
    path = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0 or not path:
        raise RuntimeError(f"no Chromium for the browser tests: {done.stderr.strip()[-500:]}")
    return path


def dev_token(base_url: str, user_id: str | None = None) -> str:
    body = {"user_id": user_id} if user_id else {}
    response = httpx.post(f"{base_url}/auth/dev-token", json=body, timeout=HTTP_TIMEOUT_SECONDS)
    response.raise_for_status()
    token: str = response.json()["access_token"]
    return token


def rest(base_url: str, token: str, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(
        method,
        f"{base_url}{path}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=HTTP_TIMEOUT_SECONDS,
        **kwargs,
    )
    response.raise_for_status()
    return response.json()


def task_ids(base_url: str, token: str, user_id: str) -> dict[str, int]:
    return {t["title"]: t["id"] for t in rest(base_url, token, "GET", f"/api/{user_id}/tasks")}
