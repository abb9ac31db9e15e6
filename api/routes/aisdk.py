"""The Vercel AI SDK's chat endpoint: ``POST /ai-sdk/chat`` (``DefaultChatTransport``).

The body is what ``useChat`` sends (``api.aisdk.schemas``); the answer is the UI message
stream (``x-vercel-ai-ui-message-stream: v1``, ``api.aisdk.chunks``). The chat ``id`` is
the thread (``api.aisdk.threads``); a user message starts a turn, an assistant message
with answered approval parts resumes the waiting one (``api.aisdk.approvals``). Turns go
through the run manager like every run; closing the response cancels the turn. Sign-in,
scope and rate limit as ``/api/{user_id}/chat``; another person's chat is 404.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, status
from sse_starlette import EventSourceResponse

from api.aisdk.approvals import ApprovalAnswerError, ApprovalGoneError, answers_for, responses_in
from api.aisdk.schemas import ChatRequest
from api.aisdk.stream import HEADERS, ui_message_stream
from api.aisdk.threads import chat_thread
from api.auth import require_scope
from api.deps import RunsDep, SettingsDep
from api.frontends.activity import TurnActivity
from api.frontends.turns import outcome, start_answer, start_message
from api.models.documents import errors
from api.models.frontends import UI_MESSAGE_STREAM
from api.ops import ChatQuota, check_message_size
from api.runs.errors import http_errors
from api.sse import event_source

router = APIRouter(
    tags=["ai-sdk"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 409, 422, 429),
)


def _unprocessable(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=detail)


@router.post(
    "/ai-sdk/chat",
    response_class=EventSourceResponse,
    responses=UI_MESSAGE_STREAM,
)
async def ai_sdk_chat(
    body: ChatRequest, user: ChatQuota, runs: RunsDep, settings: SettingsDep
) -> EventSourceResponse:
    if body.trigger == "regenerate-message":
        raise _unprocessable("regenerating a message is not supported; send a new message")
    last = body.last
    activity = TurnActivity()
    answered: tuple[Any, dict[str, Any]] | None = None
    message_id: str | None = None
    with http_errors():
        if last.role == "user":
            text = last.text()
            if not text.strip():
                raise _unprocessable("the last message has no text")
            check_message_size(text, settings)
            thread = await chat_thread(runs, user.user_id, body.id, create=True)
            run = await start_message(
                runs, user.user_id, thread.thread_id, text, timezone=body.timezone
            )
            message_id = f"msg-{run.run_id}"
        elif last.role == "assistant":
            thread = await chat_thread(runs, user.user_id, body.id, create=False)
            try:
                responses = responses_in(last)
                if not responses:
                    raise ApprovalAnswerError("the last message answers no approval")
                waiting = await outcome(runs, thread)
                answers = answers_for(waiting.approvals, responses)
            except ApprovalGoneError as error:
                raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
            except ApprovalAnswerError as error:
                raise _unprocessable(str(error)) from None
            run = await start_answer(
                runs, user.user_id, thread.thread_id, answers, timezone=body.timezone
            )
            activity.seed(waiting.pending_calls)
            answered = (waiting.approvals, answers)
        else:
            raise _unprocessable("the last message must be the person's or answer approvals")
    stream = ui_message_stream(
        runs, thread, run, activity, message_id=message_id, answered=answered
    )
    return event_source(
        stream,
        heartbeat_seconds=runs.options.heartbeat_seconds,
        headers=HEADERS,
        on_disconnect=lambda: runs.cancel_quietly(run),
    )
