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

from typing import Annotated, Any

from chatkit.server import StreamingResult
from chatkit.store import NotFoundError, Store
from chatkit.types import (
    AttachmentsCreateReq,
    AttachmentsDeleteReq,
    ChatKitReq,
    InputTranscribeReq,
    ThreadsAddClientToolOutputReq,
    ThreadsAddStructuredInputReq,
    ThreadsAddUserMessageReq,
    ThreadsCreateReq,
    ThreadsCustomActionReq,
    ThreadsRetryAfterItemReq,
    ThreadsSyncCustomActionReq,
    UserMessageTextContent,
    is_streaming_req,
)
from fastapi import APIRouter, Body, Depends, HTTPException, Request, Response, status

from api.auth import require_scope
from api.chatkit.context import RequestContext
from api.chatkit.server import ANSWERED, OrchestratorChatKit
from api.chatkit.widgets import APPROVAL_PREFIX
from api.deps import ChatUser, RunsDep, SettingsDep
from api.models.documents import errors
from api.models.frontends import CHATKIT_ANSWER
from api.ops import check_message_size, take_quota
from api.runs.lookups import owned_thread
from api.sse import framed_stream

router = APIRouter(
    tags=["chatkit"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 404, 422, 429),
)

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
    responses=CHATKIT_ANSWER,
)
async def chatkit(
    parsed: Annotated[ChatKitReq, Body()],
    request: Request,
    user: ChatUser,
    runs: RunsDep,
    settings: SettingsDep,
) -> Response:
    server = OrchestratorChatKit()
    body = await request.body()  # the library parses it again, as it was sent
    if isinstance(parsed, UNSUPPORTED):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"{parsed.type} is not supported here"
        )
    context = RequestContext(user.user_id, runs, timezone=_zone(parsed.metadata))
    thread_id = getattr(parsed.params, "thread_id", None)
    if thread_id is not None:
        await owned_thread(runs, user.user_id, thread_id)
    if isinstance(parsed, ThreadsCustomActionReq) and parsed.params.item_id is not None:
        await _sender(server.store, parsed.params.thread_id, parsed.params.item_id, context)
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
    try:
        result = await server.process(body, context)
    except NotFoundError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    if isinstance(result, StreamingResult):
        return framed_stream(aiter(result), heartbeat_seconds=runs.options.heartbeat_seconds)
    return Response(content=result.json, media_type="application/json")


def _zone(metadata: dict[str, Any]) -> str | None:
    """The time zone in the request's metadata (ChatKit.js sends what it is given)."""
    zone = metadata.get("timezone")
    return zone if isinstance(zone, str) else None


async def _sender(
    store: Store[RequestContext], thread_id: str, item_id: str, context: RequestContext
) -> None:
    """The item an action comes from exists: an answered approval's card is gone (409)."""
    try:
        await store.load_item(thread_id, item_id, context)
    except NotFoundError:
        if item_id.startswith(APPROVAL_PREFIX):
            raise HTTPException(status.HTTP_409_CONFLICT, detail=ANSWERED) from None
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"item {item_id} not found") from None
