"""A stored run as the run manager reads it, for tests of how runs become turns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from runstore import RunRecord

NOW = datetime(2025, 1, 1, tzinfo=UTC)
RUN_ID = "01a21385-b9f3-77ec-9dea-65349f22025c"
THREAD_ID = "01a21385-b965-7682-ae9d-f93954aeeb74"


def run_record(thread_id: str = THREAD_ID, **kwargs: Any) -> RunRecord:
    """A running run of alice's on ``thread_id``; ``kwargs`` are the run's (``metadata`` apart)."""
    return RunRecord(
        run_id=RUN_ID,
        thread_id=thread_id,
        owner_id="alice",
        assistant_id="224cf0be-a5c6-522f-86f0-b84379f45109",
        graph_id="orchestrator",
        status="running",
        multitask_strategy="reject",
        metadata=kwargs.pop("metadata", {}),
        kwargs=kwargs,
        output=None,
        error=None,
        cancel_requested=None,
        created_at=NOW,
        updated_at=NOW,
    )
