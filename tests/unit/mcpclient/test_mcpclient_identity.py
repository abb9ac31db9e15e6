"""Which user a tool call acts for: runtime context first, then the caller's block."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import SimpleNamespace

from mcpclient.identity import UserIdentity, acting_as, calling_user, identity_from_context


@dataclass(frozen=True)
class Context:
    user_id: str
    timezone: str = "UTC"


def test_runtime_context_wins() -> None:
    runtime = SimpleNamespace(context=Context("alice", "Europe/Paris"))
    with acting_as("bob"):
        assert calling_user(runtime) == UserIdentity("alice", "Europe/Paris")


def test_acting_as_block_when_no_runtime() -> None:
    assert calling_user(None) is None
    with acting_as("bob", "Asia/Tokyo") as identity:
        assert calling_user(None) == identity == UserIdentity("bob", "Asia/Tokyo")
        assert calling_user(SimpleNamespace(context=None)) == identity
    assert calling_user(None) is None


async def test_acting_as_follows_into_tasks_but_not_across() -> None:
    async def who() -> UserIdentity | None:
        return calling_user(None)

    with acting_as("alice"):
        inherited = await asyncio.create_task(who())
    assert inherited == UserIdentity("alice")
    assert await asyncio.create_task(who()) is None


def test_identity_from_mapping_or_object() -> None:
    assert identity_from_context({"user_id": "u", "timezone": "UTC"}) == UserIdentity("u")
    assert identity_from_context({"user_id": ""}) is None
    assert identity_from_context(SimpleNamespace(user_id="u", timezone=None)) == UserIdentity("u")
    assert identity_from_context(object()) is None
