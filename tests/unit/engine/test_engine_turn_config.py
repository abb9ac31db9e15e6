"""The one RunnableConfig of a turn, for a CLI session and for a server run alike."""

from __future__ import annotations

from api.runs.invocation import run_turn_of
from engine.turns import Turn, session_thread_id, session_turn, turn_config, user_hash
from graphs.state import Context
from tests.support.runs import run_record


def test_a_session_thread_belongs_to_its_user() -> None:
    assert session_thread_id("ann", "s1") != session_thread_id("ben", "s1")
    assert session_thread_id("ann", "s1") != session_thread_id("ann", "s2")
    turn = session_turn(Context(user_id="ann"))
    assert turn.thread_id == session_thread_id("ann", "default")
    assert turn.context.session_id == "default"


def test_the_cli_and_the_server_label_a_turn_on_one_thread_alike() -> None:
    """A run on the thread of Alice's CLI session gets the CLI's config plus the run's ids."""
    cli = session_turn(Context(user_id="alice", timezone="Europe/Berlin", session_id="s1"))
    server = run_turn_of(run_record(cli.thread_id, context={"timezone": "Europe/Berlin"}))
    cli_config, server_config = turn_config(cli), turn_config(server)
    run_labels = {"run_id", "assistant_id"}
    assert server_config["configurable"] == cli_config["configurable"]
    assert server_config["tags"] == cli_config["tags"]
    assert server_config["run_name"] == cli_config["run_name"] == "orchestrator"
    server_metadata = dict(server_config["metadata"])
    cli_metadata = dict(cli_config["metadata"])
    assert set(server_metadata) - run_labels == set(cli_metadata)
    assert server_metadata["user_hash"] == cli_metadata["user_hash"] == user_hash("alice")
    assert server_metadata["session_id"] == cli.thread_id  # a server's session is its thread
    assert cli_metadata["session_id"] == "s1"


def test_the_turns_own_labels_win_over_the_callers() -> None:
    turn = Turn(
        Context(user_id="alice", session_id="t1"),
        "t1",
        metadata={"user_hash": "forged", "thread_id": "other", "run_id": "x", "note": "hello"},
        tags=["mine"],
        recursion_limit=40,
    )
    config = turn_config(turn)
    metadata = config["metadata"]
    assert config["configurable"] == {"thread_id": "t1"}
    assert metadata["user_hash"] == user_hash("alice")
    assert metadata["thread_id"] == "t1"
    assert "run_id" not in metadata
    assert "run_id" not in config
    assert metadata["note"] == "hello"
    assert config["recursion_limit"] == 40
    assert config["tags"] == ["todo-orchestrator", "mine"]
