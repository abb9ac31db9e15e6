"""open_persistence on embedded SQLite and on the throwaway PostgreSQL."""

from __future__ import annotations

import asyncio
import operator
import socket
from pathlib import Path
from typing import Annotated, Any, TypedDict

import pytest
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.graph import START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.store.postgres.aio import AsyncPostgresStore
from psycopg_pool import AsyncConnectionPool

from persistence.factory import PersistenceError, open_persistence
from settings import Settings


class Notes(TypedDict):
    notes: Annotated[list[str], operator.add]


def count_notes(state: Notes) -> dict[str, list[str]]:
    return {"notes": [f"seen {len(state['notes'])}"]}


def compile_graph(checkpointer: BaseCheckpointSaver[str]) -> CompiledStateGraph[Any]:
    builder = StateGraph(Notes)
    builder.add_node("count_notes", count_notes)
    builder.add_edge(START, "count_notes")
    return builder.compile(checkpointer=checkpointer)


def thread(thread_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": thread_id}}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    data_dir = tmp_path / "data"
    if request.param == "sqlite":
        return Settings(_env_file=None, data_dir=data_dir, database_url=None)
    url: str = request.getfixturevalue("postgres_url")
    return Settings(_env_file=None, data_dir=data_dir, database_url=url)


async def test_checkpointer_keeps_threads_across_invocations_and_restarts(
    settings: Settings,
) -> None:
    async with open_persistence(settings) as persistence:
        graph = compile_graph(persistence.checkpointer)
        await graph.ainvoke({"notes": ["a"]}, thread("t1"))
        second = await graph.ainvoke({"notes": ["b"]}, thread("t1"))
        assert second["notes"] == ["a", "seen 1", "b", "seen 3"]

    # A new factory (new pool or new files handles) stands for a restarted process.
    async with open_persistence(settings) as persistence:
        graph = compile_graph(persistence.checkpointer)
        before = await graph.aget_state(thread("t1"))
        assert before.values["notes"] == ["a", "seen 1", "b", "seen 3"]
        third = await graph.ainvoke({"notes": ["c"]}, thread("t1"))
        assert third["notes"][-2:] == ["c", "seen 5"]
        other = await graph.ainvoke({"notes": ["x"]}, thread("t2"))
        assert other["notes"] == ["x", "seen 1"]


async def test_store_keeps_items_across_restarts(settings: Settings) -> None:
    async with open_persistence(settings) as persistence:
        await persistence.store.aput(("users", "alice"), "note", {"text": "kept"})

    async with open_persistence(settings) as persistence:
        item = await persistence.store.aget(("users", "alice"), "note")
        assert item is not None
        assert item.value == {"text": "kept"}
        assert await persistence.store.aget(("users", "bob"), "note") is None


async def test_embedded_default_uses_files_under_data_dir(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "not" / "yet")

    async with open_persistence(settings) as persistence:
        assert persistence.kind == "sqlite"

    assert settings.checkpoint_sqlite_path.is_file()
    assert settings.store_sqlite_path.is_file()
    assert settings.checkpoint_sqlite_path.parent == (tmp_path / "not" / "yet").resolve()


async def test_sqlite_url_holds_checkpoints_and_store_in_one_file(tmp_path: Path) -> None:
    database = tmp_path / "one" / "app.db"
    settings = Settings(
        _env_file=None, data_dir=tmp_path / "unused", database_url=f"sqlite:///{database}"
    )

    async with open_persistence(settings) as persistence:
        graph = compile_graph(persistence.checkpointer)
        await graph.ainvoke({"notes": ["a"]}, thread("t1"))
        await persistence.store.aput(("users", "alice"), "note", {"text": "kept"})

    assert database.is_file()
    assert not (tmp_path / "unused").exists()


@pytest.mark.postgres
async def test_postgres_shares_one_pgbouncer_safe_pool(postgres_url: str, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=postgres_url)

    async with open_persistence(settings) as persistence:
        assert persistence.kind == "postgres"
        saver, store = persistence.checkpointer, persistence.store
        assert isinstance(saver, AsyncPostgresSaver)
        assert isinstance(store, AsyncPostgresStore)
        pool = saver.conn
        assert isinstance(pool, AsyncConnectionPool)
        assert store.conn is pool
        assert isinstance(pool.kwargs, dict)
        assert pool.kwargs["prepare_threshold"] == 0
        assert pool.kwargs["autocommit"] is True
        assert not pool.closed

    assert pool.closed
    assert not tmp_path.joinpath("checkpoints.db").exists()


@pytest.mark.postgres
async def test_sqlalchemy_style_postgres_url_is_accepted(postgres_url: str, tmp_path: Path) -> None:
    url = postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=url)

    async with open_persistence(settings) as persistence:
        assert persistence.kind == "postgres"


async def test_unsupported_url_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url="mysql://app:hunter2@db/x")

    with pytest.raises(PersistenceError, match=r"DATABASE_URL .* is not supported") as raised:
        async with open_persistence(settings):
            pass
    assert "hunter2" not in str(raised.value)
    assert not settings.checkpoint_sqlite_path.exists()


async def test_in_memory_sqlite_url_is_refused(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url="sqlite://")

    with pytest.raises(PersistenceError, match="names no SQLite file"):
        async with open_persistence(settings):
            pass


async def test_unreachable_postgres_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://app:hunter2@127.0.0.1:{port}/app"
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=url)

    with pytest.raises(PersistenceError, match="cannot connect to the PostgreSQL") as raised:
        async with open_persistence(settings):
            pass
    assert "app:***@127.0.0.1" in str(raised.value)
    assert "hunter2" not in str(raised.value)


@pytest.mark.postgres
async def test_processes_starting_together_on_a_fresh_database_all_open(
    postgres_url: str, tmp_path: Path
) -> None:
    """Each opening has its own pool, as each server process has: their setup() runs once."""
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=postgres_url)
    ready = asyncio.Barrier(4)

    async def open_one(n: int) -> str:
        async with open_persistence(settings) as persistence:
            await ready.wait()  # all four are open at once
            graph = compile_graph(persistence.checkpointer)
            result = await graph.ainvoke({"notes": []}, thread(f"together-{n}"))
            return str(result["notes"][-1])

    assert await asyncio.gather(*(open_one(n) for n in range(4))) == ["seen 0"] * 4
