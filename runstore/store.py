"""``RunStore``: threads, runs (and their leases), run events, the audit log and the users'
assistants, on one database."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from persistence.sql import create_engine
from runstore.assistants import Assistants
from runstore.audit import AuditLog
from runstore.database import Database
from runstore.events import Events
from runstore.leases import Leases
from runstore.migrate import current_revision, head_revision, upgrade
from runstore.runs import Runs
from runstore.threads import Threads


class RunStore:
    """Open with ``RunStore.open(url)``, close with ``close()``."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.db = Database(engine)
        self.threads = Threads(self.db)
        self.runs = Runs(self.db)
        self.leases = Leases(self.db)
        self.events = Events(self.db)
        self.audit = AuditLog(self.db)
        self.assistants = Assistants(self.db)

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True) -> RunStore:
        """Connect to ``url`` (``postgresql://…`` or ``sqlite+aiosqlite:///…``) at schema head."""
        engine = create_engine(url)
        try:
            if migrate:
                await upgrade(engine)
            elif await current_revision(engine) != head_revision():
                raise RuntimeError("the run store schema is not at the latest revision")
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine)

    async def close(self) -> None:
        await self.db.engine.dispose()
