"""The PostgreSQL checkpointer runs concurrent turns' I/O side by side, not behind one lock."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from langchain_core.runnables import RunnableConfig

from persistence.factory import open_persistence
from persistence.pgsaver import PooledPostgresSaver
from settings import Settings
from tests.integration.persistence.test_factory import compile_graph

pytestmark = pytest.mark.postgres


def thread(thread_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": thread_id}}


async def test_pooled_saver_never_queues_on_its_instance_lock(
    postgres_url: str, tmp_path: Path
) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=postgres_url)
    async with open_persistence(settings) as persistence:
        saver = persistence.checkpointer
        assert isinstance(saver, PooledPostgresSaver)
        graph = compile_graph(saver)
        # Hold the saver's lock for the whole test: the saver of langgraph-checkpoint-postgres
        # would wait on it forever (the bound below would fail the test); ours never takes it.
        await saver.lock.acquire()
        try:
            async with asyncio.timeout(60):
                results = await asyncio.gather(
                    *(graph.ainvoke({"notes": [f"n{i}"]}, thread(f"t{i}")) for i in range(20))
                )
        finally:
            saver.lock.release()
        assert [r["notes"] for r in results] == [[f"n{i}", "seen 1"] for i in range(20)]
        for i in range(20):  # every turn's checkpoint was written, on its own thread
            state = await graph.aget_state(thread(f"t{i}"))
            assert state.values["notes"] == [f"n{i}", "seen 1"]
