"""The pair of server processes, the model requests to hold, and reading their streams."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from tests.integration.server.support import SseEvent, read_sse
from tests.support.openai_compat import OpenAICompatServer
from tests.support.serve_process import ServeProcess, sign_token

SECRET = "processes-test-better-auth-secret-0123456789"
LEASE_SECONDS = 5  # the smallest RUN_LEASE_SECONDS allows
STREAM_SECONDS = 180.0  # a resumed turn waits out the lease, on a busy machine


def server_settings(
    database_url: str, model: OpenAICompatServer, model_name: str
) -> dict[str, str]:
    return {
        "ENVIRONMENT": "test",
        "DATABASE_URL": database_url,
        "BETTER_AUTH_SECRET": SECRET,
        "OPENAI_API_KEY": model.api_key,
        "OPENAI_BASE_URL": model.base_url,
        "OPENAI_MODEL": model_name,
        "RUN_LEASE_SECONDS": str(LEASE_SECONDS),
        "RATE_LIMIT_PER_MINUTE": "0",
        "DEFAULT_TIMEZONE": "UTC",
        "LOG_LEVEL": "INFO",
    }


@dataclass
class Pair:
    """Two equal servers; ``servers[0]`` is the next one a test may kill."""

    settings: dict[str, str]
    workdir: Path
    servers: list[ServeProcess] = field(default_factory=list)
    killed: list[ServeProcess] = field(default_factory=list)

    @classmethod
    def start(cls, settings: dict[str, str], workdir: Path) -> Pair:
        pair = cls(settings, workdir)
        # Both at the same moment on the fresh database: both must come up.
        pair.servers = [ServeProcess.start(settings, workdir, name=f"s{n}") for n in range(2)]
        return pair

    async def ready(self) -> tuple[ServeProcess, ServeProcess]:
        await asyncio.gather(*(server.wait_ready() for server in self.servers))
        return self.servers[0], self.servers[1]

    def replace(self, victim: ServeProcess) -> None:
        """``victim`` was killed: a new process takes its place (at the end of the line)."""
        self.servers.remove(victim)
        self.killed.append(victim)
        self.servers.append(ServeProcess.start(self.settings, self.workdir, name="s"))

    def logs(self) -> str:
        return "\n".join(f"== {s.url}\n{s.tail()}" for s in [*self.killed, *self.servers])

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


def new_user() -> str:
    return f"user-{uuid.uuid4().hex[:12]}"


def http(server: ServeProcess, user: str) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {sign_token(SECRET, user)}"}
    return httpx.AsyncClient(base_url=server.url, headers=headers, timeout=STREAM_SECONDS)


def run_body(text: str) -> dict[str, Any]:
    return {
        "assistant_id": "orchestrator",
        "input": {"messages": [{"role": "user", "content": text}]},
        "stream_mode": ["values", "messages-tuple"],
    }


async def collect(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    into: list[SseEvent],
    *,
    json_body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Append each event of the stream to ``into`` until it ends (or breaks: raised)."""
    async with client.stream(method, path, json=json_body, headers=headers) as response:
        response.raise_for_status()
        async for event in read_sse(response):
            if event.event is not None:
                into.append(event)


def data(event: SseEvent) -> Any:
    return json.loads(event.data or "null")


async def audit_rows(database_url: str, user: str) -> list[tuple[str, int, str]]:
    """The task service's audit rows of ``user``: (operation, task id, run id)."""
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        cursor = await conn.execute(
            "SELECT operation, task_id, run_id FROM task_audit WHERE user_id = %s ORDER BY id",
            (user,),
        )
        return [(row[0], row[1], row[2]) for row in await cursor.fetchall()]


# ---- which model request of a turn to hold --------------------------------------------


def role(body: dict[str, Any]) -> str:
    """The node asking, from its system prompt ("You are the router of …")."""
    for message in body.get("messages", []):
        if message.get("role") in ("system", "developer"):
            content = message.get("content")
            text = content if isinstance(content, str) else json.dumps(content)
            words = text.split()
            return words[3] if len(words) > 3 and words[:3] == ["You", "are", "the"] else ""
    return ""


def tool_results(body: dict[str, Any]) -> int:
    """Tool results since the user's last message: how many calls this node has seen back."""
    messages = body.get("messages", [])
    users = [n for n, message in enumerate(messages) if message.get("role") == "user"]
    return sum(1 for message in messages[users[-1] if users else 0 :] if message["role"] == "tool")


def asks(node: str, *, after_tools: int = 0) -> Callable[[dict[str, Any]], bool]:
    def picks(body: dict[str, Any]) -> bool:
        return role(body) == node and tool_results(body) >= after_tools

    return picks
