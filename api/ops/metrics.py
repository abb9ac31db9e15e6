"""Prometheus metrics owned by the app: one ``Metrics`` per app, never the global registry.

Callers get the instance from ``request.app.state.metrics`` (or ``app.state.metrics``)
and call its methods; nothing here touches ``prometheus_client.REGISTRY``, so two apps
in one process (tests) never collide:

- ``observe_request(method, route, status, seconds)``: the HTTP middleware, per request.
- ``observe_run(workflow, outcome, seconds)``: the run manager, once per finished run
  (``outcome`` is e.g. ``success``, ``error``, ``interrupted``, ``cancelled``, ``timeout``).
- ``observe_first_token(seconds)``: time from run start to the first streamed text.
- ``count_tool_call(tool, ok)``: every MCP tool call; ``ok=False`` also counts an error.
- ``count_fallback(node)``: a node answered with the fallback model.
- ``stream_opened()`` / ``stream_closed()``: brackets around an SSE stream.
- ``rate_limited(scope)``: a request refused by the rate limiter.

``GET /metrics`` renders ``Metrics.render()`` in the Prometheus text format.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]

_NAMESPACE = "orchestrator"
_REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_RUN_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0)


class Metrics:
    """The series of one app, registered on its own ``CollectorRegistry``."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        r = self.registry
        self.request_seconds = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency by method, route template and status code.",
            ("method", "route", "status"),
            namespace=_NAMESPACE,
            buckets=_REQUEST_BUCKETS,
            registry=r,
        )
        self.run_seconds = Histogram(
            "run_duration_seconds",
            "Wall time of a graph run by workflow and outcome.",
            ("workflow", "outcome"),
            namespace=_NAMESPACE,
            buckets=_RUN_BUCKETS,
            registry=r,
        )
        self.runs = Counter(
            "runs",
            "Finished graph runs by workflow and outcome.",
            ("workflow", "outcome"),
            namespace=_NAMESPACE,
            registry=r,
        )
        self.first_token_seconds = Histogram(
            "run_first_token_seconds",
            "Time from the start of a streamed run to its first text token.",
            namespace=_NAMESPACE,
            buckets=_RUN_BUCKETS,
            registry=r,
        )
        self.tool_calls = Counter(
            "tool_calls",
            "MCP tool calls by tool.",
            ("tool",),
            namespace=_NAMESPACE,
            registry=r,
        )
        self.tool_errors = Counter(
            "tool_errors",
            "MCP tool calls that failed, by tool.",
            ("tool",),
            namespace=_NAMESPACE,
            registry=r,
        )
        self.model_fallbacks = Counter(
            "model_fallbacks",
            "Times a node answered with the fallback model, by node.",
            ("node",),
            namespace=_NAMESPACE,
            registry=r,
        )
        self.active_streams = Gauge(
            "active_streams",
            "Server-sent event streams open right now.",
            namespace=_NAMESPACE,
            registry=r,
        )
        self.rate_limited_requests = Counter(
            "rate_limited_requests",
            "Requests refused by the per-user rate limiter, by scope.",
            ("scope",),
            namespace=_NAMESPACE,
            registry=r,
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.request_seconds.labels(method, route, str(status)).observe(seconds)

    def observe_run(self, workflow: str, outcome: str, seconds: float) -> None:
        self.run_seconds.labels(workflow, outcome).observe(seconds)
        self.runs.labels(workflow, outcome).inc()

    def observe_first_token(self, seconds: float) -> None:
        self.first_token_seconds.observe(seconds)

    def count_tool_call(self, tool: str, ok: bool) -> None:
        self.tool_calls.labels(tool).inc()
        if not ok:
            self.tool_errors.labels(tool).inc()

    def count_fallback(self, node: str) -> None:
        self.model_fallbacks.labels(node).inc()

    def stream_opened(self) -> None:
        self.active_streams.inc()

    def stream_closed(self) -> None:
        self.active_streams.dec()

    def rate_limited(self, scope: str) -> None:
        self.rate_limited_requests.labels(scope).inc()

    def render(self) -> bytes:
        """The registry in the Prometheus text exposition format."""
        return generate_latest(self.registry)
