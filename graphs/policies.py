"""Retry policies declared on nodes."""

from __future__ import annotations

import httpx
from langgraph.types import RetryPolicy

# Model nodes: a transient failure is retried once before the node falls back.
MODEL_RETRY = RetryPolicy(max_attempts=2, initial_interval=0.5, max_interval=4.0)

# Tool nodes: only failures to reach the tool server, which change nothing, are retried.
TOOL_RETRY = RetryPolicy(
    max_attempts=3,
    initial_interval=0.2,
    max_interval=2.0,
    retry_on=(httpx.ConnectError, httpx.ConnectTimeout, ConnectionError),
)
