"""The chat ``id`` is a thread id: a thread of the caller's goes on, a new id starts one.

A UUID is taken as the thread id itself, so a chat can go on through the Agent Protocol
and the other way round. Any other id (``useChat`` makes short random ones) names the
caller's thread ``uuid5(user, id)``: the same chat of the same person always lands on the
same thread, and another person's same id on another thread. The thread id is also in
the response's message metadata (``threadId``).
"""

from __future__ import annotations

import uuid

from api.runs.manager import RunManager
from runstore import Conflict, NotFound, ThreadRecord

CHAT_IDS = uuid.UUID("5c0d1b0e-8f3a-4a52-9a4e-2a7f3c1d9e61")


def thread_id_for(user_id: str, chat_id: str) -> str:
    try:
        return str(uuid.UUID(chat_id))
    except ValueError:
        return str(uuid.uuid5(CHAT_IDS, f"{user_id}\n{chat_id}"))


async def chat_thread(
    runs: RunManager, user_id: str, chat_id: str, *, create: bool
) -> ThreadRecord:
    """The caller's thread of this chat (made when ``create``); ``NotFound`` otherwise,
    also when the id is another person's thread."""
    thread_id = thread_id_for(user_id, chat_id)
    thread = await runs.store.threads.get(user_id, thread_id)
    if thread is not None:
        return thread
    if not create:
        raise NotFound(f"chat {chat_id} not found")
    try:
        return await runs.store.threads.create(
            user_id, thread_id, {"source": "ai-sdk"}, if_exists="do_nothing"
        )
    except Conflict:  # someone else's thread has this id
        raise NotFound(f"chat {chat_id} not found") from None
