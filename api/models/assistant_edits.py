"""Request bodies of the assistant routes that write (create, patch, set latest, versions)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.runs.payloads import MAX_OFFSET, AssistantSearch, RunConfig

NAME_MAX_CHARS = 255


class AssistantCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    graph_id: str = Field(max_length=64)
    assistant_id: str | None = None
    config: dict[str, Any] = Field(default_factory=dict)
    context: dict[str, Any] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)
    if_exists: Literal["raise", "do_nothing"] = "raise"
    name: str | None = Field(default=None, max_length=NAME_MAX_CHARS)
    description: str | None = None

    @field_validator("config")
    @classmethod
    def _runnable(cls, config: dict[str, Any]) -> dict[str, Any]:
        RunConfig.model_validate(config)  # what a run takes from it must be valid
        return config


class AssistantPatch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    graph_id: str | None = Field(default=None, max_length=64)
    config: dict[str, Any] | None = None
    context: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = None
    name: str | None = Field(default=None, max_length=NAME_MAX_CHARS)
    description: str | None = None

    @field_validator("config")
    @classmethod
    def _runnable(cls, config: dict[str, Any] | None) -> dict[str, Any] | None:
        if config is not None:
            RunConfig.model_validate(config)
        return config


class AssistantLatest(BaseModel):
    version: int = Field(ge=1)


class AssistantSorted(AssistantSearch):
    sort_by: Literal["assistant_id", "graph_id", "name", "created_at", "updated_at"] | None = None
    sort_order: Literal["asc", "desc"] | None = None


class VersionSearch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    metadata: dict[str, Any] | None = None
    limit: int = Field(default=10, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
