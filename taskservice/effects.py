"""Where a change comes from, and what every change leaves behind in its own transaction.

A caller that may repeat a change (a run resumed after a crash, a retried tool call)
gives it an idempotency key (`Origin.key`). The first change with that key stores its
result in `task_effects` in the same transaction as the change itself; a later call with
the same key gets that result back and changes nothing. A key is the caller's, per user:
another user's identical key is another key. The same key with another request is a
mistake and is refused (`KeyReused`), never answered with an unrelated result.

Every change, keyed or not, also appends one `task_audit` row in that transaction: who,
which operation on which task, the thread and run it came from when the caller says so,
and SHA-256 digests of the request and the result (never their content).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from taskservice.errors import TaskError
from taskservice.tables import (
    IDEMPOTENCY_KEY_MAX_CHARS,
    ORIGIN_ID_MAX_CHARS,
    task_audit,
    task_effects,
)

ResultT = TypeVar("ResultT", bound=BaseModel)


class KeyReused(TaskError):  # noqa: N818 (the name callers know it by)
    """The idempotency key was used before for a different change."""

    def __init__(self) -> None:
        super().__init__(
            "This idempotency key was already used for a different change; nothing was changed."
        )


@dataclass(frozen=True)
class Origin:
    """Who asks for a change, beyond the user: the idempotency key, the thread and the run."""

    key: str | None = None
    thread_id: str | None = None
    run_id: str | None = None

    def __post_init__(self) -> None:
        if self.key is not None and not 1 <= len(self.key) <= IDEMPOTENCY_KEY_MAX_CHARS:
            raise ValueError(f"an idempotency key is 1 to {IDEMPOTENCY_KEY_MAX_CHARS} characters")
        for name in ("thread_id", "run_id"):
            value = getattr(self, name)
            if value is not None and len(value) > ORIGIN_ID_MAX_CHARS:
                raise ValueError(f"{name} is at most {ORIGIN_ID_MAX_CHARS} characters")


NO_ORIGIN = Origin()


def digest(value: Any) -> str:
    """SHA-256 of ``value`` as canonical JSON (sorted keys, no spaces)."""
    data = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()
    return hashlib.sha256(data).hexdigest()


async def recorded(
    conn: AsyncConnection,
    user_id: str,
    origin: Origin,
    request_sha256: str,
    result_type: type[ResultT],
) -> ResultT | None:
    """The result the change with ``origin.key`` had, if one was made (``KeyReused``)."""
    if origin.key is None:
        return None
    row = (
        await conn.execute(
            select(task_effects.c.request_sha256, task_effects.c.result).where(
                task_effects.c.user_id == user_id, task_effects.c.key == origin.key
            )
        )
    ).first()
    if row is None:
        return None
    if row.request_sha256 != request_sha256:
        raise KeyReused()
    return result_type.model_validate_json(row.result)


async def record(
    conn: AsyncConnection,
    user_id: str,
    *,
    operation: str,
    task_id: int | None,
    origin: Origin,
    request_sha256: str,
    result: BaseModel,
    now: datetime,
) -> None:
    """The audit row of a change and, when it has a key, its result for replays."""
    result_json = result.model_dump_json()
    if origin.key is not None:
        await conn.execute(
            insert(task_effects).values(
                user_id=user_id,
                key=origin.key,
                operation=operation,
                request_sha256=request_sha256,
                result=result_json,
                created_at=now,
            )
        )
    await conn.execute(
        insert(task_audit).values(
            created_at=now,
            user_id=user_id,
            operation=operation,
            task_id=task_id,
            thread_id=origin.thread_id,
            run_id=origin.run_id,
            idempotency_key=origin.key,
            input_sha256=request_sha256,
            output_sha256=hashlib.sha256(result_json.encode()).hexdigest(),
        )
    )


def request_digest(operation: str, request: Mapping[str, Any]) -> str:
    """What a key is checked against: the operation and its arguments."""
    return digest({"operation": operation, **request})


@dataclass(frozen=True)
class AuditEntry:
    """One ``task_audit`` row."""

    created_at: datetime
    operation: str
    task_id: int | None
    thread_id: str | None
    run_id: str | None
    idempotency_key: str | None
    input_sha256: str
    output_sha256: str


async def audit_trail(conn: AsyncConnection, user_id: str) -> list[AuditEntry]:
    """The user's audit rows, oldest first."""
    rows = await conn.execute(
        select(task_audit).where(task_audit.c.user_id == user_id).order_by(task_audit.c.id)
    )
    return [
        AuditEntry(
            created_at=r.created_at,
            operation=r.operation,
            task_id=r.task_id,
            thread_id=r.thread_id,
            run_id=r.run_id,
            idempotency_key=r.idempotency_key,
            input_sha256=r.input_sha256,
            output_sha256=r.output_sha256,
        )
        for r in rows
    ]
