"""``RunManager``: creates runs, executes them in background tasks, lets callers follow them.

Opened in the app lifespan (``RunManager.open``) and closed on shutdown. Shutting down
starts with ``drain`` (the server calls it as soon as it is told to stop, before it
closes connections): no new run is taken (503), no queued one started (another server,
or this one restarted, starts it), and the runs executing here get ``grace_seconds`` to
finish; those still running then are cancelled and recorded interrupted. Only then do
the engine and its task server close. A ticker renews the lease of the runs executing
here, applies cancels requested through another process, resumes runs whose server
stopped (from their last checkpoint, ``runstore.leases``) and starts runs left waiting
by one (see ``runstore.runs``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from typing import Any

from langgraph.types import StateSnapshot

from api.runs.accounting import Accounting, RunMetrics
from api.runs.checkpoints import checkpoint_id_of, require_checkpoint
from api.runs.errors import ShuttingDown
from api.runs.executor import RunExecutor
from api.runs.follow import follow
from api.runs.invocation import pick_timezone
from api.runs.live import LiveRun
from api.runs.options import RunOptions
from api.runs.payloads import RunCreate
from api.runs.temporary import TemporaryThreads, is_temporary
from api.runs.user_assistants import find_assistant, run_settings
from api.runs.writes import check_input, check_update
from api.streaming import event_matches, parse_stream_modes
from engine.core import Compiled, Engine
from engine.turns import thread_config
from runstore import (
    CancelAction,
    NewRun,
    NotFound,
    RunEvent,
    RunRecord,
    RunStore,
    Takeover,
    ThreadRecord,
    new_id,
)
from settings import Settings

logger = logging.getLogger(__name__)


class RunManager:
    def __init__(
        self,
        store: RunStore,
        engine: Engine,
        settings: Settings,
        *,
        metrics: RunMetrics | None = None,
        options: RunOptions | None = None,
    ) -> None:
        self.store = store
        self.engine = engine
        self.settings = settings
        self.metrics = metrics
        self.options = options or RunOptions()
        self._accounting = Accounting(store, metrics)
        self.temporary = TemporaryThreads(self.delete_thread)
        self._live: dict[str, LiveRun] = {}
        self._ticker: asyncio.Task[None] | None = None
        self._closing = False
        self._drained: asyncio.Future[None] | None = None

    @classmethod
    @contextlib.asynccontextmanager
    async def open(
        cls,
        store: RunStore,
        engine: Engine,
        settings: Settings,
        *,
        metrics: RunMetrics | None = None,
        options: RunOptions | None = None,
    ) -> AsyncIterator[RunManager]:
        manager = cls(store, engine, settings, metrics=metrics, options=options)
        manager._ticker = asyncio.create_task(manager._tick(), name="run-manager-ticker")
        try:
            yield manager
        finally:
            await manager.shutdown()

    # ---- creating and controlling runs --------------------------------------------------

    async def create(
        self,
        user_id: str,
        thread_id: str,
        body: RunCreate,
        *,
        temporary: bool = False,
        held: bool = False,
    ) -> RunRecord:
        """Store a run on the user's thread and start it if the thread is free.

        A ``temporary`` run's thread is deleted once it ended (``api.runs.temporary``;
        ``held``: once the caller also released it). A run from a ``checkpoint`` of the
        thread starts there (``NotFound`` for one the thread does not have).

        ``NotFound`` (thread or assistant), ``Conflict`` (busy under ``reject``, or a
        resume with nothing to resume), ``StreamModeError``/``InvalidAssistant``/
        ``Unsupported`` (422: also an input or update the graph's channels refuse),
        ``ShuttingDown`` (503: the server is stopping).
        """
        if self._closing:
            raise ShuttingDown("the server is shutting down; try again in a moment")
        assistant, _ = await find_assistant(
            self.store, self.engine.graphs, user_id, body.assistant_id
        )
        graph_id = assistant.graph_id
        check_input(self.engine.graphs[graph_id], body.input)
        if body.command is not None:
            check_update(self.engine.graphs[graph_id], body.command.update)
        modes = parse_stream_modes(body.stream_mode)
        checkpoint_id = checkpoint_id_of(body.checkpoint, body.checkpoint_id)
        if checkpoint_id is not None:
            await self._require_checkpoint(user_id, thread_id, checkpoint_id)
        command = body.command.model_dump(exclude_none=True) if body.command else None
        config, context = run_settings(
            assistant,
            body.config.model_dump(exclude_none=True) if body.config else {},
            body.context,
        )
        kwargs = {
            "input": body.input,
            "command": command,
            "stream_mode": list(modes),
            "subgraphs": body.stream_subgraphs,
            "config": config,
            "context": {"timezone": pick_timezone(context, self.settings.default_timezone)},
            "interrupt_before": body.interrupt_before,
            "interrupt_after": body.interrupt_after,
            "durability": body.durability,
            "on_disconnect": body.on_disconnect,
            "resumable": True,
            "checkpoint_id": checkpoint_id,
            "temporary": temporary,
        }
        new = NewRun(
            run_id=new_id(),
            thread_id=thread_id,
            owner_id=user_id,
            assistant_id=assistant.assistant_id,
            graph_id=graph_id,
            multitask_strategy=body.multitask_strategy,
            metadata=dict(body.metadata or {}),
            kwargs=kwargs,
        )
        admission = await self.store.runs.admit(
            new,
            resume=body.command is not None and body.command.is_resume,
            create_thread=body.if_not_exists == "create",
            thread_metadata={"graph_id": graph_id},
        )
        if held:
            self.temporary.hold(admission.run)
        if admission.started:
            self._launch(admission.run)
        if admission.supersede is not None and (live := self._live.get(admission.supersede)):
            live.cancel("rollback" if body.multitask_strategy == "rollback" else "interrupt")
        return admission.run

    async def _require_checkpoint(self, user_id: str, thread_id: str, checkpoint_id: str) -> None:
        if await self.store.threads.get(user_id, thread_id) is None:
            raise NotFound(f"thread {thread_id} not found")
        checkpointer = self.engine.persistence.checkpointer
        await require_checkpoint(checkpointer, thread_id, checkpoint_id)

    async def cancel(
        self, user_id: str, thread_id: str, run_id: str, action: CancelAction = "interrupt"
    ) -> RunRecord:
        """Cancel the user's run (``NotFound``; ``Conflict`` when it already ended)."""
        run = await self.store.runs.request_cancel(user_id, thread_id, run_id, action)
        if (live := self._live.get(run_id)) is not None:
            live.cancel(action)
        return run

    async def cancel_quietly(self, run: RunRecord) -> None:
        """The stream of ``run`` lost its client and asked to cancel on disconnect."""
        with contextlib.suppress(Exception):  # ended meanwhile, or deleted: nothing to do
            await self.cancel(run.owner_id, run.thread_id, run.run_id)

    async def wait(self, run: RunRecord) -> RunRecord:
        """The run once it has ended (as the store has it)."""
        while True:
            live = self._live.get(run.run_id)
            if live is not None:
                await live.finished.wait()
            current = await self.store.runs.status_of(run.run_id)
            if current is None or not current.active:
                return current or run
            if live is None:
                await asyncio.sleep(self.options.poll_seconds)

    async def events(
        self, run: RunRecord, *, after: int = 0, modes: Sequence[str] | None = None
    ) -> AsyncIterator[RunEvent]:
        """The run's events after ``after``, until it ends."""
        async for event in follow(
            self.store, self._live.get, run, after, poll=self.options.poll_seconds
        ):
            if event_matches(event.event, modes):
                yield event

    async def delete_thread(self, user_id: str, thread_id: str) -> bool:
        """Cancel the thread's runs, then delete it, its runs and its checkpoints."""
        thread = await self.store.threads.get(user_id, thread_id)
        if thread is None:
            return False
        for run in await self.store.runs.search(user_id, thread_id, limit=1000):
            if run.active:
                with contextlib.suppress(Exception):  # it may have ended meanwhile
                    await self.cancel(user_id, thread_id, run.run_id)
                if (live := self._live.get(run.run_id)) is not None:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(live.finished.wait(), self.options.shutdown_seconds)
        deleted = await self.store.threads.delete(user_id, thread_id)
        if deleted:
            await self.engine.persistence.checkpointer.adelete_thread(thread_id)
        return deleted

    # ---- thread state ---------------------------------------------------------------------

    def graph_for(self, thread: ThreadRecord) -> Compiled:
        """The graph that last ran on the thread (its state is read through it)."""
        graph_id = str(thread.metadata.get("graph_id") or "orchestrator")
        return self.engine.graphs.get(graph_id) or self.engine.graph

    async def state(
        self, thread: ThreadRecord, *, checkpoint_id: str | None = None, subgraphs: bool = False
    ) -> StateSnapshot:
        config = thread_config(thread.thread_id, checkpoint_id)
        return await self.graph_for(thread).aget_state(config, subgraphs=subgraphs)

    async def history(
        self,
        thread: ThreadRecord,
        *,
        limit: int,
        before: str | None = None,
        metadata: dict[str, Any] | None = None,
        checkpoint_ns: str = "",
    ) -> list[StateSnapshot]:
        config = thread_config(thread.thread_id)
        config["configurable"]["checkpoint_ns"] = checkpoint_ns
        before_config = thread_config(thread.thread_id, before) if before else None
        graph = self.graph_for(thread)
        return [
            state
            async for state in graph.aget_state_history(
                config, filter=metadata, before=before_config, limit=limit
            )
        ]

    # ---- execution ----------------------------------------------------------------------

    def _launch(self, run: RunRecord, takeover: Takeover | None = None) -> None:
        """Execute ``run`` here; a ``takeover`` resumes it where its stopped server left it."""
        if self._closing or run.run_id in self._live:
            return
        live = LiveRun(run, base=takeover.last_seq if takeover else 0)
        self._live[run.run_id] = live
        attempt = takeover.attempt if takeover else 1
        live.task = asyncio.create_task(self._execute(live, attempt), name=f"run:{run.run_id}")

    async def _execute(self, live: LiveRun, attempt: int) -> None:
        executor = RunExecutor(
            live.run,
            live,
            engine=self.engine,
            store=self.store,
            accounting=self._accounting,
            options=self.options,
            attempt=attempt,
        )
        following: RunRecord | None = None
        try:
            following = await executor.run()
        finally:
            live.finish()
            self._live.pop(live.run.run_id, None)
            if is_temporary(live.run):
                self.temporary.ended(live.run)
        if following is None:
            return
        if self._closing:  # leave it for the next server: waiting again, thread free
            await self.store.leases.requeue(following.run_id)
        else:
            self._launch(following)

    async def _tick(self) -> None:
        lease = timedelta(seconds=self.options.lease_seconds)
        while True:
            await asyncio.sleep(self.options.tick_seconds)
            try:
                cancels = await self.store.leases.heartbeat(list(self._live))
                for run_id, action in cancels.items():
                    if (live := self._live.get(run_id)) is not None:
                        live.cancel(action)
                if self._closing:  # a stopping server takes on no other server's runs
                    continue
                recovery = await self.store.leases.recover(lease)
                for takeover in recovery.resumed:
                    logger.warning(
                        "run %s: its server stopped; resuming it here (attempt %d)",
                        takeover.run.run_id,
                        takeover.attempt,
                    )
                    self._launch(takeover.run, takeover)
                for run in recovery.started:
                    self._launch(run)
            except Exception:
                logger.exception("run manager: the periodic check failed")

    @property
    def closing(self) -> bool:
        """The server is stopping: no new runs, and streams waiting for one should end."""
        return self._closing

    async def drain(self) -> None:
        """Take no new work and let the runs executing here end (once; later calls wait).

        Runs get ``grace_seconds`` to finish; the rest are cancelled and recorded
        interrupted (``shutdown_seconds`` to record it). Leases stay renewed meanwhile.
        """
        if self._drained is None:
            self._drained = asyncio.ensure_future(self._drain())
        await asyncio.shield(self._drained)

    async def _drain(self) -> None:
        self._closing = True
        running = [live.task for live in self._live.values() if live.task is not None]
        if running:
            logger.info(
                "shutting down: %d run(s) get %.0f s to finish",
                len(running),
                self.options.grace_seconds,
            )
            await asyncio.wait(running, timeout=self.options.grace_seconds)
        lives = [live for live in self._live.values() if live.task is not None]
        for live in lives:
            live.cancel("shutdown")
        if lives:
            logger.warning(
                "shutting down: %d run(s) did not finish in time, interrupted", len(lives)
            )
            tasks = [live.task for live in lives if live.task is not None]
            await asyncio.wait(tasks, timeout=self.options.shutdown_seconds)

    async def shutdown(self) -> None:
        """Drain (unless done already), then stop the ticker and the temporary threads."""
        await self.drain()
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        await self.temporary.close()
