"""Idempotency keys and the audit trail of the task service, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import pytest
from sqlalchemy import text

from persistence.sql import create_engine
from taskservice.effects import KeyReused, Origin
from taskservice.errors import TaskNotFound
from taskservice.schemas import TaskCreate, TaskUpdate
from taskservice.service import TaskService

ALICE, BOB = "alice", "bob"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'tasks.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def service(db_url: str) -> Any:
    async with await TaskService.open(db_url) as opened:
        yield opened


def keyed(key: str) -> Origin:
    return Origin(key=key, thread_id="thread-1", run_id="run-1")


async def test_a_replayed_add_changes_nothing_and_returns_the_first_result(
    service: TaskService,
) -> None:
    first = await service.add(ALICE, TaskCreate(title="buy milk"), keyed("k-add"))
    again = await service.add(ALICE, TaskCreate(title="buy milk"), keyed("k-add"))

    assert again == first
    assert [t.title for t in await service.list(ALICE)] == ["buy milk"]
    [entry] = await service.audit(ALICE)
    assert (entry.operation, entry.task_id, entry.idempotency_key) == ("add", first.id, "k-add")
    assert (entry.thread_id, entry.run_id) == ("thread-1", "run-1")


async def test_every_operation_replays_its_recorded_result(service: TaskService) -> None:
    task = await service.add(ALICE, TaskCreate(title="water plants", recurrence="daily"))
    done = await service.complete(ALICE, task.id, keyed("k-complete"))
    assert done.next_occurrence is not None
    # A replay neither completes again nor rolls the recurring task over a second time.
    assert await service.complete(ALICE, task.id, keyed("k-complete")) == done

    change = TaskUpdate(title="water the plants")
    updated = await service.update(ALICE, done.next_occurrence.id, change, keyed("k-update"))
    await service.update(ALICE, updated.id, TaskUpdate(title="changed since"))
    assert await service.update(ALICE, updated.id, change, keyed("k-update")) == updated
    assert (await service.get(ALICE, updated.id)).title == "changed since"

    deleted = await service.delete(ALICE, task.id, keyed("k-delete"))
    # The task is gone: without the key this would be "not found"; with it, the first answer.
    assert await service.delete(ALICE, task.id, keyed("k-delete")) == deleted
    with pytest.raises(TaskNotFound):
        await service.delete(ALICE, task.id, keyed("k-other"))

    ids = [t.id for t in await service.list(ALICE)]
    assert ids == [updated.id]
    operations = [(e.operation, e.task_id) for e in await service.audit(ALICE)]
    assert operations == [
        ("add", task.id),
        ("complete", task.id),
        ("update", updated.id),
        ("update", updated.id),
        ("delete", task.id),
    ]


async def test_a_key_used_for_another_change_is_refused(service: TaskService) -> None:
    await service.add(ALICE, TaskCreate(title="first"), keyed("k"))
    with pytest.raises(KeyReused, match="already used for a different change"):
        await service.add(ALICE, TaskCreate(title="second"), keyed("k"))
    with pytest.raises(KeyReused):
        await service.delete(ALICE, 1, keyed("k"))
    assert [t.title for t in await service.list(ALICE)] == ["first"]
    assert len(await service.audit(ALICE)) == 1


async def test_keys_are_per_user(service: TaskService) -> None:
    alices = await service.add(ALICE, TaskCreate(title="alice's"), keyed("same"))
    bobs = await service.add(BOB, TaskCreate(title="bob's"), keyed("same"))
    assert (alices.title, bobs.title) == ("alice's", "bob's")
    assert [e.task_id for e in await service.audit(BOB)] == [bobs.id]


async def test_a_failed_change_leaves_no_record_and_may_be_retried(service: TaskService) -> None:
    with pytest.raises(TaskNotFound):
        await service.complete(ALICE, 7, keyed("k-missing"))
    assert await service.audit(ALICE) == []
    task = await service.add(ALICE, TaskCreate(title="now it exists"))
    assert task.id == 1
    with pytest.raises(TaskNotFound):
        await service.complete(ALICE, 7, keyed("k-missing"))


async def test_the_audit_holds_digests_not_content(service: TaskService) -> None:
    task = await service.add(ALICE, TaskCreate(title="a secret plan"))
    [entry] = await service.audit(ALICE)
    assert entry.idempotency_key is None
    assert entry.thread_id is None
    assert entry.output_sha256 == hashlib.sha256(task.model_dump_json().encode()).hexdigest()
    assert len(entry.input_sha256) == 64


async def test_the_audit_is_append_only(db_url: str, service: TaskService) -> None:
    await service.add(ALICE, TaskCreate(title="audited"))
    engine = create_engine(db_url)
    try:
        for statement in ("UPDATE task_audit SET operation = 'x'", "DELETE FROM task_audit"):
            with pytest.raises(Exception, match="append-only"):
                async with engine.begin() as conn:
                    await conn.execute(text(statement))
    finally:
        await engine.dispose()
    assert len(await service.audit(ALICE)) == 1


@pytest.mark.postgres
async def test_concurrent_calls_with_one_key_change_once(postgres_url: str) -> None:
    """Two processes' worth of services (two pools) race the same key: one change wins."""
    async with (
        await TaskService.open(postgres_url) as one,
        await TaskService.open(postgres_url) as two,
    ):
        for round_ in range(5):
            key = keyed(f"race-{round_}")
            results = await asyncio.gather(
                one.add(ALICE, TaskCreate(title=f"race {round_}"), key),
                two.add(ALICE, TaskCreate(title=f"race {round_}"), key),
            )
            assert results[0] == results[1]
        titles = [t.title for t in await one.list(ALICE)]
        assert titles == [f"race {n}" for n in range(5)]
        assert len(await one.audit(ALICE)) == 5


def test_an_origin_refuses_an_unusable_key() -> None:
    with pytest.raises(ValueError, match="1 to 200 characters"):
        Origin(key="")
    with pytest.raises(ValueError, match="1 to 200 characters"):
        Origin(key="k" * 201)
    with pytest.raises(ValueError, match="at most 255"):
        Origin(thread_id="t" * 256)
