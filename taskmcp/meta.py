"""What a tool call's MCP ``_meta`` may carry besides its arguments: where the change comes from.

The orchestrator sends each changing call an idempotency key derived from the run's
position (see ``nodes.effects``), and the thread and run for the audit. They travel in
the request's ``_meta``, beside the arguments and never among them: the model neither
sees nor fills them, so it can neither forget nor forge a key, and other MCP clients
(which send no ``_meta``) still call the same tools. A key is only ever matched within
the caller's own user (the bearer token's), so a guessed key reaches no one else's change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from taskservice.effects import NO_ORIGIN, Origin

PREFIX = "todo-orchestrator/"
IDEMPOTENCY_KEY = PREFIX + "idempotency-key"
THREAD_ID = PREFIX + "thread-id"
RUN_ID = PREFIX + "run-id"


class InvalidMeta(ValueError):  # noqa: N818 (the name callers know it by)
    """The call's ``_meta`` holds an unusable value; the message says which."""


def origin_meta(origin: Origin) -> dict[str, str]:
    """The ``_meta`` entries that carry ``origin`` (none for what it does not have)."""
    values = {IDEMPOTENCY_KEY: origin.key, THREAD_ID: origin.thread_id, RUN_ID: origin.run_id}
    return {name: value for name, value in values.items() if value is not None}


def origin_of(meta: Mapping[str, Any] | None) -> Origin:
    """The origin a call's ``_meta`` names (``InvalidMeta`` for a value that is not one)."""
    if not meta:
        return NO_ORIGIN
    values: dict[str, str | None] = {}
    for field, name in (("key", IDEMPOTENCY_KEY), ("thread_id", THREAD_ID), ("run_id", RUN_ID)):
        value = meta.get(name)
        if value is not None and (not isinstance(value, str) or not value):
            raise InvalidMeta(f"_meta {name!r} must be a non-empty string")
        values[field] = value
    try:
        return Origin(**values)
    except ValueError as exc:
        raise InvalidMeta(f"_meta: {exc}") from exc
