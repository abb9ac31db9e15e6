"""A turn's activity as ChatKit stream events (pure; one ``TurnEvents`` per response).

The agents at work are progress updates; the reply streams as an assistant message
(added, a content part, text deltas, the part done, the item done), one per model
message; each task tool call with its result is a finished task item; an error is an
error event with the sentence a client may see; once the run ended, a reply that did not
stream (the validator's) and the approval cards come from the thread (``finish``).
"""

from __future__ import annotations

from datetime import datetime

from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageContentPartAdded,
    AssistantMessageContentPartDone,
    AssistantMessageContentPartTextDelta,
    ErrorEvent,
    ProgressUpdateEvent,
    ThreadItemAddedEvent,
    ThreadItemDoneEvent,
    ThreadItemUpdatedEvent,
    ThreadStreamEvent,
)

from api.chatkit.items import assistant_item, task_item
from api.chatkit.widgets import approval_item
from api.frontends.activity import Activity, Failed, Step, TextDelta, ToolDone
from api.frontends.turns import Outcome


class TurnEvents:
    def __init__(self, thread_id: str) -> None:
        self.thread_id = thread_id
        self.texts: dict[str, str] = {}
        self.open: str | None = None
        self.failed = False

    def activity(self, item: Activity) -> list[ThreadStreamEvent]:
        if isinstance(item, TextDelta):
            return self._text(item.message_id, item.delta)
        if isinstance(item, Step):
            return [ProgressUpdateEvent(text=item.text)]
        if isinstance(item, ToolDone) and not item.declined:
            return [
                *self._close(),
                ThreadItemDoneEvent(item=task_item(item, self.thread_id, _now())),
            ]
        if isinstance(item, Failed):
            self.failed = True
            return [*self._close(), ErrorEvent(message=item.message, allow_retry=True)]
        return []

    def finish(self, outcome: Outcome) -> list[ThreadStreamEvent]:
        events = self._close()
        if not self.failed and outcome.reply and outcome.reply_id not in self.texts:
            item = assistant_item(
                outcome.reply_id or "reply", self.thread_id, _now(), outcome.reply
            )
            events.append(ThreadItemDoneEvent(item=item))
        for approval in outcome.approvals:
            events.append(ThreadItemDoneEvent(item=approval_item(approval, self.thread_id, _now())))
        return events

    def _text(self, message_id: str, delta: str) -> list[ThreadStreamEvent]:
        events: list[ThreadStreamEvent] = []
        if message_id != self.open:
            if message_id in self.texts:  # a message already closed does not reopen
                self.texts[message_id] += delta
                return events
            events += self._close()
            self.open = message_id
            self.texts[message_id] = ""
            item = assistant_item(message_id, self.thread_id, _now(), "")
            events.append(ThreadItemAddedEvent(item=item.model_copy(update={"content": []})))
            part = AssistantMessageContentPartAdded(
                content_index=0, content=AssistantMessageContent(text="")
            )
            events.append(ThreadItemUpdatedEvent(item_id=message_id, update=part))
        self.texts[message_id] += delta
        update = AssistantMessageContentPartTextDelta(content_index=0, delta=delta)
        events.append(ThreadItemUpdatedEvent(item_id=message_id, update=update))
        return events

    def _close(self) -> list[ThreadStreamEvent]:
        if self.open is None:
            return []
        message_id, self.open = self.open, None
        text = self.texts[message_id]
        done = AssistantMessageContentPartDone(
            content_index=0, content=AssistantMessageContent(text=text)
        )
        item = assistant_item(message_id, self.thread_id, _now(), text)
        return [
            ThreadItemUpdatedEvent(item_id=message_id, update=done),
            ThreadItemDoneEvent(item=item),
        ]


def _now() -> datetime:
    return datetime.now().astimezone()
