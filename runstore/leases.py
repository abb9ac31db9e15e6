"""Leases on running runs, and recovery when the server running one stops.

The server executing a run renews ``runs.heartbeat_at`` every tick and, in the same
call, learns of cancels requested through another server. A running run whose lease
lapsed lost its server: ``recover`` takes it over (the lease renewed to this server, the
thread still the run's), and the caller resumes it from its last checkpoint. A run that
has lost its server ``MAX_ATTEMPTS`` times is failed with ``WorkerLost`` instead (it may
be what kills them) and its thread handed on. A free thread with pending runs (left by a
server that stopped) is handed to the oldest. Each take-over and hand-over is its own
locked transaction, so two servers recovering together never start the same run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from runstore.database import Database, utc_now
from runstore.handover import hand_over, lock_thread, run_record
from runstore.records import CancelAction, RunRecord
from runstore.tables import run_events, runs, threads

WORKER_LOST = {
    "error": "WorkerLost",
    "message": "The servers running this run stopped, each time it was resumed.",
}
MAX_ATTEMPTS = 3
"""Executions of one run (each opens its stream with a ``metadata`` event) before it is failed."""
ATTEMPT_EVENTS = 1_000_000
"""Attempt ``k`` numbers its events from ``(k - 1) * ATTEMPT_EVENTS``: a stopped server may
have streamed events it never stored, and a client's ``Last-Event-ID`` from them must be
behind every event of the next attempt."""


@dataclass(frozen=True)
class Takeover:
    """A run whose server stopped, now leased here: its events go on after ``last_seq``."""

    run: RunRecord
    last_seq: int
    attempt: int


@dataclass
class Recovery:
    """What ``recover`` found for this process: runs to start, and runs to resume."""

    started: list[RunRecord] = field(default_factory=list)
    resumed: list[Takeover] = field(default_factory=list)


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

    async def recover(self, lease: timedelta) -> Recovery:
        """Runs this process should resume (their server stopped) or start (left waiting)."""
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
        found = Recovery()
        for run_id, thread_id, owner_id in lost_runs:
            taken = await self._take_over(run_id, thread_id, owner_id, cutoff)
            if isinstance(taken, Takeover):
                found.resumed.append(taken)
            elif taken is not None:
                found.started.append(taken)
        for thread_id, owner_id in stranded_threads:
            if (run := await self._start_stranded(thread_id, owner_id)) is not None:
                found.started.append(run)
        return found

    async def _take_over(
        self, run_id: str, thread_id: str, owner_id: str, cutoff: datetime
    ) -> Takeover | RunRecord | None:
        """Lease the lost run here (a ``Takeover``), or fail it and return its successor."""
        async with self._db.write() as conn:
            thread = await lock_thread(self._db, conn, owner_id, thread_id)
            now = utc_now()
            stream = await conn.execute(
                select(
                    func.coalesce(func.max(run_events.c.seq), 0),
                    func.count().filter(run_events.c.event == "metadata"),
                ).where(run_events.c.run_id == run_id)
            )
            last_seq, opened = stream.one()
            attempts = max(int(opened), 1)  # it ran, even if its opening event was not stored
            if attempts < MAX_ATTEMPTS:
                taken = await conn.execute(
                    update(runs)
                    .where(
                        runs.c.run_id == run_id,
                        runs.c.status == "running",
                        runs.c.heartbeat_at < cutoff,
                    )
                    .values(heartbeat_at=now, updated_at=now)
                )
                if taken.rowcount != 1:  # another server took it, or it ended meanwhile
                    return None
                row = (await conn.execute(select(runs).where(runs.c.run_id == run_id))).one()
                after = max(int(last_seq), attempts * ATTEMPT_EVENTS)
                return Takeover(run_record(row), after, attempts + 1)
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
