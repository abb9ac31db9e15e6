"""JSON schemas of a graph's input, output, state and context, for ``GET …/schemas``.

LangGraph builds them with pydantic, which refuses ``typing.TypedDict`` before Python
3.12; when that happens the TypedDicts are rebuilt as ``typing_extensions.TypedDict``
(same fields, same totality) and the schema is made from the copy. A schema that still
cannot be made is ``None``, as the reference server answers.
"""

from __future__ import annotations

import logging
import types
import typing
from collections.abc import Callable
from typing import Any

import typing_extensions
from pydantic import TypeAdapter

from engine.core import Compiled

logger = logging.getLogger(__name__)


def graph_schemas(graph: Compiled) -> dict[str, Any]:
    builder = graph.builder
    return {
        "input_schema": _schema(graph.get_input_jsonschema, builder.input_schema),
        "output_schema": _schema(graph.get_output_jsonschema, builder.output_schema),
        "state_schema": _schema(None, builder.state_schema),
        "config_schema": None,
        "context_schema": _schema(graph.get_context_jsonschema, builder.context_schema),
    }


def _schema(
    native: Callable[[], dict[str, Any] | None] | None, declared: Any
) -> dict[str, Any] | None:
    if native is not None:
        try:
            return native()
        except Exception:
            pass
    if declared is None:
        return None
    try:
        schema: dict[str, Any] = TypeAdapter(_portable(declared, {})).json_schema()
        return schema
    except Exception:
        logger.warning("no JSON schema for %r", declared, exc_info=True)
        return None


def _portable(tp: Any, seen: dict[Any, Any]) -> Any:
    """``tp`` with every ``typing.TypedDict`` in it rebuilt as a ``typing_extensions`` one."""
    if typing.is_typeddict(tp) and not isinstance(tp, typing_extensions._TypedDictMeta):  # type: ignore[attr-defined]
        if tp in seen:
            return seen[tp]
        hints = typing.get_type_hints(tp, include_extras=True)
        fields = {}
        for name, hint in hints.items():
            inner = _portable(hint, seen)
            required = name in getattr(tp, "__required_keys__", hints)
            fields[name] = inner if required else typing_extensions.NotRequired[inner]
        rebuilt = typing_extensions.TypedDict(tp.__name__, fields)  # type: ignore[misc]
        seen[tp] = rebuilt
        return rebuilt
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if not args:
        return tp
    if origin is typing.Annotated:
        return typing.Annotated[(_portable(args[0], seen), *tp.__metadata__)]
    portable = tuple(_portable(arg, seen) for arg in args)
    if portable == args:
        return tp
    if origin is typing.Union or origin is types.UnionType:
        return typing.Union[portable]  # noqa: UP007
    if origin is not None:
        return origin[portable] if len(portable) > 1 else origin[portable[0]]
    return tp
