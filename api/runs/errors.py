"""Run-manager refusals as HTTP answers: not found 404, conflict 409, unsupported 422, and
503 (with ``Retry-After``) while the server is shutting down."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from fastapi import HTTPException, status

from api.runs.assistants import InvalidAssistant
from api.streaming import StreamModeError
from runstore import Conflict, NotFound

RETRY_AFTER_SECONDS = 5


class ShuttingDown(RuntimeError):  # noqa: N818 (reads as the answer: 503)
    """The server is stopping: it starts no new run (another one, or this one restarted, will)."""


class Unsupported(ValueError):  # noqa: N818 (reads as the answer: 422)
    """A request this server understands but does not serve; the message says which."""


@contextmanager
def http_errors() -> Iterator[None]:
    """Turn the run manager's refusals into ``HTTPException`` (messages are caller-safe)."""
    try:
        yield
    except NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(exc)) from None
    except Conflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc)) from None
    except (StreamModeError, InvalidAssistant, Unsupported) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
    except ShuttingDown as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail=str(exc),
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        ) from None


def checked_uuid(value: str, what: str) -> str:
    """``value`` in canonical UUID form, or 422 (``what`` names it: "thread", "run")."""
    try:
        return str(UUID(value))
    except ValueError:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"invalid {what} id: must be a UUID"
        ) from None
