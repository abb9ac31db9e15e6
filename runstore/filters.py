"""Metadata filters: containment on PostgreSQL's JSONB, one ``json_extract`` per key on SQLite."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, cast, func
from sqlalchemy.dialects.postgresql import JSONB

from runstore.database import Database


def metadata_contains(
    db: Database, column: ColumnElement[Any], metadata: Mapping[str, Any]
) -> list[ColumnElement[bool]]:
    """Conditions that hold where ``column`` has every key of ``metadata`` with its value."""
    if not metadata:
        return []
    if db.is_postgres:
        return [column.op("@>")(cast(dict(metadata), JSONB))]
    return [
        func.json_extract(column, f'$."{_json_key(key)}"') == value
        for key, value in metadata.items()
    ]


def _json_key(key: str) -> str:
    return key.replace("\\", "\\\\").replace('"', '\\"')
