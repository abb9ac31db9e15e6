"""Runs and the one-active-run guard.

A run executes only after claiming its thread: in one transaction the thread row is
locked (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite) and
``threads.active_run_id`` is compare-and-set from NULL to the run. A run that cannot
claim is refused (``reject``) or stored ``pending`` behind the active one (``enqueue``);
when the active run finishes, the same locked transaction hands the thread to the oldest
pending run or releases it. ``uq_runs_one_running_per_thread`` backs this up.

Resuming an interrupt claims the thread too, and only from ``interrupted``: the first of
two concurrent resumes wins, the second finds the thread busy (or idle) and gets
``Conflict`` — an interrupt is never answered twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update

from runstore.database import Database, utc_now
from runstore.handover import hand_over, insert_run, lock_thread, run_record
from runstore.records import (
    CancelAction,
    Conflict,
    NewRun,
    NotFound,
    RunFinish,
    RunRecord,
    RunStatus,
)
from runstore.tables import runs, threads
from runstore.threads import insert_thread, owned

BUSY = "thread is busy with another run: wait for it to finish or choose another multitask strategy"
NOTHING_TO_RESUME = "thread has no pending interrupt to resume (already answered, or none)"


@dataclass(frozen=True)
class Admission:
    """A created run; ``started`` when it claimed the thread, else it waits (``pending``)."""

    run: RunRecord
    started: bool
    supersede: str | None = None  # the active run to cancel (interrupt/rollback strategies)


class Runs:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def admit(
        self,
        new: NewRun,
        *,
        resume: bool = False,
        create_thread: bool = False,
        thread_metadata: Mapping[str, Any] | None = None,
    ) -> Admission:
        """Create ``new`` and claim its thread if free (see the module docstring)."""
        async with self._db.write() as conn:
            thread = await lock_thread(self._db, conn, new.owner_id, new.thread_id)
            if thread is None and create_thread:
                thread = await insert_thread(
                    conn, new.owner_id, new.thread_id, thread_metadata or {}
                )
            if thread is None:
                raise NotFound("thread not found")
            if resume and (thread.status != "interrupted" or thread.active_run_id is not None):
                raise Conflict(NOTHING_TO_RESUME)
            now = utc_now()
            if thread.active_run_id is None:
                claimed = await conn.execute(
                    update(threads)
                    .where(owned(new.owner_id, new.thread_id), threads.c.active_run_id.is_(None))
                    .values(active_run_id=new.run_id, status="busy", updated_at=now)
                )
                if claimed.rowcount == 1:
                    run = await insert_run(conn, new, "running", now)
                    return Admission(run=run, started=True)
            if new.multitask_strategy == "reject":
                raise Conflict(BUSY)
            run = await insert_run(conn, new, "pending", now)
            supersede = None
            if new.multitask_strategy in ("interrupt", "rollback"):
                supersede = thread.active_run_id
                await conn.execute(
                    update(runs)
                    .where(runs.c.run_id == supersede, runs.c.status == "running")
                    .values(cancel_requested=new.multitask_strategy, updated_at=now)
                )
            return Admission(run=run, started=False, supersede=supersede)

    async def finish(self, outcome: RunFinish) -> RunRecord | None:
        """Record how a run ended; hand its thread to the next pending run (returned) or free it."""
        async with self._db.write() as conn:
            row = (await conn.execute(select(runs).where(runs.c.run_id == outcome.run_id))).first()
            if row is None:  # deleted with its thread meanwhile
                return None
            run = run_record(row)
            thread = await lock_thread(self._db, conn, run.owner_id, run.thread_id)
            now = utc_now()
            if outcome.delete_run:
                await conn.execute(delete(runs).where(runs.c.run_id == run.run_id))
            else:
                await conn.execute(
                    update(runs)
                    .where(runs.c.run_id == run.run_id)
                    .values(
                        status=outcome.status,
                        output=outcome.output,
                        error=outcome.error,
                        updated_at=now,
                    )
                )
            if thread is None or thread.active_run_id != run.run_id:
                return None
            metadata = {
                **thread.metadata,
                "graph_id": run.graph_id,
                "assistant_id": run.assistant_id,
            }
            return await hand_over(conn, thread, outcome.thread_status, metadata, now)

    async def get(self, owner_id: str, thread_id: str, run_id: str) -> RunRecord | None:
        async with self._db.read() as conn:
            row = (
                await conn.execute(
                    select(runs).where(
                        runs.c.run_id == run_id,
                        runs.c.thread_id == thread_id,
                        runs.c.owner_id == owner_id,
                    )
                )
            ).first()
        return None if row is None else run_record(row)

    async def search(
        self,
        owner_id: str,
        thread_id: str,
        *,
        limit: int = 10,
        offset: int = 0,
        status: RunStatus | None = None,
    ) -> list[RunRecord]:
        query = select(runs).where(runs.c.thread_id == thread_id, runs.c.owner_id == owner_id)
        if status is not None:
            query = query.where(runs.c.status == status)
        query = query.order_by(runs.c.created_at.desc(), runs.c.run_id.desc())
        async with self._db.read() as conn:
            rows = await conn.execute(query.limit(limit).offset(offset))
            return [run_record(row) for row in rows]

    async def request_cancel(
        self, owner_id: str, thread_id: str, run_id: str, action: CancelAction
    ) -> RunRecord:
        """Cancel a pending run at once, or flag a running one for its executor.

        Returns the run as it now is; ``NotFound`` for a foreign or unknown run,
        ``Conflict`` for one that already ended.
        """
        async with self._db.write() as conn:
            query = select(runs).where(
                runs.c.run_id == run_id, runs.c.thread_id == thread_id, runs.c.owner_id == owner_id
            )
            row = (await conn.execute(self._db.locked(query))).first()
            if row is None:
                raise NotFound("run not found")
            run = run_record(row)
            now = utc_now()
            if run.status == "pending":
                if action == "rollback":
                    await conn.execute(delete(runs).where(runs.c.run_id == run_id))
                else:
                    await conn.execute(
                        update(runs)
                        .where(runs.c.run_id == run_id)
                        .values(status="interrupted", updated_at=now)
                    )
            elif run.status == "running":
                await conn.execute(
                    update(runs)
                    .where(runs.c.run_id == run_id)
                    .values(cancel_requested=action, updated_at=now)
                )
            else:
                raise Conflict(f"run {run_id} is not pending or running (it is {run.status})")
            row = (await conn.execute(select(runs).where(runs.c.run_id == run_id))).first()
            return run if row is None else run_record(row)

    async def status_of(self, run_id: str) -> RunRecord | None:
        """The run by id alone: for the run manager, never for a route."""
        async with self._db.read() as conn:
            row = (await conn.execute(select(runs).where(runs.c.run_id == run_id))).first()
        return None if row is None else run_record(row)
