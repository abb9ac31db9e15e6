"""Bounding what a model sees of a long thread.

The full thread stays in the checkpoint; each model call sees only the most recent
messages that fit the budget, cut so that it starts on a user message and never
separates a tool call from its result.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.messages import BaseMessage, HumanMessage, trim_messages

from chatmodels.messages import is_user_request

HISTORY_TOKEN_BUDGET = 3000


def recent(
    messages: Sequence[BaseMessage], budget: int = HISTORY_TOKEN_BUDGET
) -> list[BaseMessage]:
    """The tail of the thread that fits ``budget`` (approximate tokens)."""
    trimmed = trim_messages(
        list(messages),
        max_tokens=budget,
        token_counter="approximate",
        strategy="last",
        start_on=HumanMessage,
        allow_partial=False,
    )
    start = _latest_request_index(messages)
    if start is not None and messages[start] not in trimmed:
        return list(messages[start:])  # the current turn alone is over budget: keep it whole
    return list(trimmed)


def _latest_request_index(messages: Sequence[BaseMessage]) -> int | None:
    for index in range(len(messages) - 1, -1, -1):
        message = messages[index]
        if is_user_request(message):
            return index
    return None


def latest_request(messages: Sequence[BaseMessage]) -> str:
    """The text of the user's latest message (validator notes are not requests)."""
    for message in reversed(messages):
        if is_user_request(message):
            return message.text
    return ""
