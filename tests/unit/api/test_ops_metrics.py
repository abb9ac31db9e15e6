"""Each app's metrics live on their own registry; the methods fill the documented series."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from api.ops import Metrics


def _samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(metrics.render().decode())
        for sample in family.samples
    }


def test_methods_fill_the_series() -> None:
    metrics = Metrics()
    metrics.observe_request("GET", "/ok", 200, 0.01)
    metrics.observe_run("orchestrator", "success", 1.5)
    metrics.observe_run("orchestrator", "error", 0.2)
    metrics.observe_first_token(0.3)
    metrics.count_tool_call("add_task", ok=True)
    metrics.count_tool_call("add_task", ok=False)
    metrics.count_fallback("router")
    metrics.stream_opened()
    metrics.stream_opened()
    metrics.stream_closed()
    metrics.rate_limited("runs")
    samples = _samples(metrics)
    prefix = "orchestrator_"
    count = prefix + "http_request_duration_seconds_count"
    assert samples[(count, (("method", "GET"), ("route", "/ok"), ("status", "200")))] == 1
    runs = prefix + "runs_total"
    assert samples[(runs, (("outcome", "success"), ("workflow", "orchestrator")))] == 1
    assert samples[(runs, (("outcome", "error"), ("workflow", "orchestrator")))] == 1
    run_sum = prefix + "run_duration_seconds_sum"
    assert samples[(run_sum, (("outcome", "success"), ("workflow", "orchestrator")))] == 1.5
    assert samples[(prefix + "run_first_token_seconds_count", ())] == 1
    assert samples[(prefix + "tool_calls_total", (("tool", "add_task"),))] == 2
    assert samples[(prefix + "tool_errors_total", (("tool", "add_task"),))] == 1
    assert samples[(prefix + "model_fallbacks_total", (("node", "router"),))] == 1
    assert samples[(prefix + "active_streams", ())] == 1
    assert samples[(prefix + "rate_limited_requests_total", (("scope", "runs"),))] == 1


def test_two_apps_never_share_a_registry() -> None:
    first, second = Metrics(), Metrics()
    first.rate_limited("runs")
    key = ("orchestrator_rate_limited_requests_total", (("scope", "runs"),))
    assert _samples(first)[key] == 1
    assert key not in _samples(second)
