"""Holds the TaskService a server process uses, opened by its lifespan, not at import."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from settings import Settings
from taskservice.service import TaskService


class TaskServiceSlot:
    """A ``ServiceProvider``: call it for the open service.

    Given a service, it lends that one (the embedder owns it); otherwise ``open`` opens
    one from ``settings.resolved_task_database_url`` and closes it on exit.
    """

    def __init__(self, service: TaskService | None = None) -> None:
        self._service = service
        self._owned = service is None

    def __call__(self) -> TaskService:
        if self._service is None:
            raise RuntimeError("the task service is not open")
        return self._service

    @asynccontextmanager
    async def open(self, settings: Settings) -> AsyncIterator[TaskService]:
        if not self._owned:
            yield self()
            return
        service = await TaskService.open(settings.resolved_task_database_url, migrate=True)
        self._service = service
        try:
            yield service
        finally:
            self._service = None
            await service.close()
