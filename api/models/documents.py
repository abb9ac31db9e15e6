"""The answers that are not one model: run event streams, run outputs, errors.

Routes spread these into ``responses=`` so ``/openapi.json`` names the media type and
the shape of what they send: ``EVENT_STREAM`` (``text/event-stream``, one event per
run event: ``id`` is its number, ``event`` its name, ``data`` one line of JSON),
``RUN_OUTPUT`` (the JSON output of a finished run, or ``{"__error__": …}``) and
``errors(...)`` (FastAPI's ``{"detail": …}``); ``AS_WRITTEN`` keeps left-out keys out.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.streaming import ALWAYS_SENT, STREAM_MODES

Responses = dict[int | str, dict[str, Any]]

# Route options for shapes that leave out keys with nothing to say (an interrupt's
# ``response_schema``, a checkpoint's ``checkpoint_map``): the answer leaves them out too.
AS_WRITTEN: dict[str, Any] = {"response_model_exclude_unset": True}

# messages-tuple events are named "messages"; the messages mode sends the three below.
_EVENT_NAMES = sorted(
    ALWAYS_SENT
    | (STREAM_MODES - {"messages-tuple"})
    | {"messages/metadata", "messages/partial", "messages/complete"}
)


class ErrorDetail(BaseModel):
    """What every refusal says (a 422 from validation carries a list of problems)."""

    detail: str | list[dict[str, Any]]


EVENT_STREAM: Responses = {
    200: {
        "description": "The run's events as server-sent events, ending with `end` or "
        "`error`; `: heartbeat` comments keep a quiet stream open.",
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "object",
                    "description": "One event (what an SSE client hands over).",
                    "properties": {
                        "id": {"type": "string", "description": "The event's number in the run."},
                        "event": {
                            "type": "string",
                            "description": "A stream mode, `mode|namespace` for a subgraph's "
                            f"events with stream_subgraphs; one of {', '.join(_EVENT_NAMES)}.",
                        },
                        "data": {"type": "string", "description": "One line of JSON."},
                    },
                    "required": ["event", "data"],
                }
            }
        },
    }
}


class RunFailure(BaseModel):
    error: str
    message: str


class RunOutput(BaseModel):
    """The graph's output values (see the assistant's ``output_schema``), or the failure."""

    model_config = ConfigDict(extra="allow")

    failure: RunFailure | None = Field(default=None, alias="__error__")


RUN_OUTPUT: Responses = {
    200: {
        "description": "The run's output once it ends (blank lines may come first while it "
        "runs), or `__error__` when it failed.",
        "model": RunOutput,
    }
}


def errors(*codes: int) -> Responses:
    """``{"detail": …}`` answers, by status code."""
    return {code: {"model": ErrorDetail} for code in codes}
