"""Answers of the thread operations beyond the Agent Protocol basics (updates, counts)."""

from __future__ import annotations

from pydantic import BaseModel, RootModel

from api.models.protocol import Checkpoint


class StateUpdated(BaseModel):
    """The checkpoint a state update wrote (the SDK's ``ThreadUpdateStateResponse``)."""

    checkpoint: Checkpoint


class Count(RootModel[int]):
    """How many match: a bare JSON number, as the SDK's ``count`` reads it."""
