"""Checking the ``messages`` of a Chat Completions request: roles, content types, and that
every assistant ``tool_calls`` message is answered by ``tool`` messages for each of its ids
before the conversation goes on. A ``tool`` message's content must be a string."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from typing import Any

from tests.support.openai_compat.errors import WireError, invalid_type

MESSAGE_KEYS: Mapping[str, frozenset[str]] = {
    "system": frozenset({"role", "content", "name"}),
    "developer": frozenset({"role", "content", "name"}),
    "user": frozenset({"role", "content", "name"}),
    "assistant": frozenset({"role", "content", "name", "tool_calls", "refusal"}),
    "tool": frozenset({"role", "content", "tool_call_id"}),
}
USER_PARTS = frozenset({"text", "image_url", "input_audio", "file"})
FUNCTION_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_MESSAGE_NAME = re.compile(r"^[^\s<|\\/>]+$")


def validate_messages(messages: Any) -> None:
    if messages is None:
        raise WireError("Missing required parameter: 'messages'.", param="messages")
    if not isinstance(messages, list):
        raise invalid_type("messages", "an array", messages)
    if not messages:
        raise WireError(
            "Invalid 'messages': empty array. Expected an array with minimum length 1.",
            param="messages",
            code="empty_array",
        )
    for index, message in enumerate(messages):
        _message(f"messages[{index}]", message)
    _tool_call_pairing(messages)


def _message(param: str, message: Any) -> None:
    if not isinstance(message, dict):
        raise invalid_type(param, "an object", message)
    role = message.get("role")
    if not isinstance(role, str) or role not in MESSAGE_KEYS:
        allowed = ", ".join(f"'{r}'" for r in MESSAGE_KEYS)
        raise WireError(
            f"Invalid value: {role!r}. Supported values are: {allowed}.",
            param=f"{param}.role",
            code="invalid_value",
        )
    for key in message:
        if key not in MESSAGE_KEYS[role]:
            raise WireError(f"Unrecognized request argument supplied: {param}.{key}", param=key)
    name = message.get("name")
    if name is not None and not (isinstance(name, str) and _MESSAGE_NAME.match(name)):
        raise WireError(f"Invalid '{param}.name': must match {_MESSAGE_NAME.pattern}.")
    content = message.get("content")
    if role == "tool":
        if not isinstance(content, str):
            raise invalid_type(f"{param}.content", "a string", content)
        if not isinstance(message.get("tool_call_id"), str):
            raise invalid_type(f"{param}.tool_call_id", "a string", message.get("tool_call_id"))
    elif role == "assistant":
        _assistant(param, message)
    else:
        _content(f"{param}.content", content, USER_PARTS if role == "user" else {"text"})


def _content(param: str, content: Any, parts: Collection[str]) -> None:
    if isinstance(content, str):
        return
    if not isinstance(content, list):
        raise invalid_type(param, "one of a string or array of objects", content)
    for index, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind not in parts:
            raise WireError(
                f"Invalid value: {kind!r}. Supported values are: {sorted(parts)}.",
                param=f"{param}[{index}].type",
                code="invalid_value",
            )
        if kind == "text" and not isinstance(part.get("text"), str):
            raise invalid_type(f"{param}[{index}].text", "a string", part.get("text"))


def _assistant(param: str, message: dict[str, Any]) -> None:
    calls = message.get("tool_calls")
    content = message.get("content")
    if content is None:
        if not calls:
            raise WireError(
                f"Invalid value for '{param}.content': expected a string, got null.",
                param=f"{param}.content",
            )
    else:
        _content(f"{param}.content", content, {"text", "refusal"})
    if calls is None:
        return
    if not isinstance(calls, list) or not calls:
        raise WireError(f"Invalid '{param}.tool_calls': expected a non-empty array.")
    for index, call in enumerate(calls):
        _tool_call(f"{param}.tool_calls[{index}]", call)


def _tool_call(param: str, call: Any) -> None:
    if not isinstance(call, dict) or set(call) != {"id", "type", "function"}:
        raise WireError(f"Invalid '{param}': expected exactly id, type and function.", param=param)
    if not isinstance(call["id"], str) or not call["id"]:
        raise invalid_type(f"{param}.id", "a non-empty string", call["id"])
    if call["type"] != "function":
        raise WireError(f"Invalid '{param}.type': expected 'function'.", param=f"{param}.type")
    function = call["function"]
    if not isinstance(function, dict) or set(function) != {"name", "arguments"}:
        raise WireError(f"Invalid '{param}.function': expected name and arguments.", param=param)
    if not isinstance(function["name"], str) or not FUNCTION_NAME.match(function["name"]):
        raise WireError(f"Invalid '{param}.function.name'.", param=f"{param}.function.name")
    if not isinstance(function["arguments"], str):
        raise invalid_type(f"{param}.function.arguments", "a string", function["arguments"])
    try:
        arguments = json.loads(function["arguments"])
    except ValueError:
        arguments = None
    if not isinstance(arguments, dict):
        raise WireError(
            f"Invalid '{param}.function.arguments': expected a JSON object encoded as a string.",
            param=f"{param}.function.arguments",
        )


def _tool_call_pairing(messages: list[dict[str, Any]]) -> None:
    """Each tool_calls message is followed by tool messages answering each of its ids."""
    waiting: dict[str, int] = {}  # call id -> index of the assistant message that made it
    answered: set[str] = set()
    for index, message in enumerate(messages):
        if message["role"] == "tool":
            call_id = message["tool_call_id"]
            if call_id not in waiting or call_id in answered:
                raise WireError(
                    "Invalid parameter: messages with role 'tool' must be a response to a "
                    "preceeding message with 'tool_calls'.",
                    param=f"messages.[{index}].role",
                )
            answered.add(call_id)
            continue
        _require_answers(waiting, answered)
        waiting, answered = {}, set()
        for call in message.get("tool_calls") or []:
            waiting[call["id"]] = index
    _require_answers(waiting, answered)


def _require_answers(waiting: dict[str, int], answered: set[str]) -> None:
    missing = [call_id for call_id in waiting if call_id not in answered]
    if missing:
        index = waiting[missing[0]]
        raise WireError(
            "An assistant message with 'tool_calls' must be followed by tool messages "
            "responding to each 'tool_call_id'. The following tool_call_ids did not have "
            f"response messages: {', '.join(missing)}",
            param=f"messages.[{index}].role",
        )
