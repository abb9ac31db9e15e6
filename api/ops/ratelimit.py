"""A per-user token bucket in front of the endpoints that start model turns.

Each user has ``RATE_LIMIT_BURST`` tokens that refill at ``RATE_LIMIT_PER_MINUTE``; a
turn takes one. Out of tokens, the request is refused with 429, ``Retry-After`` and a
sentence saying when to try again, and ``Metrics.rate_limited(scope)`` counts it.
The buckets live in this process: with several workers each enforces its own.

Use on a route that starts a run or a chat turn, in place of ``CurrentUser``::

    @router.post("/threads/{thread_id}/runs/stream")
    async def stream_run(user: RunQuota, ...) -> ...

or ``Annotated[Principal, Depends(rate_limit("chat"))]`` for another label.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from api.auth import CurrentUser, Principal
from api.ops.metrics import Metrics

Clock = Callable[[], float]


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets by key; ``per_minute == 0`` lets everything through."""

    def __init__(
        self,
        per_minute: float,
        burst: int,
        *,
        clock: Clock = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.per_minute = per_minute
        self.burst = burst
        self._rate = per_minute / 60.0
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[Hashable, _Bucket] = {}

    @property
    def enabled(self) -> bool:
        return self._rate > 0

    def take(self, key: Hashable) -> float:
        """Take one token for ``key``: 0.0 when granted, else the seconds until one is."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._make_room(now)
            bucket = self._buckets[key] = _Bucket(tokens=float(self.burst), updated=now)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self._rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self._rate

    def _make_room(self, now: float) -> None:
        """Forget buckets that have refilled (they equal a new one); bounded memory."""
        if len(self._buckets) < self._max_keys:
            return
        full_after = self.burst / self._rate
        for key in [k for k, b in self._buckets.items() if now - b.updated >= full_after]:
            del self._buckets[key]
        while len(self._buckets) >= self._max_keys:  # all active: drop the oldest
            del self._buckets[next(iter(self._buckets))]


def take_quota(request: Request, key: Hashable, scope: str) -> None:
    """Take one token from ``key``'s bucket, or refuse the request with 429 and Retry-After.

    ``scope`` labels the refusal in the metrics.
    """
    limiter: RateLimiter = request.app.state.rate_limiter
    wait = limiter.take(key)
    if wait > 0:
        metrics: Metrics = request.app.state.metrics
        metrics.rate_limited(scope)
        seconds = max(1, math.ceil(wait))
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=(
                f"Too many requests: at most {limiter.burst} in a row and "
                f"{limiter.per_minute:g} per minute. Try again in {seconds} s."
            ),
            headers={"Retry-After": str(seconds)},
        )


def rate_limit(scope: str) -> Callable[[Request, Principal], Awaitable[Principal]]:
    """A dependency taking one token from the current user's bucket; returns the user.

    ``scope`` labels the refusal in the metrics; all scopes share the user's one bucket.
    """

    async def limited(request: Request, user: CurrentUser) -> Principal:
        take_quota(request, user.user_id, scope)
        return user

    return limited


RunQuota = Annotated[Principal, Depends(rate_limit("runs"))]
ChatQuota = Annotated[Principal, Depends(rate_limit("chat"))]
