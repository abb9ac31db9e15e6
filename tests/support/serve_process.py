"""Real ``orchestrator serve`` processes on one PostgreSQL, for tests that kill them.

``ServeProcess.start`` runs the command on a free loopback port with only the settings
given (nothing of the caller's environment but ``PATH``/``HOME``), its output in a log
file, and ``wait_ready`` waits until ``GET /ok`` answers. ``kill`` is ``kill -9``: the
process gets no chance to record anything. Tokens are HS256 JWTs signed with the
processes' ``BETTER_AUTH_SECRET``, so every process accepts every user's token.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt

ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")
READY_SECONDS = 240.0  # a cold start on a busy 2-core machine imports a lot


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sign_token(secret: str, user: str) -> str:
    now = datetime.now(UTC)
    claims = {"sub": user, "iat": now, "exp": now + timedelta(hours=1)}
    return jwt.encode(claims, secret, algorithm="HS256")


@dataclass
class ServeProcess:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @classmethod
    def start(
        cls, settings: dict[str, str], workdir: Path, *, workers: int = 1, name: str = "serve"
    ) -> ServeProcess:
        port = free_port()
        env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        env.update(settings)
        env.setdefault("DATA_DIR", str(workdir / f"{name}-{port}-data"))
        log = workdir / f"{name}-{port}.log"
        command = [ORCHESTRATOR, "serve", "--host", "127.0.0.1", "--port", str(port)]
        if workers != 1:  # the command line of a single process, as it always was
            command += ["--workers", str(workers)]
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                cwd=workdir,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its workers are stopped with it
            )
        return cls(process, f"http://127.0.0.1:{port}", log)

    @property
    def pid(self) -> int:
        return self.process.pid

    async def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        async with httpx.AsyncClient(base_url=self.url, timeout=5) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.url} exited: {self.tail()}")
                try:
                    if (await client.get("/ok")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        raise RuntimeError(f"{self.url} was not ready in {READY_SECONDS:.0f} s: {self.tail()}")

    def kill(self) -> None:
        """``kill -9`` the server (and, with workers, every process of its group)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""
