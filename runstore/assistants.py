"""Each user's own assistants and their versions; every statement filters by the owner.

A patch adds a version and makes it current; ``set_latest`` makes an older one current
again. Ids are per owner, so one user's id never tells anything about another's.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, and_, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from runstore.database import Database, utc_now
from runstore.filters import metadata_contains
from runstore.records import AssistantRecord, Conflict, NotFound
from runstore.tables import assistant_versions, assistants

AssistantSortBy = Literal["assistant_id", "graph_id", "name", "created_at", "updated_at"]
_FIELDS = ("graph_id", "name", "description", "config", "context", "metadata")


def _record(row: Row[Any] | SimpleNamespace, updated_at: Any = None) -> AssistantRecord:
    return AssistantRecord(
        assistant_id=row.assistant_id,
        owner_id=row.owner_id,
        graph_id=row.graph_id,
        name=row.name,
        description=row.description,
        config=dict(row.config or {}),
        context=dict(row.context or {}),
        metadata=dict(row.metadata or {}),
        version=row.version,
        created_at=row.created_at,
        updated_at=updated_at or row.updated_at,
    )


def _owned(owner_id: str, assistant_id: str) -> ColumnElement[bool]:
    return and_(assistants.c.owner_id == owner_id, assistants.c.assistant_id == assistant_id)


class Assistants:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        owner_id: str,
        assistant_id: str,
        fields: Mapping[str, Any],
        *,
        if_exists: Literal["raise", "do_nothing"] = "raise",
    ) -> AssistantRecord:
        """A new assistant at version 1 (``fields``: graph_id, name, config, …)."""
        async with self._db.write() as conn:
            existing = await _get(conn, owner_id, assistant_id)
            if existing is not None:
                if if_exists == "do_nothing":
                    return existing
                raise Conflict(f"assistant {assistant_id} already exists")
            now = utc_now()
            values = {k: fields.get(k) for k in _FIELDS}
            key: dict[str, Any] = {"owner_id": owner_id, "assistant_id": assistant_id}
            await conn.execute(
                insert(assistants).values(
                    **key, **values, version=1, created_at=now, updated_at=now
                )
            )
            await conn.execute(
                insert(assistant_versions).values(**key, **values, version=1, created_at=now)
            )
            return _record(SimpleNamespace(**key, **values, version=1, created_at=now), now)

    async def get(self, owner_id: str, assistant_id: str) -> AssistantRecord | None:
        async with self._db.read() as conn:
            return await _get(conn, owner_id, assistant_id)

    async def patch(
        self, owner_id: str, assistant_id: str, changes: Mapping[str, Any]
    ) -> AssistantRecord:
        """A new version: ``changes`` over the current one, metadata merged (``NotFound``)."""
        async with self._db.write() as conn:
            current = await _get(conn, owner_id, assistant_id, lock=self._db)
            if current is None:
                raise NotFound(f"assistant {assistant_id} not found")
            latest = await conn.execute(
                select(func.max(assistant_versions.c.version)).where(
                    assistant_versions.c.owner_id == owner_id,
                    assistant_versions.c.assistant_id == assistant_id,
                )
            )
            version = int(latest.scalar_one() or 0) + 1
            values = {k: getattr(current, k) for k in _FIELDS}
            values.update({k: v for k, v in changes.items() if k in _FIELDS and v is not None})
            values["metadata"] = {**current.metadata, **(changes.get("metadata") or {})}
            now = utc_now()
            await conn.execute(
                insert(assistant_versions).values(
                    owner_id=owner_id,
                    assistant_id=assistant_id,
                    version=version,
                    created_at=now,
                    **values,
                )
            )
            await conn.execute(
                update(assistants)
                .where(_owned(owner_id, assistant_id))
                .values(**values, version=version, updated_at=now)
            )
            return await _get(conn, owner_id, assistant_id) or current

    async def set_latest(self, owner_id: str, assistant_id: str, version: int) -> AssistantRecord:
        """Make ``version`` current again (``NotFound`` for the assistant or the version)."""
        async with self._db.write() as conn:
            if await _get(conn, owner_id, assistant_id, lock=self._db) is None:
                raise NotFound(f"assistant {assistant_id} not found")
            row = (
                await conn.execute(
                    select(assistant_versions).where(
                        assistant_versions.c.owner_id == owner_id,
                        assistant_versions.c.assistant_id == assistant_id,
                        assistant_versions.c.version == version,
                    )
                )
            ).first()
            if row is None:
                raise NotFound(f"version {version} of assistant {assistant_id} not found")
            values = {k: getattr(row, k) for k in _FIELDS}
            await conn.execute(
                update(assistants)
                .where(_owned(owner_id, assistant_id))
                .values(**values, version=version, updated_at=utc_now())
            )
            return await _get(conn, owner_id, assistant_id) or _record(row, utc_now())

    async def delete(self, owner_id: str, assistant_id: str) -> bool:
        async with self._db.write() as conn:
            await conn.execute(
                delete(assistant_versions).where(
                    assistant_versions.c.owner_id == owner_id,
                    assistant_versions.c.assistant_id == assistant_id,
                )
            )
            result = await conn.execute(delete(assistants).where(_owned(owner_id, assistant_id)))
            return bool(result.rowcount)

    def _matching(
        self, owner_id: str, graph_id: str | None, name: str | None, metadata: Mapping[str, Any]
    ) -> list[ColumnElement[bool]]:
        conditions = [assistants.c.owner_id == owner_id]
        if graph_id is not None:
            conditions.append(assistants.c.graph_id == graph_id)
        if name:
            lowered = func.lower(assistants.c.name)
            conditions.append(lowered.contains(name.lower(), autoescape=True))
        return conditions + metadata_contains(self._db, assistants.c.metadata, metadata)

    async def search(
        self,
        owner_id: str,
        *,
        graph_id: str | None = None,
        name: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        limit: int = 10,
        sort_by: AssistantSortBy = "created_at",
        descending: bool = True,
    ) -> list[AssistantRecord]:
        """The owner's first ``limit`` assistants that match, in the given order."""
        column = assistants.c[sort_by]
        query = (
            select(assistants)
            .where(*self._matching(owner_id, graph_id, name, metadata or {}))
            .order_by(column.desc() if descending else column.asc(), assistants.c.assistant_id)
            .limit(limit)
        )
        async with self._db.read() as conn:
            return [_record(row) for row in await conn.execute(query)]

    async def count(
        self,
        owner_id: str,
        *,
        graph_id: str | None = None,
        name: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> int:
        conditions = self._matching(owner_id, graph_id, name, metadata or {})
        query = select(func.count()).select_from(assistants).where(*conditions)
        async with self._db.read() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def versions(
        self,
        owner_id: str,
        assistant_id: str,
        *,
        metadata: Mapping[str, Any] | None = None,
        limit: int = 10,
        offset: int = 0,
    ) -> list[AssistantRecord]:
        """The assistant's versions, newest first (empty: not the owner's)."""
        table = assistant_versions
        query = select(table).where(
            table.c.owner_id == owner_id, table.c.assistant_id == assistant_id
        )
        for condition in metadata_contains(self._db, table.c.metadata, metadata or {}):
            query = query.where(condition)
        query = query.order_by(table.c.version.desc()).limit(limit).offset(offset)
        async with self._db.read() as conn:
            return [_record(row, row.created_at) for row in await conn.execute(query)]


async def _get(
    conn: AsyncConnection, owner_id: str, assistant_id: str, *, lock: Database | None = None
) -> AssistantRecord | None:
    query = select(assistants).where(_owned(owner_id, assistant_id))
    if lock is not None:
        query = lock.locked(query)
    row = (await conn.execute(query)).first()
    return _record(row) if row is not None else None
