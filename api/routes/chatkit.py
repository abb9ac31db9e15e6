"""OpenAI ChatKit's endpoint: ``POST /chatkit`` (what ChatKit.js's custom backend calls).

The body is a ChatKit request (``threads.create``, ``threads.add_user_message``,
``threads.custom_action``, ``threads.list``, ``threads.get_by_id``, ``items.list``,
``threads.update``, ``threads.delete``...), handled by ``api.chatkit.server``; streaming
ones answer ``text/event-stream``, the others JSON. Sign-in is the API's (Bearer or
X-Api-Key, the ``chat`` scope); a thread named in the request must be the caller's
(404 otherwise) and is checked before anything streams. Requests that start a turn take
from the caller's rate limit; attachments, dictation, client tools, structured input
and retries are refused with 422.
"""

from __future__ import annotations

from typing import Any

from chatkit.server import StreamingResult
from chatkit.store import NotFoundError
from chatkit.types import (
    AttachmentsCreateReq,
    AttachmentsDeleteReq,
    ChatKitReq,
    InputTranscribeReq,
    ThreadsAddClientToolOutputReq,
    ThreadsAddStructuredInputReq,
    ThreadsAddUserMessageReq,
    ThreadsCreateReq,
    ThreadsRetryAfterItemReq,
    ThreadsSyncCustomActionReq,
    UserMessageTextContent,
    is_streaming_req,
)
from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError

from api.auth import require_scope
from api.chatkit.context import RequestContext
from api.chatkit.server import OrchestratorChatKit
from api.deps import ChatUser, RunsDep, SettingsDep
from api.models.documents import errors
from api.ops import check_message_size, take_quota
from api.runs.lookups import owned_thread
from api.sse import framed_stream

router = APIRouter(
    tags=["chatkit"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 422, 429),
)

REQUESTS: TypeAdapter[Any] = TypeAdapter(ChatKitReq)
UNSUPPORTED = (
    AttachmentsCreateReq,
    AttachmentsDeleteReq,
    InputTranscribeReq,
    ThreadsAddClientToolOutputReq,
    ThreadsAddStructuredInputReq,
    ThreadsRetryAfterItemReq,
    ThreadsSyncCustomActionReq,
)


@router.post(
    "/chatkit",
    responses={200: {"content": {"text/event-stream": {}, "application/json": {}}}},
)
async def chatkit(
    request: Request, user: ChatUser, runs: RunsDep, settings: SettingsDep
) -> Response:
    body = await request.body()
    try:
        parsed = REQUESTS.validate_json(body)
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False, include_input=False)) from None
    if isinstance(parsed, UNSUPPORTED):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"{parsed.type} is not supported here"
        )
    thread_id = getattr(parsed.params, "thread_id", None)
    if thread_id is not None:
        await owned_thread(runs, user.user_id, thread_id)
    if isinstance(parsed, ThreadsCreateReq | ThreadsAddUserMessageReq):
        text = "".join(
            part.text
            for part in parsed.params.input.content
            if isinstance(part, UserMessageTextContent)
        )
        if not text.strip():
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, detail="the message is empty"
            )
        check_message_size(text, settings)
    if is_streaming_req(parsed):
        take_quota(request, user.user_id, "chat")
    zone = parsed.metadata.get("timezone")  # ChatKit.js sends the request metadata it is given
    context = RequestContext(user.user_id, runs, timezone=zone if isinstance(zone, str) else None)
    try:
        result = await OrchestratorChatKit().process(body, context)
    except NotFoundError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    if isinstance(result, StreamingResult):
        return framed_stream(aiter(result), heartbeat_seconds=runs.options.heartbeat_seconds)
    return Response(content=result.json, media_type="application/json")
