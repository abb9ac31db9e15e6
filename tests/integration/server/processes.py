"""``orchestrator serve`` as a real process, on a free loopback port, with the model
pointed at a local OpenAI-compatible test server.

Only ``PATH``, ``HOME`` and ``LANG`` come from the caller's environment; the rest is
given (development sign-in on loopback, PostgreSQL, plain-text logs into ``serve.log``).
The block waits until the server says it listens, and kills the process group if the
test left it running.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.openai_compat import OpenAICompatServer

ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")
STARTUP_SECONDS = 120.0


@dataclass
class Served:
    url: str
    process: asyncio.subprocess.Process
    log: Path

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def orchestrator_serve(
    tmp_path: Path, database_url: str, model: OpenAICompatServer, **settings: str
) -> AsyncIterator[Served]:
    """The server until the block exits; ``settings`` are more environment variables."""
    port = _free_port()
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(
        ENVIRONMENT="test",
        DATA_DIR=str(tmp_path / "data"),
        DATABASE_URL=database_url,
        OPENAI_API_KEY=model.api_key,
        OPENAI_BASE_URL=model.base_url,
        MODEL_TIMEOUT_SECONDS="3",
        RATE_LIMIT_PER_MINUTE="0",
        LOG_JSON="false",
    )
    env.update(settings)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            ORCHESTRATOR,
            "serve",
            "--port",
            str(port),
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    served = Served(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while "open http" not in log.read_text(errors="replace"):
            assert process.returncode is None, f"the server exited:\n{served.tail()}"
            assert time.monotonic() < deadline, f"the server did not start:\n{served.tail()}"
            await asyncio.sleep(0.1)
        yield served
    finally:
        if process.returncode is None:
            os.killpg(process.pid, signal.SIGKILL)
            await process.wait()


async def dev_token(http: httpx.AsyncClient, user: str) -> str:
    response = await http.post("/auth/dev-token", json={"user_id": user})
    response.raise_for_status()
    return str(response.json()["access_token"])
