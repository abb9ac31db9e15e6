"""Graph schemas on Python 3.11: ``typing.TypedDict`` states still get JSON schemas."""

from __future__ import annotations

import operator
from typing import Annotated, TypedDict

from api.runs.schemas import _schema


class Record(TypedDict):
    name: str
    ok: bool


class State(TypedDict, total=False):
    records: Annotated[list[Record], operator.add]
    note: str | None


def test_a_typing_typeddict_state_gets_a_schema() -> None:
    schema = _schema(None, State)
    assert schema is not None
    assert set(schema["properties"]) == {"records", "note"}
    assert "required" not in schema
    record = schema["$defs"]["Record"]
    assert set(record["required"]) == {"name", "ok"}


def test_the_graphs_own_schema_wins_and_nothing_is_none() -> None:
    assert _schema(lambda: {"title": "native"}, State) == {"title": "native"}
    assert _schema(None, None) is None
