"""``/openapi.json`` describes what every operation answers when it succeeds.

A handler returning a bare ``dict`` (or ``Any``) is documented as "some object"; the
schema must name the shape instead (a model, a list of one, or declared properties), or
declare its event stream, or say there is no body at all (202, 204).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import APIRouter, FastAPI

from api.app import create_app
from settings import Settings

NO_BODY = {"202", "204"}


def _document(extra: APIRouter | None = None) -> dict[str, Any]:
    app: FastAPI = create_app(Settings(_env_file=None, environment="test"))
    if extra is not None:
        app.include_router(extra)
    return app.openapi()


def _shaped(schema: dict[str, Any]) -> bool:
    if "$ref" in schema or schema.get("properties"):
        return True
    items = schema.get("items")
    return schema.get("type") == "array" and isinstance(items, dict) and _shaped(items)


def _undescribed(document: dict[str, Any]) -> list[str]:
    missing = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            answers = {
                code: answer
                for code, answer in operation["responses"].items()
                if code.startswith("2")
            }
            described = bool(answers) and all(
                all(_shaped(media.get("schema", {})) for media in answer["content"].values())
                if answer.get("content")
                else code in NO_BODY
                for code, answer in answers.items()
            )
            if not described:
                missing.append(f"{method.upper()} {path}")
    return missing


def test_every_operation_describes_its_successful_answer() -> None:
    assert _undescribed(_document()) == []


def test_event_streams_are_documented_as_such() -> None:
    paths = _document()["paths"]
    for path in ("/threads/{thread_id}/runs/stream", "/threads/{thread_id}/runs/{run_id}/stream"):
        (operation,) = paths[path].values()
        assert list(operation["responses"]["200"]["content"]) == ["text/event-stream"]


def _bare_dict() -> dict[str, Any]:
    return {}


def _bare_list() -> list[dict[str, Any]]:
    return []


def _any() -> Any:
    return None


@pytest.mark.parametrize("handler", [_bare_dict, _bare_list, _any])
def test_a_handler_answering_an_undescribed_shape_is_caught(handler: Any) -> None:
    router = APIRouter()
    router.get("/probe")(handler)
    assert _undescribed(_document(router)) == ["GET /probe"]
