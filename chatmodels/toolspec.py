"""The tools bound to one call, in OpenAI function format, and fitting arguments to them.

The offline model only calls tools that are bound, with arguments valid for the bound JSON
schema: unknown keys are dropped, values are coerced to the declared type where that is
lossless, and enum values outside the enum are left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BoundTools:
    """Tool name -> JSON schema of its parameters, plus the forced tool, if any."""

    schemas: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    forced: str | None = None

    @classmethod
    def from_kwargs(cls, tools: Sequence[Any] | None, tool_choice: Any) -> BoundTools:
        schemas: dict[str, dict[str, Any]] = {}
        if tool_choice == "none":
            return cls()
        for tool in tools or []:
            if not isinstance(tool, dict):
                continue
            fn = tool.get("function", tool)
            name = fn.get("name")
            if isinstance(name, str):
                params = fn.get("parameters") or fn.get("input_schema") or {}
                schemas[name] = params if isinstance(params, dict) else {}
        return cls(schemas=schemas, forced=_forced_name(tool_choice, schemas))

    def has(self, name: str) -> bool:
        return name in self.schemas

    def fit(self, name: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
        """``args`` made valid for the tool's schema; None when a required one is missing."""
        schema = self.schemas.get(name)
        if schema is None:
            return None
        props: dict[str, Any] = schema.get("properties") or {}
        out: dict[str, Any] = {}
        for key, value in args.items():
            if value is None or (props and key not in props):
                continue
            fitted = _coerce(value, props.get(key, {}))
            if fitted is not _SKIP:
                out[key] = fitted
        required = schema.get("required") or []
        if any(key not in out for key in required):
            return None
        return out


_SKIP = object()


def _forced_name(tool_choice: Any, schemas: Mapping[str, Any]) -> str | None:
    if isinstance(tool_choice, str):
        if tool_choice in schemas:
            return tool_choice
        if tool_choice in {"any", "required"} and len(schemas) == 1:
            return next(iter(schemas))
        return None
    if tool_choice is True and len(schemas) == 1:
        return next(iter(schemas))
    if isinstance(tool_choice, dict):
        fn = tool_choice.get("function")
        name = fn.get("name") if isinstance(fn, dict) else tool_choice.get("name")
        return name if isinstance(name, str) and name in schemas else None
    return None


def _types(prop: Mapping[str, Any]) -> tuple[set[str], list[Any] | None]:
    types: set[str] = set()
    enum: list[Any] | None = prop.get("enum")
    declared = prop.get("type")
    if isinstance(declared, str):
        types.add(declared)
    elif isinstance(declared, list):
        types.update(t for t in declared if isinstance(t, str))
    for option in prop.get("anyOf", []) + prop.get("oneOf", []):
        if isinstance(option, dict):
            sub_types, sub_enum = _types(option)
            types |= sub_types
            if sub_enum:
                enum = (enum or []) + sub_enum
    if "const" in prop:
        enum = [prop["const"]]
    return types, enum


def _coerce(value: Any, prop: Mapping[str, Any]) -> Any:
    types, enum = _types(prop)
    if enum is not None and value not in enum:
        return _SKIP
    if not types:
        return value
    if isinstance(value, bool):
        return value if "boolean" in types else _SKIP
    if isinstance(value, int) and not {"integer", "number"} & types:
        return str(value) if "string" in types else _SKIP
    if isinstance(value, str):
        if "string" in types:
            return value
        if "integer" in types and value.strip().lstrip("-").isdigit():
            return int(value)
        if "array" in types:
            return [value]
        return _SKIP
    if isinstance(value, list):
        if "array" in types:
            return value
        if "string" in types:
            return ", ".join(str(v) for v in value)
        return _SKIP
    return value
