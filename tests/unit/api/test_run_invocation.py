"""How a stored run becomes a turn: user from the owner, zone checked, ids kept, command built."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from langgraph.types import Command

from api.runs.invocation import pick_timezone, run_payload, run_turn_of
from engine.turns import turn_config, user_hash
from runstore import RunRecord

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _run(**kwargs: Any) -> RunRecord:
    return RunRecord(
        run_id="01a21385-b9f3-77ec-9dea-65349f22025c",
        thread_id="01a21385-b965-7682-ae9d-f93954aeeb74",
        owner_id="alice",
        assistant_id="224cf0be-a5c6-522f-86f0-b84379f45109",
        graph_id="orchestrator",
        status="running",
        multitask_strategy="reject",
        metadata=kwargs.pop("metadata", {}),
        kwargs=kwargs,
        output=None,
        error=None,
        cancel_requested=None,
        created_at=NOW,
        updated_at=NOW,
    )


def test_time_zone_from_context_only_when_real() -> None:
    assert pick_timezone({"timezone": "Europe/Berlin"}, "UTC") == "Europe/Berlin"
    assert pick_timezone({"timezone": "Mars/Base"}, "UTC") == "UTC"
    assert pick_timezone({"timezone": 5}, "Asia/Tokyo") == "Asia/Tokyo"
    assert pick_timezone(None, "UTC") == "UTC"


def test_context_user_is_the_owner_and_session_the_thread() -> None:
    run = _run(context={"timezone": "Europe/Berlin", "user_id": "mallory"})
    context = run_turn_of(run).context
    assert context.user_id == "alice"
    assert context.session_id == run.thread_id
    assert context.timezone == "Europe/Berlin"


def test_config_keeps_the_servers_metadata_over_the_callers() -> None:
    run = _run(
        metadata={
            "user_hash": "forged",
            "thread_id": "other",
            "assistant_id": "other",
            "note": "hello",
        },
        config={"recursion_limit": 40, "tags": ["mine"]},
    )
    config = turn_config(run_turn_of(run))
    assert config["configurable"] == {"thread_id": run.thread_id}
    metadata = config["metadata"]
    assert metadata["user_hash"] == user_hash("alice")
    assert metadata["thread_id"] == run.thread_id
    assert metadata["assistant_id"] == run.assistant_id
    assert metadata["run_id"] == run.run_id
    assert metadata["note"] == "hello"
    assert config["run_id"] == UUID(run.run_id)
    assert config["recursion_limit"] == 40
    assert "mine" in config["tags"]


def test_payload_is_the_input_or_a_command() -> None:
    assert run_payload(_run(input={"messages": []})) == {"messages": []}
    command = run_payload(_run(command={"resume": {"approved": True}}))
    assert isinstance(command, Command)
    assert command.resume == {"approved": True}
