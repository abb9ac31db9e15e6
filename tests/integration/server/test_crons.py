"""Crons are not supported, and the server says so: ``/info`` flags, a 501 on cron routes."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.integration.server.support import RunningServer, new_user

pytestmark = pytest.mark.postgres


async def test_info_flags_say_what_is_supported(server: RunningServer) -> None:
    async with server.http() as http:
        info = (await http.get("/info")).json()
    assert info["flags"]["assistants"] is True
    assert info["flags"]["crons"] is False


async def test_every_cron_call_of_the_sdk_answers_501_with_a_reason(server: RunningServer) -> None:
    client = server.client(new_user())
    thread_id = (await client.threads.create())["thread_id"]
    calls = [
        client.crons.create("orchestrator", schedule="* * * * *", input={}),
        client.crons.create_for_thread(thread_id, "orchestrator", schedule="* * * * *"),
        client.crons.search(),
        client.crons.count(),
        client.crons.delete(str(uuid.uuid4())),
    ]
    for call in calls:
        with pytest.raises(httpx.HTTPStatusError) as refused:
            await call
        assert refused.value.response.status_code == 501
        assert "crons are not supported" in refused.value.response.json()["detail"]
