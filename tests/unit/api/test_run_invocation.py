"""How a stored run becomes a turn: user from the owner, zone checked, ids kept, command built."""

from __future__ import annotations

from uuid import UUID

from langgraph.types import Command

from api.runs.invocation import pick_timezone, run_payload, run_turn_of
from engine.turns import turn_config, user_hash
from tests.support.runs import run_record


def test_time_zone_from_context_only_when_real() -> None:
    assert pick_timezone({"timezone": "Europe/Berlin"}, "UTC") == "Europe/Berlin"
    assert pick_timezone({"timezone": "Mars/Base"}, "UTC") == "UTC"
    assert pick_timezone({"timezone": 5}, "Asia/Tokyo") == "Asia/Tokyo"
    assert pick_timezone(None, "UTC") == "UTC"


def test_context_user_is_the_owner_and_session_the_thread() -> None:
    run = run_record(context={"timezone": "Europe/Berlin", "user_id": "mallory"})
    context = run_turn_of(run).context
    assert context.user_id == "alice"
    assert context.session_id == run.thread_id
    assert context.timezone == "Europe/Berlin"


def test_config_keeps_the_servers_metadata_over_the_callers() -> None:
    run = run_record(
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
    assert run_payload(run_record(input={"messages": []})) == {"messages": []}
    command = run_payload(run_record(command={"resume": {"approved": True}}))
    assert isinstance(command, Command)
    assert command.resume == {"approved": True}
