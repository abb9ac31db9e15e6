"""Which database errors are the database being away (503), the value (422), or a bug."""

from __future__ import annotations

import sqlite3

import psycopg
import psycopg_pool
import pytest
from sqlalchemy import exc as sa

from api.ops.dberrors import Trouble, classify


def wrapped(error_type: type[sa.DBAPIError], orig: Exception, **kwargs: bool) -> sa.DBAPIError:
    return error_type("SELECT 1", {}, orig, **kwargs)


@pytest.mark.parametrize(
    ("error", "trouble"),
    [
        (wrapped(sa.OperationalError, psycopg.OperationalError("refused")), "unavailable"),
        (wrapped(sa.InterfaceError, psycopg.InterfaceError("closed")), "unavailable"),
        (wrapped(sa.DBAPIError, Exception("gone"), connection_invalidated=True), "unavailable"),
        (wrapped(sa.DBAPIError, psycopg.OperationalError("lost")), "unavailable"),
        (sa.TimeoutError("QueuePool limit reached"), "unavailable"),
        (psycopg_pool.PoolTimeout("no connection in 30 s"), "unavailable"),
        (psycopg.OperationalError("server closed the connection"), "unavailable"),
        (sqlite3.OperationalError("database is locked"), "unavailable"),
        (wrapped(sa.DataError, psycopg.DataError("integer out of range")), "unstorable"),
        (psycopg.DataError("invalid byte sequence"), "unstorable"),
        (wrapped(sa.IntegrityError, psycopg.IntegrityError("duplicate key")), None),
        (wrapped(sa.ProgrammingError, psycopg.ProgrammingError("no such column")), None),
        (sqlite3.IntegrityError("UNIQUE constraint failed"), None),
    ],
)
def test_classify(error: Exception, trouble: Trouble | None) -> None:
    assert classify(error) == trouble
