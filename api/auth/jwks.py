"""The JWKS cache: keys by ``kid``, refreshed on a TTL and (rate-limited) on an unknown ``kid``.

Every fetch is bounded by a timeout, and after a fetch (good or bad) the next unscheduled
one waits ``refetch_interval`` seconds, so a flood of forged ``kid`` values or a JWKS
endpoint that is down costs one request per interval, and callers fail fast meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable

import httpx
from jwt import PyJWK

from api.auth.errors import KeysUnavailable
from api.auth.keys import parse_jwks

MAX_JWKS_BYTES = 256 * 1024

logger = logging.getLogger(__name__)


class JwksCache:
    """Public keys of one JWKS URL; ``get(kid)`` fetches when needed, for at most ``timeout`` s."""

    def __init__(
        self,
        url: str,
        *,
        ttl: float = 300.0,
        refetch_interval: float = 30.0,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._url = url
        self._ttl = ttl
        self._refetch_interval = min(refetch_interval, ttl)
        self._timeout = timeout
        self._clock = clock
        self._transport = transport
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock = asyncio.Lock()

    @property
    def url(self) -> str:
        return self._url

    async def get(self, kid: str) -> PyJWK | None:
        """The key for ``kid``, or None when the (fresh) key set has no such key.

        Raises ``KeysUnavailable`` when the key set is stale and cannot be fetched.
        """
        key = self._keys.get(kid)
        if key is not None and self._fresh(self._clock()):
            return key
        async with self._lock:  # waits for a fetch in flight, so its keys are seen
            found, key = self._lookup(kid)
            if found:
                return key
            await self._refresh()
            return self._keys.get(kid)

    def _fresh(self, now: float) -> bool:
        return self._fetched_at is not None and now - self._fetched_at < self._ttl

    def _lookup(self, kid: str) -> tuple[bool, PyJWK | None]:
        """(settled, key): settled when no fetch is due or allowed for this ``kid``."""
        now = self._clock()
        may_fetch = self._attempted_at is None or now - self._attempted_at >= self._refetch_interval
        if not self._fresh(now):
            if may_fetch:
                return False, None
            raise KeysUnavailable(retry_after=self._retry_after(now))
        key = self._keys.get(kid)
        return key is not None or not may_fetch, key

    def _retry_after(self, now: float) -> int:
        waited = 0.0 if self._attempted_at is None else now - self._attempted_at
        return max(1, math.ceil(self._refetch_interval - waited))

    async def _refresh(self) -> None:
        self._attempted_at = self._clock()
        try:
            document = await self._fetch()
            keys = parse_jwks(document)
        except (httpx.HTTPError, TimeoutError, ValueError) as exc:
            logger.warning("JWKS fetch from %s failed: %r", self._url, exc)
            raise KeysUnavailable(retry_after=max(1, math.ceil(self._refetch_interval))) from exc
        if not keys:
            logger.warning("JWKS at %s holds no usable signing key", self._url)
        self._keys = keys
        self._fetched_at = self._clock()

    async def _fetch(self) -> object:
        async with (
            asyncio.timeout(self._timeout),
            httpx.AsyncClient(timeout=self._timeout, transport=self._transport) as client,
        ):
            response = await client.get(self._url, headers={"Accept": "application/json"})
        response.raise_for_status()
        if response.status_code != httpx.codes.OK:
            raise ValueError(f"JWKS answered {response.status_code}")
        if len(response.content) > MAX_JWKS_BYTES:
            raise ValueError("JWKS document too large")
        return response.json()
