"""Serving the app with uvicorn, stopping in order.

When told to stop (SIGTERM, Ctrl+C), uvicorn closes every connection and only then runs
the app's shutdown. ``OrderlyServer`` first stops listening and drains the runs
(``api.app.drain``: no new runs, running ones finish within ``SHUTDOWN_GRACE_SECONDS``),
while the clients streaming them stay connected to the end; then uvicorn goes on as
usual: connections, then the lifespan (engine, task server) last.
"""

from __future__ import annotations

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
        try:
            await drain(self.app)
        except Exception:  # the rest of the shutdown still happens
            logger.exception("draining the runs failed")
        await super().shutdown(sockets)
