"""Request bodies of the thread endpoints beyond create/search/patch: state updates, counts."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class StateUpdate(BaseModel):
    """``POST /threads/{id}/state``: write ``values`` as if ``as_node`` had just run."""

    model_config = ConfigDict(extra="ignore")

    values: dict[str, Any] | None = None
    as_node: str | None = Field(default=None, max_length=200)
    checkpoint: dict[str, Any] | None = None
    checkpoint_id: str | None = Field(default=None, max_length=100)


class ThreadCount(BaseModel):
    """``POST /threads/count``: the caller's threads matching the filters."""

    model_config = ConfigDict(extra="ignore")

    metadata: dict[str, Any] | None = None
    status: Literal["idle", "busy", "interrupted", "error"] | None = None
