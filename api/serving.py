"""Serving the app with uvicorn, stopping in order.

When told to stop (SIGTERM, Ctrl+C), uvicorn closes every connection and only then runs
the app's shutdown. ``OrderlyServer`` first stops listening and drains the runs
(``api.app.drain``: no new runs, running ones finish within ``SHUTDOWN_GRACE_SECONDS``),
while the clients streaming them stay connected to the end; then uvicorn goes on as
usual: connections, then the lifespan (engine, task server) last. A second Ctrl+C
(uvicorn's force exit) stops waiting for the runs.
"""

from __future__ import annotations

import asyncio
import logging
import socket

import uvicorn
from fastapi import FastAPI

from api.app import drain

logger = logging.getLogger(__name__)


class OrderlyServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, app: FastAPI) -> None:
        super().__init__(config)
        self.app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in getattr(self, "servers", []):
            server.close()  # no new connections while the runs end
        draining = asyncio.ensure_future(drain(self.app))
        while not draining.done() and not self.force_exit:  # Ctrl+C twice: stop waiting
            await asyncio.wait({draining}, timeout=0.1)
        if draining.done() and not draining.cancelled() and draining.exception() is not None:
            logger.error("draining the runs failed", exc_info=draining.exception())
        await super().shutdown(sockets)
