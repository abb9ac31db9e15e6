"""Kept sessions against a real stdio server: renewed before tokens expire, closed when idle."""

from __future__ import annotations

import asyncio
import json

from mcp.types import TextContent

from mcpclient.config import StdioServer
from mcpclient.connections import connection_for
from mcpclient.pool import Opening, SessionPool
from tests.integration.mcp.support import TIME_SERVER


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


TIME = StdioServer(command=TIME_SERVER, args=["--local-timezone", "UTC"])


def _opening(clock: FakeClock, ttl: float | None) -> Opening:
    expires = None if ttl is None else clock() + ttl
    return Opening(connection_for(TIME), expires_at=expires)


async def _utc_time(pool: SessionPool, key: str, clock: FakeClock, ttl: float | None) -> str:
    session = pool.get(key, "time", lambda: _opening(clock, ttl))
    result = await session.call("get_current_time", {"timezone": "UTC"})
    block = result.content[0]
    assert isinstance(block, TextContent)
    return str(json.loads(block.text)["timezone"])


async def test_session_is_kept_then_replaced_before_its_token_expires() -> None:
    clock = FakeClock()
    pool = SessionPool(idle_seconds=600, renew_margin=30, clock=clock)
    try:
        first = pool.get("k", "time", lambda: _opening(clock, 300))
        assert await _utc_time(pool, "k", clock, 300) == "UTC"
        clock.now += 200
        assert pool.get("k", "time", lambda: _opening(clock, 300)) is first
        clock.now += 75  # 25 s left: inside the renewal margin
        second = pool.get("k", "time", lambda: _opening(clock, 300))
        assert second is not first
        assert await _utc_time(pool, "k", clock, 300) == "UTC"
        await pool.close()
        assert not first.alive
        assert not second.alive
    finally:
        await pool.close()


async def test_idle_and_dead_sessions_are_swept() -> None:
    clock = FakeClock()
    pool = SessionPool(idle_seconds=60, clock=clock)
    try:
        await _utc_time(pool, "a", clock, None)
        await _utc_time(pool, "b", clock, None)
        clock.now += 30
        await _utc_time(pool, "b", clock, None)
        clock.now += 40  # "a" idle for 70 s, "b" for 40 s
        pool.sweep()
        assert len(pool) == 1
        session_b = pool.get("b", "time", lambda: _opening(clock, None))
        await session_b.close()  # as if the server process had gone
        pool.sweep()
        assert len(pool) == 0
        assert await _utc_time(pool, "b", clock, None) == "UTC"  # re-opened on next use
    finally:
        await pool.close()


async def test_the_least_recently_used_session_is_closed_past_the_cap() -> None:
    clock = FakeClock()
    pool = SessionPool(idle_seconds=600, max_sessions=2, clock=clock)
    try:
        await _utc_time(pool, "a", clock, None)
        first = pool.get("a", "time", lambda: _opening(clock, None))
        await _utc_time(pool, "b", clock, None)
        await _utc_time(pool, "a", clock, None)  # "b" is now the least recently used
        await _utc_time(pool, "c", clock, None)
        assert ("a" in pool, "b" in pool, "c" in pool) == (True, False, True)
        assert pool.get("a", "time", lambda: _opening(clock, None)) is first
        await _utc_time(pool, "d", clock, None)  # "c" was used before "a" was asked for
        assert ("a" in pool, "c" in pool, "d" in pool) == (True, False, True)
        await pool.settle()
        assert len(pool) == 2
        assert pool.draining == 0
    finally:
        await pool.close()


async def test_a_session_pushed_out_with_a_call_in_flight_closes_when_drained() -> None:
    clock = FakeClock()
    pool = SessionPool(idle_seconds=600, max_sessions=1, clock=clock)
    try:
        busy = pool.get("a", "time", lambda: _opening(clock, None))
        in_flight = asyncio.create_task(busy.call("get_current_time", {"timezone": "UTC"}))
        await asyncio.sleep(0)  # let the call start: it now waits for the session to open
        assert busy.active_calls == 1
        await _utc_time(pool, "b", clock, None)  # over the cap: "a" is retired, not closed
        assert "a" not in pool
        assert pool.draining == 1
        result = await in_flight
        assert not result.isError
        assert busy.alive  # nothing closed it under the call
        pool.sweep()
        await pool.settle()
        assert pool.draining == 0
        assert not busy.alive
    finally:
        await pool.close()


async def test_sessions_unused_for_the_idle_time_are_closed_by_the_sweep() -> None:
    clock = FakeClock()
    pool = SessionPool(idle_seconds=2, clock=clock)
    try:
        await _utc_time(pool, "a", clock, None)
        session = pool.get("a", "time", lambda: _opening(clock, None))
        clock.now += 1.9
        pool.sweep()
        assert "a" in pool
        clock.now += 0.1
        pool.sweep()
        await pool.settle()
        assert "a" not in pool
        assert not session.alive
    finally:
        await pool.close()
