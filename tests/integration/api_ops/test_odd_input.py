"""Odd input gets a clear 422 and changes nothing: the chat server on PostgreSQL, over HTTP.

Each case used to be a 500 here (PostgreSQL refuses NUL, a lone surrogate cannot be
encoded, ``1e999999999`` is infinity, task numbers are 32-bit). After each one the
user's tasks and threads are exactly what they were.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from tests.integration.api_ops.support import bearer, make_settings, serve
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.postgres

USER = "odd-alice"
TASKS = f"/api/{USER}/tasks"
BIG_ID = 2**31  # one past the largest task number
NUL, SURROGATE, HUGE = r'"a\u0000b"', r'"a\ud800b"', "1e999999999"


@pytest.fixture(scope="module")
async def client(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[httpx.AsyncClient]:
    async with postgres_server.database("odd") as url:
        settings = make_settings(tmp_path_factory.mktemp("odd"), database_url=url)
        headers = {**bearer(settings, USER), "Content-Type": "application/json"}
        async with (
            serve(create_app(settings)) as base,
            httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http,
        ):
            created = await http.post(TASKS, json={"title": "Kept", "tags": ["home"]})
            assert created.status_code == 201, created.text
            thread = await http.post("/threads", json={"metadata": {"topic": "kept"}})
            assert thread.status_code == 200, thread.text
            thread_id = thread.json()["thread_id"]
            run = await http.post(f"/threads/{thread_id}/runs", content=run_input('"hello"'))
            assert run.status_code == 200, run.text
            await http.get(f"/threads/{thread_id}/runs/{run.json()['run_id']}/join")
            http.headers["X-Test-Thread"] = thread_id
            http.headers["X-Test-Run"] = run.json()["run_id"]
            yield http


async def snapshot(client: httpx.AsyncClient) -> tuple[Any, Any]:
    tasks = await client.get(TASKS)
    threads = await client.post("/threads/search", json={"limit": 100})
    assert tasks.status_code == threads.status_code == 200
    return tasks.json(), threads.json()


def run_input(text: str) -> str:
    """A run body whose message is ``text``, a raw JSON string (escapes kept as sent)."""
    message = f'{{"role": "user", "content": {text}}}'
    return f'{{"assistant_id": "orchestrator", "input": {{"messages": [{message}]}}}}'


CASES: dict[str, tuple[str, str, str | None, list[Any] | None]] = {
    # name: (method, path, raw JSON body, the loc the 422 names; None: FastAPI's own)
    "NUL in a chat message": (
        "POST",
        f"/api/{USER}/chat",
        f'{{"message": {NUL}}}',
        ["body", "message"],
    ),
    "surrogate in a chat message": (
        "POST",
        f"/api/{USER}/chat",
        f'{{"message": {SURROGATE}}}',
        ["body", "message"],
    ),
    "NUL in a run input": (
        "POST",
        "/threads/{thread}/runs/wait",
        run_input(NUL),
        ["body", "input", "messages", 0, "content"],
    ),
    "surrogate in a run input": (
        "POST",
        "/threads/{thread}/runs",
        run_input(SURROGATE),
        ["body", "input", "messages", 0, "content"],
    ),
    "NUL in a task title": ("POST", TASKS, f'{{"title": {NUL}}}', ["body", "title"]),
    "surrogate in a task title": ("POST", TASKS, f'{{"title": {SURROGATE}}}', ["body", "title"]),
    "NUL in a changed title": ("PUT", f"{TASKS}/1", f'{{"title": {NUL}}}', ["body", "title"]),
    "NUL in a tag": ("POST", TASKS, f'{{"title": "t", "tags": [{NUL}]}}', ["body", "tags", 0]),
    "NUL in thread metadata": (
        "POST",
        "/threads",
        f'{{"metadata": {{"k": {NUL}}}}}',
        ["body", "metadata", "k"],
    ),
    "surrogate in thread metadata": (
        "PATCH",
        "/threads/{thread}",
        f'{{"metadata": {{"k": {SURROGATE}}}}}',
        ["body", "metadata", "k"],
    ),
    "NUL in a metadata key": (
        "POST",
        "/threads",
        r'{"metadata": {"a\u0000": 1}}',
        ["body", "metadata"],
    ),
    "NUL in a thread search": (
        "POST",
        "/threads/search",
        f'{{"metadata": {{"k": {NUL}}}}}',
        ["body", "metadata", "k"],
    ),
    "infinite metadata": (
        "POST",
        "/threads",
        f'{{"metadata": {{"k": {HUGE}}}}}',
        ["body", "metadata", "k"],
    ),
    "NaN metadata": (
        "PATCH",
        "/threads/{thread}",
        '{"metadata": {"k": NaN}}',
        ["body", "metadata", "k"],
    ),
    "infinite parent id": (
        "POST",
        TASKS,
        f'{{"title": "t", "parent_id": {HUGE}}}',
        ["body", "parent_id"],
    ),
    "huge offset": (
        "POST",
        "/threads/search",
        '{"offset": 99999999999999999999}',
        ["body", "offset"],
    ),
    "NUL in a search": ("GET", f"{TASKS}?search=a%00b", None, ["query", "search"]),
    "NUL in a path": ("GET", "/threads/a%00b", None, ["path"]),
    "big parent id": ("POST", TASKS, f'{{"title": "t", "parent_id": {BIG_ID}}}', None),
    "big offset in runs": (
        "GET",
        f"/threads/{{thread}}/runs?offset={2**40}",
        None,
        ["query", "offset"],
    ),
    "big Last-Event-ID": (
        "GET",
        "/threads/{thread}/runs/{run}/stream",
        None,
        None,
    ),
}
TASK_ROUTES = [("GET", ""), ("PUT", ""), ("DELETE", ""), ("PATCH", "/complete")]
for method, suffix in TASK_ROUTES:
    for task_id in (BIG_ID, 2**63, 10**30):
        body = '{"title": "changed"}' if method == "PUT" else None
        CASES[f"{method} task {task_id}"] = (
            method,
            f"{TASKS}/{task_id}{suffix}",
            body,
            ["path", "task_id"],
        )


@pytest.mark.parametrize(("method", "path", "body", "loc"), CASES.values(), ids=CASES.keys())
async def test_odd_input_is_a_clear_422_and_changes_nothing(
    client: httpx.AsyncClient, method: str, path: str, body: str | None, loc: list[Any] | None
) -> None:
    before = await snapshot(client)
    path = path.replace("{thread}", client.headers["X-Test-Thread"])
    path = path.replace("{run}", client.headers["X-Test-Run"])
    headers = {"Last-Event-ID": str(BIG_ID)} if path.endswith("/stream") else {}
    response = await client.request(method, path, content=body, headers=headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    if loc is not None:
        assert [error["loc"] for error in detail] == [loc]
        assert detail[0]["msg"]
    assert "Internal" not in response.text
    assert await snapshot(client) == before
