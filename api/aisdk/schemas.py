"""What ``DefaultChatTransport`` (``useChat``) posts: ``{id, messages, trigger, messageId}``
plus the app's own ``body`` fields, which are ignored.

``messages`` are UI messages (``{id, role, parts}``); only the last one is read, since the
thread's checkpoints already hold the conversation: a user message starts a turn, an
assistant message whose tool parts answer approvals resumes one.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_MESSAGES = 1000


class UIApproval(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(max_length=200)
    approved: bool | None = None
    reason: str | None = Field(default=None, max_length=2000)


class UIPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str = Field(max_length=200)
    text: str | None = None
    toolCallId: str | None = Field(default=None, max_length=200)  # noqa: N815 (the wire name)
    state: str | None = Field(default=None, max_length=50)
    approval: UIApproval | None = None


class UIMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(default="", max_length=200)
    role: Literal["system", "user", "assistant"]
    parts: list[UIPart] = Field(default_factory=list, max_length=MAX_MESSAGES)

    def text(self) -> str:
        return "".join(part.text or "" for part in self.parts if part.type == "text")


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=128, description="the chat id: a thread id")
    messages: list[UIMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    trigger: Literal["submit-message", "regenerate-message"] = "submit-message"
    messageId: str | None = Field(default=None, max_length=200)  # noqa: N815 (the wire name)
    timezone: str | None = Field(default=None, max_length=64)

    @property
    def last(self) -> UIMessage:
        return self.messages[-1]


def extra_fields(request: ChatRequest) -> dict[str, Any]:
    return dict(request.model_extra or {})
