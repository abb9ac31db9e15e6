"""Can the configured PostgreSQL databases be reached? One short connection each, at start-up."""

from __future__ import annotations

import psycopg

from persistence.urls import is_postgres, libpq_url, redact_url

CONNECT_TIMEOUT_SECONDS = 5


async def unreachable(urls: dict[str, str | None]) -> list[str]:
    """A sentence per setting (``{"DATABASE_URL": url}``) whose PostgreSQL cannot be reached."""
    problems = []
    for setting, url in urls.items():
        if not url or not is_postgres(url):
            continue
        try:
            connection = await psycopg.AsyncConnection.connect(
                libpq_url(url), connect_timeout=CONNECT_TIMEOUT_SECONDS, autocommit=True
            )
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            problems.append(
                f"{setting}: cannot connect to {redact_url(url)} ({reason}); start that "
                f"PostgreSQL, or leave {setting} empty for the embedded SQLite files"
            )
            continue
        await connection.close()
    return problems
