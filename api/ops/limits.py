"""Size limits on what callers send: each chat message (and where the body limit is).

The body limit is Starlette's ``RequestBodyLimitMiddleware`` (installed by ``install_ops``
inside the request id, outside the input guard): a plain-text 413 ``Content Too Large``
once ``Content-Length`` says too much or the bytes read pass the limit, whatever the
header claimed (chunked bodies included). Message length is checked by the endpoints
that take chat messages: ``check_message_size(text, settings)`` for one text, ``check_run_input``
for an Agent Protocol run input (``{"messages": [...]}``); both answer 422.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import HTTPException, status

from settings import Settings


def check_message_size(text: str, settings: Settings) -> None:
    """422 unless ``text`` fits in ``MAX_MESSAGE_CHARS``."""
    limit = settings.max_message_chars
    if len(text) > limit:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=(
                f"The message is too long: {len(text)} characters, at most {limit} are accepted."
            ),
        )


def check_run_input(run_input: Any, settings: Settings) -> None:
    """422 when a message of a run input (``{"messages": [...]}``) is too long."""
    if not isinstance(run_input, Mapping):
        return
    messages = run_input.get("messages")
    if isinstance(messages, str | Mapping):
        messages = [messages]
    if not isinstance(messages, Sequence):
        return
    for message in messages:
        check_message_size(message_text(message), settings)


def message_text(message: Any) -> str:
    """The text of a message as clients send it: a string, ``(role, text)``, or a dict
    whose ``content`` is a string or a list of content blocks."""
    if isinstance(message, str):
        return message
    if isinstance(message, Sequence) and len(message) == 2 and isinstance(message[1], str):
        return message[1]
    if not isinstance(message, Mapping):
        return ""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):
        parts = [
            block if isinstance(block, str) else block.get("text", "")
            for block in content
            if isinstance(block, str | Mapping)
        ]
        return "".join(part for part in parts if isinstance(part, str))
    return ""
