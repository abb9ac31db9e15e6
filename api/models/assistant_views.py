"""Answers about the built-in assistants beyond the Agent Protocol basics: versions, subgraphs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, RootModel

from api.models.protocol import Timestamp


class AssistantVersion(BaseModel):
    assistant_id: str
    graph_id: str
    name: str
    description: str | None
    config: dict[str, Any]
    context: dict[str, Any]
    metadata: dict[str, Any]
    version: int
    created_at: Timestamp


class SubgraphSchemas(BaseModel):
    input_schema: dict[str, Any] | None
    output_schema: dict[str, Any] | None
    state_schema: dict[str, Any] | None
    config_schema: dict[str, Any] | None
    context_schema: dict[str, Any] | None


class Subgraphs(RootModel[dict[str, SubgraphSchemas]]):
    """The schemas of each subgraph, by namespace (``a|b`` for nested ones)."""
