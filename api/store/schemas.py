"""Request and response bodies of the store API, as the official SDK's ``StoreClient`` sends
and reads them (langgraph-api's shapes): items with their namespace, key, value and times.

Namespace labels are non-empty and have no ``.`` (``GET`` joins them with dots).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

from api.runs.payloads import MAX_OFFSET

MAX_LABELS = 20
MAX_LABEL = 256
Label = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LABEL, pattern=r"^[^.]+$")]
Namespace = Annotated[list[Label], Field(max_length=MAX_LABELS)]
Key = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
# A time to live, in minutes, of at most ten years: the stores add it to a datetime.
MAX_TTL_MINUTES = 10 * 366 * 24 * 60


class StorePut(BaseModel):
    model_config = ConfigDict(extra="ignore")

    namespace: Annotated[list[Label], Field(min_length=1, max_length=MAX_LABELS)]
    key: Key
    value: dict[str, Any]
    index: Literal[False] | list[str] | None = None
    ttl: float | None = Field(default=None, gt=0, le=MAX_TTL_MINUTES)


class StoreDelete(BaseModel):
    model_config = ConfigDict(extra="ignore")

    namespace: Annotated[list[Label], Field(min_length=1, max_length=MAX_LABELS)]
    key: Key


class StoreSearch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    namespace_prefix: Namespace = Field(default_factory=list)
    filter: dict[str, Any] | None = None
    limit: int = Field(default=10, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    query: str | None = Field(default=None, max_length=10_000)
    refresh_ttl: bool | None = None


class NamespaceSearch(BaseModel):
    model_config = ConfigDict(extra="ignore")

    prefix: Namespace | None = None
    suffix: Namespace | None = None
    max_depth: int | None = Field(default=None, ge=1, le=MAX_LABELS)
    limit: int = Field(default=100, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


class StoreItem(BaseModel):
    namespace: list[str]
    key: str
    value: dict[str, Any]
    created_at: datetime
    updated_at: datetime


class StoreItemOrNone(RootModel[StoreItem | None]):
    """The item, or ``null`` when the caller has none under that namespace and key."""


class SearchItem(StoreItem):
    score: float | None = None


class SearchItems(BaseModel):
    items: list[SearchItem]


class Namespaces(BaseModel):
    namespaces: list[list[str]]
