"""Operations endpoints: ``GET /ok`` (per-dependency health) and ``GET /metrics``.

Both are unauthenticated so probes and scrapers need no user token; ``/ok`` shows only
ok/failed and short public reasons; while the server shuts down it answers 503 with a
``runs`` check saying so, so a load balancer stops sending work. ``/metrics`` can be switched off
(``METRICS_ENABLED=false``) or require ``Authorization: Bearer <METRICS_TOKEN>``.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.responses import JSONResponse

from api.auth import bearer_token
from api.deps import EngineDep, RunsDep, SettingsDep
from api.models.ops import HealthReport
from api.ops.health import HealthChecker
from api.ops.metrics import CONTENT_TYPE_LATEST, Metrics

router = APIRouter(tags=["ops"])


def get_health_checker(request: Request) -> HealthChecker:
    checker: HealthChecker = request.app.state.health
    return checker


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


HealthDep = Annotated[HealthChecker, Depends(get_health_checker)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]


@router.get(
    "/ok",
    summary="Health of the server and of each dependency",
    response_model=HealthReport,
    responses={503: {"description": "At least one dependency is failing", "model": HealthReport}},
)
async def ok(engine: EngineDep, checker: HealthDep, runs: RunsDep) -> JSONResponse:
    report: dict[str, Any] = await checker.run(engine)
    if runs.closing:
        report["ok"] = False
        report["checks"]["runs"] = {"ok": False, "error": "the server is shutting down"}
    code = status.HTTP_200_OK if report["ok"] else status.HTTP_503_SERVICE_UNAVAILABLE
    return JSONResponse(report, status_code=code, headers={"Cache-Control": "no-store"})


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics(request: Request, settings: SettingsDep, registry: MetricsDep) -> Response:
    if not settings.metrics_enabled:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Not Found")
    if settings.metrics_token is not None:
        sent = bearer_token(request.headers.get("Authorization")) or ""
        expected = settings.metrics_token.get_secret_value()
        if not hmac.compare_digest(sent.encode(), expected.encode()):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail="metrics token required",
                headers={"WWW-Authenticate": "Bearer"},
            )
    return Response(registry.render(), media_type=CONTENT_TYPE_LATEST)
