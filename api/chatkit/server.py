"""``OrchestratorChatKit``: the ``openai-chatkit`` server whose answers are our turns.

``respond`` sends the person's message as a turn (``api.frontends.turns``, through the
run manager) and streams it as ChatKit events (``events``); ``action`` takes the
approval card's ``approval.answer`` (Approve / Reject), closes the card and streams
the resumed turn. Refusals are ``CustomStreamError``s: ChatKit shows their message.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

from chatkit.actions import Action
from chatkit.errors import CustomStreamError
from chatkit.server import ChatKitServer
from chatkit.types import (
    ThreadItem,
    ThreadItemReplacedEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    UserMessageTextContent,
    WidgetItem,
)
from pydantic import BaseModel, ValidationError

from api.chatkit.context import RequestContext
from api.chatkit.events import TurnEvents
from api.chatkit.store import ThreadStore, owned
from api.chatkit.widgets import ACTION, approval_item
from api.frontends.activity import TurnActivity
from api.frontends.turns import follow, outcome, start_answer, start_message
from api.runs.errors import Unsupported
from api.streaming import StreamModeError
from engine.turns import answer_for
from runstore import Conflict, NotFound, RunRecord, ThreadRecord


class ApprovalAnswer(BaseModel):
    interrupt_id: str
    approved: bool


ANSWERED = "This approval was already answered."
BUSY = "The assistant is still answering in this conversation; wait for it to finish."


class OrchestratorChatKit(ChatKitServer[RequestContext]):
    def __init__(self) -> None:
        super().__init__(ThreadStore())

    async def respond(
        self,
        thread: ThreadMetadata,
        input_user_message: UserMessageItem | None,
        context: RequestContext,
    ) -> AsyncIterator[ThreadStreamEvent]:
        if input_user_message is None:
            return
        record = await owned(context, thread.id)
        waiting = await outcome(context.runs, record)
        if any(message.id == input_user_message.id for message in waiting.messages):
            raise CustomStreamError("Retrying a message is not supported; send it again.")
        text = "\n".join(
            part.text
            for part in input_user_message.content
            if isinstance(part, UserMessageTextContent)
        )
        if thread.title is None:  # ChatKit saves the changed thread (ThreadStore.save_thread)
            thread.title = _title(text)
        with _refusals():
            run = await start_message(
                context.runs,
                context.user_id,
                thread.id,
                text,
                message_id=input_user_message.id,
                timezone=context.timezone,
            )
        async for event in _turn(context, record, run, TurnActivity()):
            yield event

    async def action(
        self,
        thread: ThreadMetadata,
        action: Action[str, Any],
        sender: WidgetItem | None,
        context: RequestContext,
    ) -> AsyncIterator[ThreadStreamEvent]:
        if action.type != ACTION:
            raise CustomStreamError(f"Unknown action {action.type!r}.")
        try:
            answer = ApprovalAnswer.model_validate(action.payload)
        except ValidationError:
            raise CustomStreamError("An approval answer is {interrupt_id, approved}.") from None
        record = await owned(context, thread.id)
        waiting = await outcome(context.runs, record)
        approval = next((a for a in waiting.approvals if a["id"] == answer.interrupt_id), None)
        if approval is None:
            raise CustomStreamError(ANSWERED)
        with _refusals():
            run = await start_answer(
                context.runs,
                context.user_id,
                thread.id,
                {approval["id"]: answer_for(approval, answer.approved)},
                timezone=context.timezone,
            )
        created = sender.created_at if sender is not None else datetime.now().astimezone()
        closed = approval_item(approval, thread.id, created, answer=answer.approved)
        yield ThreadItemReplacedEvent(item=closed)
        activity = TurnActivity()
        activity.seed(waiting.pending_calls)
        async for event in _turn(context, record, run, activity):
            yield event

    async def handle_stream_cancelled(
        self, thread: ThreadMetadata, pending_items: list[ThreadItem], context: RequestContext
    ) -> None:
        """The person stopped the answer: the turn's run is cancelled (what it changed stays)."""
        record = await context.runs.store.threads.get(context.user_id, thread.id)
        if record is not None and record.active_run_id is not None:
            with contextlib.suppress(NotFound, Conflict):  # it ended meanwhile
                await context.runs.cancel(context.user_id, thread.id, record.active_run_id)


async def _turn(
    context: RequestContext, thread: ThreadRecord, run: RunRecord, activity: TurnActivity
) -> AsyncIterator[ThreadStreamEvent]:
    events = TurnEvents(thread.thread_id)
    async for item in follow(context.runs, run, activity):
        for event in events.activity(item):
            yield event
    for event in events.finish(await outcome(context.runs, thread)):
        yield event


def _title(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    """The run manager's refusals as messages ChatKit shows."""
    try:
        yield
    except Conflict:
        raise CustomStreamError(BUSY) from None
    except NotFound:
        raise CustomStreamError("This conversation no longer exists.") from None
    except (Unsupported, StreamModeError) as error:
        raise CustomStreamError(str(error)) from None
