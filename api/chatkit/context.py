"""What every ChatKit call of one request knows: who asks, and the run manager."""

from __future__ import annotations

from dataclasses import dataclass

from api.runs.manager import RunManager


@dataclass(frozen=True)
class RequestContext:
    user_id: str
    runs: RunManager
    timezone: str | None = None
