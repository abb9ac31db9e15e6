"""A throwaway PostgreSQL server for the integration tests.

`postgres_server()` starts a private cluster with the distribution's server binaries
(`pg_config --bindir`) in a temporary directory (in memory under /dev/shm when there
is one), with durability switched off so it starts in about a second, and always stops
and deletes it afterwards. When
``TEST_DATABASE_URL`` is set, that server is used instead and nothing is started.
Tests get isolation from `PostgresServer.database()`: a fresh database each, dropped after.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

TEST_DATABASE_URL_ENV = "TEST_DATABASE_URL"
_SERVER_SETTINGS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
)
_START_ATTEMPTS = 3


@dataclass(frozen=True)
class PostgresServer:
    """A reachable server; `url` names its maintenance database (``postgresql://…``)."""

    url: str

    def url_for(self, dbname: str) -> str:
        """The URL of database `dbname` on this server."""
        return urlsplit(self.url)._replace(path=f"/{dbname}").geturl()

    @property
    def _admin_conninfo(self) -> str:
        # psycopg takes libpq URLs only: drop a SQLAlchemy driver suffix if present.
        scheme, rest = self.url.split("://", 1)
        return f"{scheme.split('+', 1)[0]}://{rest}"

    async def create_database(self, prefix: str = "test") -> str:
        """Create an empty database with a unique name and return its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:16]}"
        async with await psycopg.AsyncConnection.connect(
            self._admin_conninfo, autocommit=True
        ) as conn:
            await conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url_for(name)

    async def drop_database(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        async with await psycopg.AsyncConnection.connect(
            self._admin_conninfo, autocommit=True
        ) as conn:
            await conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    @asynccontextmanager
    async def database(self, prefix: str = "test") -> AsyncIterator[str]:
        """A fresh database for one test or module, dropped afterwards."""
        url = await self.create_database(prefix)
        try:
            yield url
        finally:
            await self.drop_database(url)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """The server at ``TEST_DATABASE_URL``, else a throwaway cluster for the duration."""
    external = os.environ.get(TEST_DATABASE_URL_ENV)
    if external:
        yield PostgresServer(external)
        return
    with throwaway_cluster() as server:
        yield server


@contextmanager
def throwaway_cluster() -> Iterator[PostgresServer]:
    """initdb + pg_ctl start in a temporary directory; stopped and deleted on exit."""
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="pgtest-", dir=_memory_backed_dir()))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    try:
        sockets.mkdir()
        if _is_root():
            for path in (root, sockets):
                shutil.chown(path, "postgres", "postgres")
        initdb: list[str | Path] = [bindir / "initdb", "-D", data, "-U", "postgres"]
        _run([*initdb, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], cwd=root)
        port = _start(bindir, data, sockets, log, cwd=root)
        try:
            yield PostgresServer(f"postgresql://postgres@127.0.0.1:{port}/postgres")
        finally:
            _run([bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], cwd=root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _start(bindir: Path, data: Path, sockets: Path, log: Path, *, cwd: Path) -> int:
    """Start the server on a free port, trying again if another process took the port."""
    for attempt in range(1, _START_ATTEMPTS + 1):
        port = _free_port()
        options = f"-p {port} -k {sockets} {_SERVER_SETTINGS}"
        command: list[str | Path] = [bindir / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "30"]
        command += ["-o", options]
        try:
            _run([*command, "start"], cwd=cwd)
        except RuntimeError:
            if attempt == _START_ATTEMPTS:
                server_log = log.read_text(errors="replace") if log.exists() else ""
                raise RuntimeError(f"PostgreSQL did not start:\n{server_log}") from None
        else:
            return port
    raise AssertionError("unreachable")


def _bindir() -> Path:
    pg_config = shutil.which("pg_config")
    if pg_config is None:
        raise RuntimeError(
            "pg_config not found: install the PostgreSQL server (apt-get install postgresql) "
            f"or set {TEST_DATABASE_URL_ENV} to a server the tests may create databases on"
        )
    out = subprocess.run([pg_config, "--bindir"], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip())


def _memory_backed_dir() -> str | None:
    """/dev/shm when usable: creating a database there is several times faster than on disk."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _is_root() -> bool:
    return os.geteuid() == 0


def _run(command: list[str | Path], *, cwd: Path) -> None:
    """Run a server binary, as the `postgres` user when we are root (initdb refuses root)."""
    argv = [str(part) for part in command]
    if _is_root():
        argv = ["runuser", "-u", "postgres", "--", *argv]
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
