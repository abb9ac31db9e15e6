"""What the chat frontends' endpoints answer, for ``/openapi.json``.

``UI_MESSAGE_STREAM``: ``POST /ai-sdk/chat``'s server-sent events, one UI message chunk
each (``api.aisdk.chunks``); ``CHATKIT_ANSWER``: ``POST /chatkit``'s ChatKit events
(streaming requests) or JSON (the others), as the ``openai-chatkit`` library writes them.
"""

from __future__ import annotations

from api.models.documents import Responses

_CHUNK = {
    "type": "object",
    "description": "One UI message chunk as `data: <json>`; the stream ends with "
    "`data: [DONE]`; `: heartbeat` comments keep a quiet stream open.",
    "properties": {
        "type": {
            "type": "string",
            "description": "start, start-step, reasoning-*, text-*, tool-input-available, "
            "tool-output-available, tool-output-error, tool-output-denied, "
            "tool-approval-request, error, finish-step, finish",
        }
    },
    "required": ["type"],
}

UI_MESSAGE_STREAM: Responses = {
    200: {
        "description": "The turn as the AI SDK's UI message stream "
        "(header `x-vercel-ai-ui-message-stream: v1`).",
        "content": {"text/event-stream": {"schema": _CHUNK}},
    }
}

CHATKIT_ANSWER: Responses = {
    200: {
        "description": "Streaming requests: ChatKit's thread stream events as "
        "`data: <json>`. The others: their JSON answer (a thread, a page of threads or "
        "items, or `{}`).",
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "object",
                    "description": "One ChatKit thread stream event.",
                    "properties": {"type": {"type": "string"}},
                    "required": ["type"],
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "A ChatKit thread, a page ({data, has_more, after}) or {}.",
                    "properties": {
                        "id": {"type": "string"},
                        "data": {"type": "array", "items": {"type": "object"}},
                        "has_more": {"type": "boolean"},
                    },
                }
            },
        },
    }
}
