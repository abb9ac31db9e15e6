"""The Todo Evolution chat endpoint: ``POST /api/{user_id}/chat``.

Send ``{"conversation_id"?, "message"}``; the answer is ``{"conversation_id",
"response", "tool_calls": [{"name", "args", "ok"}], "workflow", "pending_approval",
"run_id", "fallback"}`` (``fallback``: null, or ``{"note", "nodes", "errors"}`` when the
offline model answered because the configured model failed). Without a
``conversation_id`` a new conversation (a thread of the user) is started. When a change
needs approval, ``pending_approval`` holds its ``summary`` and ``changes``; answer it with
``{"conversation_id", "approve": true|false}`` (409 when nothing waits for an answer).
One turn at a time per conversation: 409 while one runs.

The path's user must be the token's user (403 otherwise); turns go through the same run
machinery as the Agent Protocol (audit, metrics, streaming to joiners); the input, the
approval answer and the summary of the turn are ``engine.turns``', the CLI's too.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.auth import require_scope
from api.deps import RunsDep, SettingsDep
from api.models.documents import errors
from api.ops import ChatQuota, check_message_size
from api.runs.errors import http_errors
from api.runs.lookups import owned_thread
from api.runs.manager import RunManager
from api.runs.payloads import CommandPayload, RunCreate
from engine.turns import TurnResult, approval_answers, summarize, user_input
from runstore import ThreadRecord, new_id

router = APIRouter(
    tags=["chat"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 409, 422, 429, 500),
)

CHAT_GRAPH = "orchestrator"


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: str | None = Field(default=None, max_length=64)
    message: str | None = Field(default=None, min_length=1)
    approve: bool | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ChatRequest:
        if (self.message is None) == (self.approve is None):
            raise ValueError("send either a message or an approval answer (approve)")
        if self.approve is not None and self.conversation_id is None:
            raise ValueError("an approval answer needs the conversation_id")
        return self


class ChatToolCall(BaseModel):
    name: str | None
    args: dict[str, Any]
    ok: bool


class ChatFallback(BaseModel):
    """The offline model answered (part of) this turn: the configured model failed."""

    note: str
    nodes: list[str]
    errors: list[str]


class ChatResponse(BaseModel):
    conversation_id: str
    response: str
    tool_calls: list[ChatToolCall]
    workflow: str | None
    pending_approval: dict[str, Any] | None
    run_id: str
    fallback: ChatFallback | None = None


@router.post("/api/{user_id}/chat")
async def chat(
    user_id: str, body: ChatRequest, user: ChatQuota, runs: RunsDep, settings: SettingsDep
) -> ChatResponse:
    if user_id != user.user_id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="this is not your chat")
    if body.message is not None:
        check_message_size(body.message, settings)
    thread = await _conversation(runs, user.user_id, body.conversation_id)
    if body.message is not None:
        request = RunCreate(
            assistant_id=CHAT_GRAPH, input=user_input(body.message), multitask_strategy="reject"
        )
    else:
        state = await runs.state(thread)
        if not state.interrupts:
            raise HTTPException(status.HTTP_409_CONFLICT, detail="nothing is waiting for approval")
        answers = approval_answers({i.id: body.approve is True for i in state.interrupts})
        request = RunCreate(
            assistant_id=CHAT_GRAPH,
            command=CommandPayload(resume=answers),
            multitask_strategy="reject",
        )
    with http_errors():
        run = await runs.create(user.user_id, thread.thread_id, request)
    finished = await runs.wait(run)
    if finished.status == "error":
        raise HTTPException(
            status.HTTP_500_INTERNAL_SERVER_ERROR,
            detail="The assistant could not answer this time. Try again.",
        )
    state = await runs.state(thread)
    turn = summarize(state.values or {}, state.interrupts)
    return ChatResponse(
        conversation_id=thread.thread_id,
        response=turn.reply,
        tool_calls=[
            ChatToolCall(name=call.get("name"), args=call.get("args", {}), ok=bool(call.get("ok")))
            for call in turn.tool_calls
        ],
        workflow=turn.workflow,
        pending_approval=dict(turn.pending_approval) if turn.pending_approval else None,
        run_id=run.run_id,
        fallback=_fallback(turn),
    )


def _fallback(turn: TurnResult) -> ChatFallback | None:
    if turn.fallback_note is None:
        return None
    return ChatFallback(
        note=turn.fallback_note,
        nodes=list(dict.fromkeys(f["node"] for f in turn.fallbacks)),
        errors=list(dict.fromkeys(f["error"] for f in turn.fallbacks)),
    )


async def _conversation(
    runs: RunManager, user_id: str, conversation_id: str | None
) -> ThreadRecord:
    if conversation_id is not None:
        return await owned_thread(runs, user_id, conversation_id)
    with http_errors():
        return await runs.store.threads.create(user_id, new_id(), {"source": "chat"})
