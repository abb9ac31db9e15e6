"""``/api/{user_id}/tasks`` over real HTTP: shapes, filters, isolation, validation, scopes."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from settings import Settings
from tests.integration.api_ops.support import bearer

TASK_KEYS = {
    "id",
    "title",
    "description",
    "completed",
    "priority",
    "tags",
    "due",
    "recurrence",
    "recurrence_text",
    "parent_id",
    "created_at",
    "updated_at",
    "completed_at",
}


def _user() -> str:
    return f"user-{uuid.uuid4().hex[:8]}"


async def _add(
    client: httpx.AsyncClient, settings: Settings, user: str, **fields: Any
) -> dict[str, Any]:
    response = await client.post(f"/api/{user}/tasks", json=fields, headers=bearer(settings, user))
    assert response.status_code == 201, response.text
    task: dict[str, Any] = response.json()
    return task


async def test_create_get_update_complete_delete(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    user = _user()
    auth = bearer(settings, user)
    created = await _add(
        client,
        settings,
        user,
        title="Water the plants",
        priority="high",
        tags=["home"],
        due="2030-01-31T09:00:00+00:00",
        recurrence="weekly",
    )
    assert set(created) == TASK_KEYS
    assert created["id"] == 1
    assert (created["completed"], created["priority"], created["tags"]) == (False, "high", ["home"])

    fetched = await client.get(f"/api/{user}/tasks/1", headers=auth)
    assert fetched.status_code == 200
    assert fetched.json() == created

    updated = await client.put(
        f"/api/{user}/tasks/1", json={"title": "Water the ferns", "tags": []}, headers=auth
    )
    assert updated.status_code == 200
    assert set(updated.json()) == TASK_KEYS
    assert (updated.json()["title"], updated.json()["tags"]) == ("Water the ferns", [])
    assert updated.json()["priority"] == "high"  # untouched

    done = await client.patch(f"/api/{user}/tasks/1/complete", headers=auth)
    assert done.status_code == 200
    body = done.json()
    assert set(body) == {"task_id", "status", "title", "next_occurrence"}
    assert (body["task_id"], body["status"], body["title"]) == (1, "completed", "Water the ferns")
    assert set(body["next_occurrence"]) == TASK_KEYS
    assert body["next_occurrence"]["id"] == 2
    assert body["next_occurrence"]["due"].startswith("2030-02-07T09:00:00")

    deleted = await client.delete(f"/api/{user}/tasks/1", headers=auth)
    assert deleted.status_code == 200
    assert deleted.json() == {
        "task_id": 1,
        "status": "deleted",
        "title": "Water the ferns",
        "deleted_subtasks": 0,
    }
    gone = await client.get(f"/api/{user}/tasks/1", headers=auth)
    assert gone.status_code == 404
    assert gone.json() == {"detail": "Task 1 not found."}


async def test_recurrence_rules_over_rest(client: httpx.AsyncClient, settings: Settings) -> None:
    """An RRULE in, canonical and in words out; completion reads it in the given zone."""
    user = _user()
    auth = bearer(settings, user)
    created = await _add(
        client,
        settings,
        user,
        title="Gym",
        due="2026-11-24T23:59:00-05:00",
        recurrence="FREQ=WEEKLY;BYDAY=TH,TU;BYHOUR=7",
    )
    assert created["recurrence"] == "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0"
    assert created["recurrence_text"] == "every Tuesday and Thursday at 07:00"

    bad = await client.post(
        f"/api/{user}/tasks", json={"title": "x", "recurrence": "FREQ=FORTNIGHTLY"}, headers=auth
    )
    assert bad.status_code == 422
    assert bad.json()["detail"] == (
        "Invalid task: recurrence FREQ must be one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY."
    )
    unknown = await client.patch(
        f"/api/{user}/tasks/1/complete", params={"timezone": "Nowhere/Land"}, headers=auth
    )
    assert unknown.status_code == 422
    assert "unknown time zone 'Nowhere/Land'" in unknown.json()["detail"]
    assert (await client.get(f"/api/{user}/tasks/1", headers=auth)).json()["completed"] is False

    done = await client.patch(
        f"/api/{user}/tasks/1/complete", params={"timezone": "America/New_York"}, headers=auth
    )
    assert done.status_code == 200
    following = done.json()["next_occurrence"]
    assert following["due"] == "2026-11-26T12:00:00Z"  # Thursday 07:00 in New York
    assert following["recurrence"] == created["recurrence"]

    changed = await client.put(f"/api/{user}/tasks/2", json={"recurrence": "monthly"}, headers=auth)
    assert (changed.json()["recurrence"], changed.json()["recurrence_text"]) == (
        "FREQ=MONTHLY",
        "monthly",
    )


async def test_completing_a_one_off_task_has_no_next_occurrence(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    user = _user()
    await _add(client, settings, user, title="Call mom")
    done = await client.patch(f"/api/{user}/tasks/1/complete", headers=bearer(settings, user))
    assert done.json() == {
        "task_id": 1,
        "status": "completed",
        "title": "Call mom",
        "next_occurrence": None,
    }


async def test_list_filters_and_sorts(client: httpx.AsyncClient, settings: Settings) -> None:
    user = _user()
    auth = bearer(settings, user)
    await _add(client, settings, user, title="Buy milk", priority="low", tags=["shopping"])
    await _add(client, settings, user, title="File taxes", priority="high", tags=["admin"])
    await _add(client, settings, user, title="Buy stamps", priority="high", tags=["shopping"])
    await client.patch(f"/api/{user}/tasks/2/complete", headers=auth)

    async def titles(**params: str) -> list[str]:
        response = await client.get(f"/api/{user}/tasks", params=params, headers=auth)
        assert response.status_code == 200, response.text
        assert all(set(task) == TASK_KEYS for task in response.json())
        return [task["title"] for task in response.json()]

    assert await titles() == ["Buy milk", "File taxes", "Buy stamps"]
    assert await titles(status="pending") == ["Buy milk", "Buy stamps"]
    assert await titles(status="completed") == ["File taxes"]
    assert await titles(priority="high") == ["File taxes", "Buy stamps"]
    assert await titles(tag="shopping") == ["Buy milk", "Buy stamps"]
    assert await titles(search="buy") == ["Buy milk", "Buy stamps"]
    assert await titles(sort="title") == ["Buy milk", "Buy stamps", "File taxes"]
    assert await titles(status="pending", priority="high") == ["Buy stamps"]


async def test_another_users_path_is_forbidden(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    alice, bob = _user(), _user()
    await _add(client, settings, alice, title="Alice's secret")
    as_bob = bearer(settings, bob)
    for method, path in [
        ("GET", f"/api/{alice}/tasks"),
        ("POST", f"/api/{alice}/tasks"),
        ("GET", f"/api/{alice}/tasks/1"),
        ("PUT", f"/api/{alice}/tasks/1"),
        ("DELETE", f"/api/{alice}/tasks/1"),
        ("PATCH", f"/api/{alice}/tasks/1/complete"),
    ]:
        body = {"title": "mine now"} if method in {"POST", "PUT"} else None
        response = await client.request(method, path, json=body, headers=as_bob)
        assert response.status_code == 403, (method, path, response.text)
        assert response.json() == {"detail": "You can only access your own tasks."}
    untouched = await client.get(f"/api/{alice}/tasks/1", headers=bearer(settings, alice))
    assert untouched.json()["title"] == "Alice's secret"
    assert untouched.json()["completed"] is False


async def test_own_path_never_reaches_another_users_task(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    alice, bob = _user(), _user()
    await _add(client, settings, alice, title="Alice's secret")
    as_bob = bearer(settings, bob)
    for method, path in [
        ("GET", f"/api/{bob}/tasks/1"),
        ("PUT", f"/api/{bob}/tasks/1"),
        ("DELETE", f"/api/{bob}/tasks/1"),
        ("PATCH", f"/api/{bob}/tasks/1/complete"),
    ]:
        body = {"title": "mine now"} if method == "PUT" else None
        response = await client.request(method, path, json=body, headers=as_bob)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json() == {"detail": "Task 1 not found."}
    listed = await client.get(f"/api/{bob}/tasks", headers=as_bob)
    assert listed.json() == []
    untouched = await client.get(f"/api/{alice}/tasks/1", headers=bearer(settings, alice))
    assert untouched.status_code == 200
    assert untouched.json()["title"] == "Alice's secret"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"title": "   "}, "Invalid task: title must not be empty."),
        ({}, "Invalid task: title is required."),
        (
            {"title": "Call", "priority": "urgent"},
            "Invalid task: priority must be one of 'low', 'medium' or 'high' (got 'urgent').",
        ),
        ({"title": "Call", "owner": "bob"}, "Invalid task: unknown field 'owner'."),
        (
            {"title": "Call", "due": "2030-01-31T09:00:00"},
            "Invalid task: due must include a time zone, e.g. 2025-01-31T09:00:00+01:00.",
        ),
        (["not", "an", "object"], "The body must be a JSON object."),
    ],
    ids=["blank title", "no title", "priority", "unknown field", "naive due", "array body"],
)
async def test_invalid_input_is_422_with_the_service_sentence(
    client: httpx.AsyncClient, settings: Settings, body: Any, detail: str
) -> None:
    user = _user()
    response = await client.post(f"/api/{user}/tasks", json=body, headers=bearer(settings, user))
    assert response.status_code == 422
    assert response.json() == {"detail": detail}


async def test_invalid_update_and_query_are_422(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    user = _user()
    auth = bearer(settings, user)
    await _add(client, settings, user, title="Call mom")
    cleared = await client.put(f"/api/{user}/tasks/1", json={"title": None}, headers=auth)
    assert cleared.status_code == 422
    assert cleared.json() == {"detail": "Invalid task: title cannot be cleared."}
    bad_status = await client.get(f"/api/{user}/tasks", params={"status": "done"}, headers=auth)
    assert bad_status.status_code == 422
    assert "status must be one of" in bad_status.json()["detail"]
    bad_sort = await client.get(f"/api/{user}/tasks", params={"sort": "colour"}, headers=auth)
    assert bad_sort.status_code == 422
    assert "sort_by must be one of" in bad_sort.json()["detail"]
    unknown = await client.put(f"/api/{user}/tasks/9", json={"title": "x"}, headers=auth)
    assert unknown.status_code == 404


async def test_sign_in_and_scopes(client: httpx.AsyncClient, settings: Settings) -> None:
    user = _user()
    anonymous = await client.get(f"/api/{user}/tasks")
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")

    reader = bearer(settings, user, scopes=["tasks:read"])
    assert (await client.get(f"/api/{user}/tasks", headers=reader)).status_code == 200
    refused = await client.post(f"/api/{user}/tasks", json={"title": "x"}, headers=reader)
    assert refused.status_code == 403
    assert 'scope="tasks:write"' in refused.headers["WWW-Authenticate"]

    writer = bearer(settings, user, scopes=["tasks:write"])
    assert (await client.get(f"/api/{user}/tasks", headers=writer)).status_code == 403
    created = await client.post(f"/api/{user}/tasks", json={"title": "x"}, headers=writer)
    assert created.status_code == 201
