"""The run store's guards in the database itself, with two stores standing for two servers.

One active run per thread, one answer per interrupt, owner-filtered reads, an
append-only audit log, and recovery of runs whose server stopped.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError

from runstore import (
    AuditEntry,
    Conflict,
    NewRun,
    RunEvent,
    RunFinish,
    RunRecord,
    RunStore,
    new_id,
)
from runstore.leases import ATTEMPT_EVENTS, MAX_ATTEMPTS, Recovery
from runstore.tables import metadata, runs
from tests.support.postgres import PostgresServer

pytestmark = pytest.mark.postgres


@pytest.fixture
async def stores(postgres_server: PostgresServer) -> AsyncIterator[tuple[RunStore, RunStore]]:
    async with postgres_server.database("runstore") as url:
        first = await RunStore.open(url)
        second = await RunStore.open(url)  # migrating again at head does nothing
        try:
            yield first, second
        finally:
            await first.close()
            await second.close()


def _run(thread_id: str, owner: str = "alice", strategy: str = "reject") -> NewRun:
    return NewRun(
        run_id=new_id(),
        thread_id=thread_id,
        owner_id=owner,
        assistant_id=new_id(),
        graph_id="orchestrator",
        multitask_strategy=strategy,  # type: ignore[arg-type]
        metadata={},
        kwargs={},
    )


async def test_two_servers_racing_start_exactly_one_run(stores: tuple[RunStore, RunStore]) -> None:
    first, second = stores
    thread = await first.threads.create("alice", new_id(), {})

    async def start(store: RunStore) -> bool:
        try:
            admission = await store.runs.admit(_run(thread.thread_id))
        except Conflict:
            return False
        return admission.started

    started = await asyncio.gather(*(start(store) for store in (first, second) * 8))
    assert started.count(True) == 1
    current = await second.threads.get("alice", thread.thread_id)
    assert current is not None
    assert current.status == "busy"


async def test_enqueued_runs_are_handed_the_thread_one_at_a_time(
    stores: tuple[RunStore, RunStore],
) -> None:
    first, second = stores
    thread = await first.threads.create("alice", new_id(), {})
    admissions = await asyncio.gather(
        *(
            store.runs.admit(_run(thread.thread_id, strategy="enqueue"))
            for store in (first, second) * 3
        )
    )
    running = [a.run for a in admissions if a.started]
    assert len(running) == 1
    order = sorted(
        (a.run for a in admissions if not a.started), key=lambda r: (r.created_at, r.run_id)
    )

    current = running[0]
    for expected in order:
        handed = await first.runs.finish(RunFinish(current.run_id, "success", "idle"))
        assert handed is not None
        assert handed.run_id == expected.run_id
        assert handed.status == "running"
        # Recovery on the other server finds nothing to do: the thread is taken.
        assert await second.leases.recover(timedelta(seconds=60)) == Recovery()
        current = handed
    assert await first.runs.finish(RunFinish(current.run_id, "success", "idle")) is None
    thread_now = await first.threads.get("alice", thread.thread_id)
    assert thread_now is not None
    assert thread_now.active_run_id is None
    assert thread_now.status == "idle"


async def test_the_database_refuses_a_second_running_run(stores: tuple[RunStore, RunStore]) -> None:
    store, _ = stores
    thread = await store.threads.create("alice", new_id(), {})
    admission = await store.runs.admit(_run(thread.thread_id))
    assert admission.started
    second_running = {**dataclasses.asdict(admission.run), "run_id": new_id()}
    with pytest.raises(IntegrityError):
        async with store.db.write() as conn:
            await conn.execute(insert(runs).values(**second_running))


async def test_an_interrupt_is_answered_once_across_servers(
    stores: tuple[RunStore, RunStore],
) -> None:
    first, second = stores
    thread = await first.threads.create("alice", new_id(), {})
    paused = await first.runs.admit(_run(thread.thread_id))
    await first.runs.finish(RunFinish(paused.run.run_id, "success", "interrupted"))

    async def resume(store: RunStore) -> bool:
        try:
            await store.runs.admit(_run(thread.thread_id, strategy="enqueue"), resume=True)
        except Conflict:
            return False
        return True

    outcomes = await asyncio.gather(*(resume(store) for store in (first, second) * 4))
    assert outcomes.count(True) == 1


async def test_reads_filter_by_owner(stores: tuple[RunStore, RunStore]) -> None:
    store, _ = stores
    thread = await store.threads.create("alice", new_id(), {"k": "v"})
    admission = await store.runs.admit(_run(thread.thread_id))
    await store.events.append(admission.run.run_id, [RunEvent(1, "metadata", "{}")])
    assert await store.threads.get("bob", thread.thread_id) is None
    assert await store.threads.search("bob") == []
    assert await store.threads.patch("bob", thread.thread_id, {"k": "w"}) is None
    assert not await store.threads.delete("bob", thread.thread_id)
    assert await store.runs.get("bob", thread.thread_id, admission.run.run_id) is None
    assert await store.runs.search("bob", thread.thread_id) == []
    assert await store.events.after("bob", thread.thread_id, admission.run.run_id, 0) == []
    assert len(await store.events.after("alice", thread.thread_id, admission.run.run_id, 0)) == 1
    with pytest.raises(Exception, match="not found"):
        await store.runs.admit(_run(thread.thread_id, owner="bob"))


async def test_the_audit_log_is_append_only(stores: tuple[RunStore, RunStore]) -> None:
    store, _ = stores
    entry = AuditEntry("alice", new_id(), new_id(), "turn", "direct", "success", "0" * 64, "1" * 64)
    await store.audit.record([entry])
    assert await store.audit.for_run("alice", entry.run_id) == [entry]
    for statement in ("UPDATE audit_log SET outcome = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with store.db.write() as conn:
                await conn.execute(text(statement))
    assert await store.audit.for_run("alice", entry.run_id) == [entry]


async def _stop_renewing(store: RunStore, run: RunRecord) -> None:
    """The server executing ``run`` stops renewing its lease (it died)."""
    async with store.db.write() as conn:
        await conn.execute(
            update(runs)
            .where(runs.c.run_id == run.run_id)
            .values(heartbeat_at=run.created_at - timedelta(minutes=5))
        )


async def test_a_run_whose_server_stopped_is_taken_over_once(
    stores: tuple[RunStore, RunStore],
) -> None:
    first, second = stores
    thread = await first.threads.create("alice", new_id(), {})
    lost = await first.runs.admit(_run(thread.thread_id, strategy="enqueue"))
    waiting = await first.runs.admit(_run(thread.thread_id, strategy="enqueue"))
    assert lost.started
    assert not waiting.started
    opened = RunEvent(seq=1, event="metadata", data='{"attempt": 1}')
    await first.events.append(lost.run.run_id, [opened, RunEvent(2, "values", "{}")])
    assert await second.leases.recover(timedelta(seconds=60)) == Recovery()  # lease fresh

    await _stop_renewing(first, lost.run)
    recovered = await asyncio.gather(
        first.leases.recover(timedelta(seconds=60)), second.leases.recover(timedelta(seconds=60))
    )
    resumed = [takeover for found in recovered for takeover in found.resumed]
    assert [(t.run.run_id, t.attempt) for t in resumed] == [(lost.run.run_id, 2)]
    assert resumed[0].last_seq == ATTEMPT_EVENTS  # behind anything the lost attempt streamed
    assert all(found.started == [] for found in recovered)  # the waiting run still waits
    taken = await second.runs.get("alice", thread.thread_id, lost.run.run_id)
    assert taken is not None
    assert taken.status == "running"
    current = await second.threads.get("alice", thread.thread_id)
    assert current is not None
    assert current.active_run_id == lost.run.run_id


async def test_a_run_lost_before_its_first_event_was_stored_is_attempt_two(
    stores: tuple[RunStore, RunStore],
) -> None:
    first, second = stores
    thread = await first.threads.create("alice", new_id(), {})
    lost = await first.runs.admit(_run(thread.thread_id))
    await _stop_renewing(first, lost.run)

    (resumed,) = (await second.leases.recover(timedelta(seconds=60))).resumed
    assert resumed.attempt == 2
    assert resumed.last_seq == ATTEMPT_EVENTS


async def test_a_run_that_lost_its_server_each_time_is_failed_and_the_queue_moves_on(
    stores: tuple[RunStore, RunStore],
) -> None:
    first, second = stores
    thread = await first.threads.create("alice", new_id(), {})
    lost = await first.runs.admit(_run(thread.thread_id, strategy="enqueue"))
    waiting = await first.runs.admit(_run(thread.thread_id, strategy="enqueue"))
    opened = [
        RunEvent(seq=n, event="metadata", data=f'{{"attempt": {n}}}')
        for n in range(1, MAX_ATTEMPTS + 1)
    ]
    await first.events.append(lost.run.run_id, opened)
    await _stop_renewing(first, lost.run)

    recovered = await second.leases.recover(timedelta(seconds=60))
    assert recovered.resumed == []
    assert [run.run_id for run in recovered.started] == [waiting.run.run_id]
    failed = await second.runs.get("alice", thread.thread_id, lost.run.run_id)
    assert failed is not None
    assert failed.status == "error"
    assert failed.error is not None
    assert failed.error["error"] == "WorkerLost"


async def test_the_migration_matches_the_tables_on_postgres(
    stores: tuple[RunStore, RunStore],
) -> None:
    store, _ = stores
    async with store.db.engine.connect() as conn:
        assert await conn.run_sync(_schema_differences) == []


async def test_the_migration_matches_the_tables_on_sqlite(tmp_path: Path) -> None:
    store = await RunStore.open(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        async with store.db.engine.connect() as conn:
            assert await conn.run_sync(_schema_differences) == []
        again = await RunStore.open(f"sqlite:///{tmp_path / 'server.db'}")  # at head: no-op
        await again.close()
    finally:
        await store.close()


def _schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={
            "compare_type": True,
            "include_name": lambda name, kind, _parent: kind != "table" or name in metadata.tables,
        },
    )
    return list(compare_metadata(context, metadata))
