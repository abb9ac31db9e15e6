"""ChatKit's ``Store`` over our own threads and checkpoints: no second copy.

Threads are the person's threads in the run store (every one of them, whichever client
started it; a ChatKit one is tagged ``{"source": "chatkit"}`` and keeps its title in its
metadata); items are read from the thread's checkpointed messages (``items``). Writing
an item is a no-op on purpose: the person's message and the assistant's answer reach
the conversation through the run that ``respond`` starts, and the checkpoint records
them. Every read filters by the owner, so another person's thread is ``NotFoundError``.
Attachments are not supported.
"""

from __future__ import annotations

import uuid
from typing import Any

from chatkit.store import NotFoundError, Store, StoreItemType
from chatkit.types import Attachment, Page, ThreadItem, ThreadMetadata

from api.chatkit.context import RequestContext
from api.chatkit.items import thread_items
from api.frontends.turns import outcome
from runstore import ThreadRecord

MAX_THREADS = 100


class ThreadStore(Store[RequestContext]):
    def generate_thread_id(self, context: RequestContext) -> str:
        return str(uuid.uuid4())

    def generate_item_id(
        self, item_type: StoreItemType, thread: ThreadMetadata, context: RequestContext
    ) -> str:
        return f"{item_type}_{uuid.uuid4().hex}"

    async def load_thread(self, thread_id: str, context: RequestContext) -> ThreadMetadata:
        return metadata_of(await owned(context, thread_id))

    async def save_thread(self, thread: ThreadMetadata, context: RequestContext) -> None:
        store = context.runs.store.threads
        if await store.get(context.user_id, thread.id) is None:
            metadata = {"source": "chatkit", "title": thread.title}
            await store.create(context.user_id, thread.id, metadata)
        else:
            await store.patch(context.user_id, thread.id, {"title": thread.title})

    async def load_threads(
        self, limit: int, after: str | None, order: str, context: RequestContext
    ) -> Page[ThreadMetadata]:
        offset = _offset(after)
        limit = max(1, min(limit, MAX_THREADS))
        found = await context.runs.store.threads.search(
            context.user_id,
            limit=limit + 1,
            offset=offset,
            sort_order="asc" if order == "asc" else "desc",
        )
        more = len(found) > limit
        return Page(
            data=[metadata_of(thread) for thread in found[:limit]],
            has_more=more,
            after=str(offset + limit) if more else None,
        )

    async def load_thread_items(
        self, thread_id: str, after: str | None, limit: int, order: str, context: RequestContext
    ) -> Page[ThreadItem]:
        items = await self._items(thread_id, context)
        if order == "desc":
            items.reverse()
        start = 0
        if after is not None:
            ids = [item.id for item in items]
            start = ids.index(after) + 1 if after in ids else len(ids)
        page = items[start : start + max(1, limit)]
        more = start + len(page) < len(items)
        return Page(data=page, has_more=more, after=page[-1].id if more and page else None)

    async def load_item(self, thread_id: str, item_id: str, context: RequestContext) -> ThreadItem:
        for item in await self._items(thread_id, context):
            if item.id == item_id:
                return item
        raise NotFoundError(f"item {item_id} not found")

    async def delete_thread(self, thread_id: str, context: RequestContext) -> None:
        if not await context.runs.delete_thread(context.user_id, _uuid(thread_id)):
            raise NotFoundError(f"thread {thread_id} not found")

    # The conversation is written by the runs; these keep nothing of their own.
    async def add_thread_item(
        self, thread_id: str, item: ThreadItem, context: RequestContext
    ) -> None:
        await owned(context, thread_id)

    async def save_item(self, thread_id: str, item: ThreadItem, context: RequestContext) -> None:
        await owned(context, thread_id)

    async def delete_thread_item(
        self, thread_id: str, item_id: str, context: RequestContext
    ) -> None:
        await owned(context, thread_id)

    async def save_attachment(self, attachment: Attachment, context: RequestContext) -> None:
        raise NotImplementedError("attachments are not supported")

    async def load_attachment(self, attachment_id: str, context: RequestContext) -> Attachment:
        raise NotFoundError(f"attachment {attachment_id} not found")

    async def delete_attachment(self, attachment_id: str, context: RequestContext) -> None:
        raise NotFoundError(f"attachment {attachment_id} not found")

    async def _items(self, thread_id: str, context: RequestContext) -> list[ThreadItem]:
        thread = await owned(context, thread_id)
        turn = await outcome(context.runs, thread)
        return thread_items(thread.thread_id, thread.created_at, turn.messages, turn.approvals)


async def owned(context: RequestContext, thread_id: str) -> ThreadRecord:
    thread = await context.runs.store.threads.get(context.user_id, _uuid(thread_id))
    if thread is None:
        raise NotFoundError(f"thread {thread_id} not found")
    return thread


def metadata_of(thread: ThreadRecord) -> ThreadMetadata:
    title: Any = thread.metadata.get("title")
    return ThreadMetadata(
        id=thread.thread_id,
        title=title if isinstance(title, str) else None,
        created_at=thread.created_at,
    )


def _uuid(thread_id: str) -> str:
    try:
        return str(uuid.UUID(thread_id))
    except ValueError:
        raise NotFoundError(f"thread {thread_id} not found") from None


def _offset(after: str | None) -> int:
    if after is None:
        return 0
    if not after.isdigit() or len(after) > 9:
        raise NotFoundError(f"no page after {after!r}")
    return int(after)
