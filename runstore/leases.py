"""Leases on running runs, and recovery when the server running one stops.

The server executing a run renews ``runs.heartbeat_at`` every tick and, in the same
call, learns of cancels requested through another server. A running run whose lease
lapsed lost its server: ``recover`` fails it and hands its thread on; a free thread with
pending runs (left by a server that stopped) is handed to the oldest. Each hand-over is
its own locked transaction, so two servers recovering together never start the same run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from runstore.database import Database, utc_now
from runstore.handover import hand_over, lock_thread
from runstore.records import CancelAction, RunRecord
from runstore.tables import runs, threads

WORKER_LOST = {"error": "WorkerLost", "message": "The server running this run stopped."}


class Leases:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def heartbeat(self, run_ids: list[str]) -> dict[str, CancelAction]:
        """Renew the lease of runs executing here; the cancels requested for them meanwhile."""
        if not run_ids:
            return {}
        async with self._db.write() as conn:
            await conn.execute(
                update(runs)
                .where(runs.c.run_id.in_(run_ids), runs.c.status == "running")
                .values(heartbeat_at=utc_now())
            )
            rows = await conn.execute(
                select(runs.c.run_id, runs.c.cancel_requested).where(
                    runs.c.run_id.in_(run_ids), runs.c.cancel_requested.is_not(None)
                )
            )
            return {row.run_id: row.cancel_requested for row in rows}

    async def recover(self, lease: timedelta) -> list[RunRecord]:
        """Runs this process should start now: queued behind a lost run, or left unclaimed.

        A running run whose lease lapsed (its server stopped) is failed; a free thread
        with pending runs is handed to the oldest. Each hand-over is its own locked
        transaction, so two servers recovering together never start the same run.
        """
        cutoff = utc_now() - lease
        async with self._db.read() as conn:
            lost = await conn.execute(
                select(runs.c.run_id, runs.c.thread_id, runs.c.owner_id).where(
                    runs.c.status == "running",
                    runs.c.heartbeat_at < cutoff,
                )
            )
            lost_runs = [(r.run_id, r.thread_id, r.owner_id) for r in lost]
            stranded = await conn.execute(
                select(threads.c.thread_id, threads.c.owner_id)
                .distinct()
                .join(runs, runs.c.thread_id == threads.c.thread_id)
                .where(runs.c.status == "pending", threads.c.active_run_id.is_(None))
            )
            stranded_threads = [(r.thread_id, r.owner_id) for r in stranded]
        started: list[RunRecord] = []
        for run_id, thread_id, owner_id in lost_runs:
            if (run := await self._fail_lost(run_id, thread_id, owner_id, cutoff)) is not None:
                started.append(run)
        for thread_id, owner_id in stranded_threads:
            if (run := await self._start_stranded(thread_id, owner_id)) is not None:
                started.append(run)
        return started

    async def _fail_lost(
        self, run_id: str, thread_id: str, owner_id: str, cutoff: datetime
    ) -> RunRecord | None:
        async with self._db.write() as conn:
            thread = await lock_thread(self._db, conn, owner_id, thread_id)
            now = utc_now()
            failed = await conn.execute(
                update(runs)
                .where(
                    runs.c.run_id == run_id,
                    runs.c.status == "running",
                    runs.c.heartbeat_at < cutoff,
                )
                .values(status="error", error=WORKER_LOST, updated_at=now)
            )
            if failed.rowcount != 1 or thread is None or thread.active_run_id != run_id:
                return None
            return await hand_over(conn, thread, "error", thread.metadata, now)

    async def _start_stranded(self, thread_id: str, owner_id: str) -> RunRecord | None:
        async with self._db.write() as conn:
            thread = await lock_thread(self._db, conn, owner_id, thread_id)
            if thread is None or thread.active_run_id is not None:
                return None
            return await hand_over(conn, thread, thread.status, thread.metadata, utc_now())

    async def requeue(self, run_id: str) -> None:
        """Put a run that was handed the thread but never started back in the queue."""
        async with self._db.write() as conn:
            row = (await conn.execute(select(runs).where(runs.c.run_id == run_id))).first()
            if row is None:
                return
            await lock_thread(self._db, conn, row.owner_id, row.thread_id)
            now = utc_now()
            await conn.execute(
                update(runs)
                .where(runs.c.run_id == run_id, runs.c.status == "running")
                .values(status="pending", heartbeat_at=None, updated_at=now)
            )
            await conn.execute(
                update(threads)
                .where(threads.c.active_run_id == run_id)
                .values(active_run_id=None, status="idle", updated_at=now)
            )
