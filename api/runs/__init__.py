"""The run manager: Agent Protocol runs on the compiled graphs, in background tasks.

``RunManager.open(store, engine, settings)`` in the app lifespan; routes reach it as
``RunsDep``. ``server_database_url(settings)`` names the run store's database: the
one LangGraph's checkpoints use.
"""

from __future__ import annotations

from api.runs.manager import RunManager
from api.runs.options import RunOptions
from settings import Settings


def server_database_url(settings: Settings) -> str:
    """DATABASE_URL (PostgreSQL, or a SQLite file), else SQLite ``DATA_DIR/server.db``."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite+aiosqlite:///{(settings.data_dir / 'server.db').resolve()}"


__all__ = ["RunManager", "RunOptions", "server_database_url"]
