"""Chat messages in a run's input, checked before the run exists.

The graphs read ``messages`` through LangGraph's ``add_messages``, which coerces what it
is given with langchain_core's ``convert_to_messages``; a message it cannot coerce fails
the run when the input is applied. ``check_messages`` applies the same coercion up front,
so such a body is refused with 422 instead: a list of messages (or one message), each a
string, a ``[role, content]`` pair, or ``{"role" | "type", "content", ...}`` with a role
LangChain knows and a string or list of content blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.messages import convert_to_messages

ACCEPTED = (
    "a string, a [role, content] pair, or an object with a role (user, assistant, system, "
    "developer, tool) or type (human, ai, system, tool) and a string or list content"
)


def check_messages(messages: Any) -> None:
    """``ValueError`` (caller-safe message) unless ``messages`` coerces to chat messages."""
    if messages is None or isinstance(messages, bool | int | float):
        raise ValueError("messages must be a list of messages")
    items = messages if isinstance(messages, list) else [messages]
    for index, item in enumerate(items):
        try:
            convert_to_messages([item])
        except Exception:  # the coercion fails in many ways on odd data: any is a refusal
            raise ValueError(f"messages[{index}] is not a message: give {ACCEPTED}") from None


def check_update(values: Any) -> None:
    """Like ``check_messages`` for the ``messages`` of a state update, when it has them."""
    if isinstance(values, Mapping) and "messages" in values:
        check_messages(values["messages"])
