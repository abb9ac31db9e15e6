"""The SQLAlchemy engine the task service and the run store share: URLs, SQLite pragmas, UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text

from persistence.sql import create_engine, normalize_url
from persistence.sqltypes import UTCDateTime


async def test_sqlite_connections_enforce_foreign_keys_in_wal_mode(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'nested' / 'tasks.db'}")
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA foreign_keys"))).scalar_one() == 1
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("url", "normalized"),
    [
        ("postgresql://u:p@db:5432/tasks", "postgresql+psycopg://u:***@db:5432/tasks"),
        ("postgres://u@db/tasks", "postgresql+psycopg://u@db/tasks"),
        ("postgresql+psycopg://u@db/tasks", "postgresql+psycopg://u@db/tasks"),
        ("sqlite:////var/data/tasks.db", "sqlite+aiosqlite:////var/data/tasks.db"),
    ],
)
def test_database_urls_are_normalized(url: str, normalized: str) -> None:
    assert normalize_url(url).render_as_string(hide_password=True) == normalized


@pytest.mark.parametrize("url", ["mysql://u@db/tasks", "postgresql+asyncpg://u@db/t", "not a url"])
def test_unsupported_database_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="database URL"):
        normalize_url(url)


async def test_timestamps_come_back_as_the_same_instant_in_utc(tmp_path: Path) -> None:
    table = Table(
        "moments", MetaData(), Column("id", Integer, primary_key=True), Column("at", UTCDateTime)
    )
    engine = create_engine(f"sqlite:///{tmp_path / 'moments.db'}")
    stored = datetime(2025, 3, 30, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    try:
        async with engine.begin() as conn:
            await conn.run_sync(table.metadata.create_all)
            await conn.execute(insert(table).values(id=1, at=stored))
            with pytest.raises(Exception, match="naive datetimes are not stored"):
                await conn.execute(insert(table).values(id=2, at=datetime(2025, 1, 1)))
        async with engine.connect() as conn:
            read = (await conn.execute(select(table.c.at))).scalar_one()
    finally:
        await engine.dispose()
    assert read == stored
    assert read.tzinfo == UTC
