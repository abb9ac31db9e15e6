"""The store API over the official SDK, on SQLite and PostgreSQL: each user sees only their own.

Namespaces are stored under the verified user's prefix (``api.store.scope``); whatever
namespace, prefix, suffix or depth user B asks for, A's items stay out of sight and in place.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from langgraph_sdk.client import LangGraphClient

from api.store.scope import inward, user_key
from tests.integration.server.support import RunningServer, new_user


@pytest.fixture(params=["sqlite_server", pytest.param("server", marks=pytest.mark.postgres)])
def running(request: pytest.FixtureRequest) -> RunningServer:
    server: RunningServer = request.getfixturevalue(request.param)
    return server


async def _everything_visible(client: LangGraphClient, prefix: list[str]) -> list[Any]:
    """All B can see with ``prefix``: searched items and listed namespaces, at any depth."""
    seen: list[Any] = []
    found = await client.store.search_items(prefix, limit=1000)
    seen.extend(found["items"])
    for depth in (None, 1, 2, 3, 5):
        listed = await client.store.list_namespaces(prefix=prefix, max_depth=depth, limit=1000)
        seen.extend(listed["namespaces"])
        listed = await client.store.list_namespaces(suffix=prefix or None, max_depth=depth)
        seen.extend(listed["namespaces"])
    return seen


async def test_round_trip(running: RunningServer) -> None:
    client = running.client(new_user())
    await client.store.put_item(["notes", "work"], "n1", {"text": "ship it", "tag": "a"})
    await client.store.put_item(["notes", "home"], "n2", {"text": "milk", "tag": "b"})

    item = await client.store.get_item(["notes", "work"], "n1")
    assert item["namespace"] == ["notes", "work"]
    assert (item["key"], item["value"]) == ("n1", {"text": "ship it", "tag": "a"})
    assert item["created_at"]
    assert item["updated_at"]

    found = await client.store.search_items(["notes"], filter={"tag": "b"})
    assert [(i["namespace"], i["key"]) for i in found["items"]] == [(["notes", "home"], "n2")]
    assert len((await client.store.search_items([]))["items"]) == 2
    listed = await client.store.list_namespaces(prefix=["notes"])
    assert sorted(listed["namespaces"]) == [["notes", "home"], ["notes", "work"]]
    assert (await client.store.list_namespaces(max_depth=1))["namespaces"] == [["notes"]]
    assert (await client.store.list_namespaces(suffix=["home"]))["namespaces"] == [
        ["notes", "home"]
    ]

    await client.store.put_item(["notes", "work"], "n1", {"text": "shipped"})
    assert (await client.store.get_item(["notes", "work"], "n1"))["value"] == {"text": "shipped"}
    await client.store.delete_item(["notes", "work"], "n1")
    assert await client.store.get_item(["notes", "work"], "n1") is None


async def test_no_user_reaches_another_users_items(running: RunningServer) -> None:
    alice, bob = new_user(), new_user()
    a, b = running.client(alice), running.client(bob)
    await a.store.put_item(["notes"], "secret", {"text": "alice's"})
    await b.store.put_item(["mine"], "k", {"text": "bob's"})
    internal = list(inward(alice, ["notes"]))  # A's namespace as it is stored

    for namespace in (["notes"], internal, internal[:2], ["users"]):
        assert await b.store.get_item(namespace, "secret") is None
    for prefix in ([], ["notes"], ["users"], internal[:2], internal, ["*"], ["users", "*"]):
        seen = await _everything_visible(b, prefix)
        assert "secret" not in str(seen)
        assert user_key(alice) not in str(seen)  # nor the stored prefix of any user
    assert (await b.store.list_namespaces())["namespaces"] == [["mine"]]

    for namespace in (["notes"], internal):
        await b.store.delete_item(namespace, "secret")
    item = await a.store.get_item(["notes"], "secret")
    assert item["value"] == {"text": "alice's"}
    assert (await a.store.list_namespaces())["namespaces"] == [["notes"]]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/store/items", {"namespace": [], "key": "k", "value": {}}),
        ("PUT", "/store/items", {"namespace": ["a.b"], "key": "k", "value": {}}),
        ("PUT", "/store/items", {"namespace": [""], "key": "k", "value": {}}),
        ("PUT", "/store/items", {"namespace": ["a"], "key": "k", "value": [1]}),
        ("PUT", "/store/items", {"namespace": ["a"], "key": "", "value": {}}),
        ("PUT", "/store/items", {"namespace": ["a"], "key": "k", "value": {}, "ttl": 1e12}),
        ("POST", "/store/items/search", {"namespace_prefix": ["a.b"]}),
        ("POST", "/store/items/search", {"namespace_prefix": ["a"], "limit": 0}),
        ("POST", "/store/namespaces", {"max_depth": 0}),
        ("POST", "/store/namespaces", {"prefix": [""]}),
        ("GET", "/store/items?namespace=a..b&key=k", None),
        ("GET", "/store/items?namespace=a", None),
    ],
)
async def test_malformed_requests_are_refused(
    sqlite_server: RunningServer, method: str, path: str, body: dict[str, Any] | None
) -> None:
    async with sqlite_server.http(new_user()) as http:
        response = await http.request(method, path, json=body)
    assert response.status_code == 422, response.text


async def test_the_store_needs_a_signed_in_user(sqlite_server: RunningServer) -> None:
    async with httpx.AsyncClient(base_url=sqlite_server.url) as http:
        response = await http.post("/store/items/search", json={"namespace_prefix": []})
    assert response.status_code == 401
