"""Database trouble as HTTP answers: unreachable 503 with ``Retry-After``, unstorable 422.

``install_database_errors(app)`` registers one exception handler for the errors the
database drivers raise (SQLAlchemy's, psycopg's and its pool's, sqlite3's). A lost or
refused connection, a pool that timed out or closed, a locked SQLite file: the
database is unavailable, so 503 and ``Retry-After``. A value the database cannot
store (a number out of range, an untranslatable character) is the request's fault,
so 422; the input guard should have refused it first, this is the net under it. Any
other database error is a bug and stays a 500. Messages never carry the driver's text.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Literal

import psycopg
from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse, Response
from sqlalchemy import exc as sa

from api.ops.requestid import current_request_id

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
HANDLED = (sa.DBAPIError, sa.TimeoutError, sa.DisconnectionError, psycopg.Error, sqlite3.Error)
_UNAVAILABLE = (
    sa.OperationalError,
    sa.InterfaceError,
    sa.TimeoutError,
    sa.DisconnectionError,
    psycopg.OperationalError,  # psycopg_pool's PoolTimeout, PoolClosed, TooManyRequests too
    psycopg.InterfaceError,
    sqlite3.OperationalError,
)
_UNSTORABLE = (sa.DataError, psycopg.DataError, sqlite3.DataError)

Trouble = Literal["unavailable", "unstorable"]


def classify(error: BaseException) -> Trouble | None:
    """What a database error means for the caller; None for a bug (a 500)."""
    if isinstance(error, sa.DBAPIError) and error.connection_invalidated:
        return "unavailable"
    causes = (error, error.orig) if isinstance(error, sa.DBAPIError) else (error,)
    if any(isinstance(cause, _UNAVAILABLE) for cause in causes):
        return "unavailable"
    if any(isinstance(cause, _UNSTORABLE) for cause in causes):
        return "unstorable"
    return None


async def database_error(request: Request, error: Exception) -> Response:
    trouble = classify(error)
    if trouble is None:
        raise error
    route = f"{request.method} {request.url.path}"
    logger.warning("database %s in %s", trouble, route, exc_info=error)
    if trouble == "unstorable":
        body = {"detail": "The request holds a value the database cannot store."}
        return JSONResponse(body, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    return JSONResponse(
        {
            "detail": "The database is unavailable right now; try again shortly.",
            "request_id": current_request_id(),
        },
        status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def install_database_errors(app: FastAPI) -> None:
    for error_type in HANDLED:
        app.add_exception_handler(error_type, database_error)
