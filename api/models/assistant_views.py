"""Answers about the built-in assistants beyond the Agent Protocol basics: versions, subgraphs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, RootModel


class SubgraphSchemas(BaseModel):
    input_schema: dict[str, Any] | None
    output_schema: dict[str, Any] | None
    state_schema: dict[str, Any] | None
    config_schema: dict[str, Any] | None
    context_schema: dict[str, Any] | None


class Subgraphs(RootModel[dict[str, SubgraphSchemas]]):
    """The schemas of each subgraph, by namespace (``a|b`` for nested ones)."""
