"""The server's own answers: ``GET /ok``'s health report."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class HealthCheck(BaseModel):
    """One dependency: ``ok``, and what its check adds (``error``, ``latency_ms``, ``kind``…)."""

    model_config = ConfigDict(extra="allow")

    ok: bool


class HealthReport(BaseModel):
    ok: bool
    checks: dict[str, HealthCheck]
