"""Assistant ids: the reference server's uuid5 of the graph name; names accepted as ids."""

from __future__ import annotations

import uuid

import pytest

from api.runs.assistants import InvalidAssistant, assistant_id_for, assistant_json, resolve_graph

GRAPHS = {"orchestrator": object(), "sequential": object()}


def test_ids_match_the_reference_server() -> None:
    namespace = uuid.UUID("6ba7b821-9dad-11d1-80b4-00c04fd430c8")
    assert assistant_id_for("orchestrator") == str(uuid.uuid5(namespace, "orchestrator"))


def test_resolve_by_name_by_id_and_unknown() -> None:
    assert resolve_graph("sequential", GRAPHS) == "sequential"
    assert resolve_graph(assistant_id_for("orchestrator"), GRAPHS) == "orchestrator"
    assert resolve_graph(assistant_id_for("orchestrator").upper(), GRAPHS) == "orchestrator"
    assert resolve_graph(str(uuid.uuid4()), GRAPHS) is None
    with pytest.raises(InvalidAssistant):
        resolve_graph("not-a-graph", GRAPHS)


def test_assistant_shape() -> None:
    assistant = assistant_json("orchestrator")
    assert assistant["assistant_id"] == assistant_id_for("orchestrator")
    assert assistant["graph_id"] == assistant["name"] == "orchestrator"
    assert {"config", "context", "metadata", "version", "created_at", "updated_at"} <= set(
        assistant
    )
