"""Stateless runs (``POST /runs``, ``/runs/stream``, ``/runs/wait``, ``/runs/batch``).

A stateless run gets a new thread of the caller's; ``on_completion="delete"`` (the
default, as in the reference server) deletes it once the run has ended and its answer
was delivered, ``"keep"`` leaves it like any other thread. Resuming needs the thread
that waits, so a stateless ``command.resume`` is refused.
"""

from __future__ import annotations

from typing import Literal

from api.ops import check_run_input
from api.runs.errors import Unsupported
from api.runs.manager import RunManager
from api.runs.payloads import RunCreate
from runstore import RunRecord, new_id
from settings import Settings

MAX_BATCH = 100


class StatelessRunCreate(RunCreate):
    on_completion: Literal["delete", "keep"] = "delete"


async def create_stateless(
    runs: RunManager,
    settings: Settings,
    user_id: str,
    body: StatelessRunCreate,
    *,
    held: bool,
) -> RunRecord:
    """Start the run on a new thread; ``held``: the caller releases it once answered."""
    check_run_input(body.input, settings)
    if body.command is not None and body.command.is_resume:
        raise Unsupported("resuming needs the thread that waits: give its thread id")
    temporary = body.on_completion == "delete"
    on_new_thread = body.model_copy(update={"if_not_exists": "create"})
    return await runs.create(
        user_id, new_id(), on_new_thread, temporary=temporary, held=held and temporary
    )
