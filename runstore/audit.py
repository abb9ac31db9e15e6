"""The audit log: inserted, never updated or deleted (the database refuses both too).

Each entry carries who, where, what and how it ended, and the SHA-256 of the input and
output, so a transcript can be proven to match without the log holding any of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import insert, select

from runstore.database import Database, utc_now
from runstore.records import AuditEntry
from runstore.tables import audit_log


def digest(value: Any) -> str:
    """SHA-256 of ``value`` as canonical JSON (sorted keys, no spaces); text is hashed as is."""
    if isinstance(value, str):
        data = value.encode()
    else:
        data = json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
        ).encode()
    return hashlib.sha256(data).hexdigest()


class AuditLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, entries: Sequence[AuditEntry]) -> None:
        if not entries:
            return
        now = utc_now()
        rows = [{**asdict(entry), "created_at": now} for entry in entries]
        async with self._db.write() as conn:
            await conn.execute(insert(audit_log), rows)

    async def for_run(self, user_id: str, run_id: str) -> list[AuditEntry]:
        """The user's entries of one run, oldest first (for operators and tests)."""
        query = (
            select(audit_log)
            .where(audit_log.c.user_id == user_id, audit_log.c.run_id == run_id)
            .order_by(audit_log.c.id)
        )
        async with self._db.read() as conn:
            rows = await conn.execute(query)
            return [
                AuditEntry(
                    user_id=r.user_id,
                    thread_id=r.thread_id,
                    run_id=r.run_id,
                    action=r.action,
                    name=r.name,
                    outcome=r.outcome,
                    input_sha256=r.input_sha256,
                    output_sha256=r.output_sha256,
                )
                for r in rows
            ]
