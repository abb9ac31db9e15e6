"""JSON log lines carrying the request id, and the logging config that installs them.

Logging belongs to the process owner: ``orchestrator serve`` (or any launcher) passes
``log_config(settings)`` to ``uvicorn.run(..., log_config=...)``; nothing here runs on
import or in ``create_app``. Every record formatted by ``JsonFormatter`` gets the id of
the request it was logged for (``current_request_id()``), so a run's model calls, MCP
calls and the access line of its request can be joined on ``request_id``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from api.ops.requestid import current_request_id
from settings import Settings

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys()
    | {"message", "asctime", "taskName"}
)


class RequestIdFilter(logging.Filter):
    """Sets ``record.request_id`` from the current request when the caller did not."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras, error."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def log_config(settings: Settings) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the server (uvicorn's ``log_config=``).

    JSON to stderr when ``LOG_JSON`` (the default), plain text otherwise. Uvicorn's own
    access log is silenced: ``api.access`` logs every request, with its id; the
    per-message INFO lines of httpx and the MCP SDK are left out.
    """
    formatter = (
        {"()": f"{__name__}.JsonFormatter"}
        if settings.log_json
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["default"], "level": settings.log_level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            # A line per HTTP request and MCP message of the embedded servers: noise.
            "httpx": {"level": "WARNING"},
            "mcp": {"level": "WARNING"},
        },
    }
