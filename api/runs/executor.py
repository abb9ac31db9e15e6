"""Executing one run: stream the graph into events, then record how it ended.

Events are published to the ``LiveRun`` (followers in this process see them at once)
and written to the run store in small batches, all of them before the run is marked
finished, so a join that reads the database never misses the end of a stream.
A cancelled run keeps the steps it completed (LangGraph checkpoints per step; the next
input discards the unfinished ones), or, for ``rollback``, the thread is put back to
the checkpoint it had before the run.

A run resumed after its server stopped (``attempt`` above 1) goes on from the thread's
last checkpoint when the run had written one (its input is in it), else starts over
from its input; its events go on from the last one stored.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from langchain_core.messages import AIMessageChunk
from langgraph.types import StateSnapshot

from api.runs.accounting import Accounting
from api.runs.invocation import run_payload, run_turn_of
from api.runs.live import LiveRun
from api.runs.options import RunOptions
from api.streaming import ChunkTranslator, error_payload, graph_stream_modes, to_json
from engine.core import Compiled, Engine
from engine.turns import stream_turn, thread_config
from runstore import RunEvent, RunFinish, RunRecord, RunStatus, RunStore, ThreadStatus

logger = logging.getLogger(__name__)

Outcome = Literal["success", "error", "interrupted", "rollback", "shutdown"]


@dataclass
class _Ending:
    outcome: Outcome = "success"
    error: BaseException | None = None
    output: Any = None
    first_token: float | None = None
    told: bool = False  # the terminal event (end or error) is published
    pending: list[RunEvent] = field(default_factory=list)


class RunExecutor:
    """Runs one ``RunRecord`` to its end in the current task; ``run()`` never raises."""

    def __init__(
        self,
        run: RunRecord,
        live: LiveRun,
        *,
        engine: Engine,
        store: RunStore,
        accounting: Accounting,
        options: RunOptions,
        attempt: int = 1,
    ) -> None:
        self.run_record = run
        self.attempt = attempt
        self.live = live
        self.engine = engine
        self.store = store
        self.accounting = accounting
        self.options = options
        self.graph: Compiled = engine.graphs[run.graph_id]
        self._ending = _Ending()
        self._last_flush = time.monotonic()
        self._flush_lock = asyncio.Lock()  # batches reach the table in seq order

    async def run(self) -> RunRecord | None:
        """Execute, record the end, and return the run that now holds the thread, if any."""
        started = time.monotonic()
        before: StateSnapshot | None = None
        try:
            before = await self.graph.aget_state(thread_config(self.run_record.thread_id))
            await self._stream()
        except asyncio.CancelledError:
            _uncancel()
            action = self.live.cancel_action
            self._ending.outcome = "rollback" if action == "rollback" else "interrupted"
            if action == "shutdown":
                self._ending.outcome = "shutdown"
        except Exception as error:
            logger.exception("run %s failed", self.run_record.run_id)
            self._ending.outcome = "error"
            self._ending.error = error
        finishing = asyncio.ensure_future(self._finish(before, time.monotonic() - started))
        try:
            try:
                return await asyncio.shield(finishing)
            except asyncio.CancelledError:  # cancelled while recording: finish recording
                _uncancel()
                return await finishing
        except Exception:
            logger.exception("run %s: recording its end failed", self.run_record.run_id)
            return await self._give_up()

    async def _stream(self) -> None:
        run = self.run_record
        modes = list(run.kwargs.get("stream_mode") or ["values"])
        translator = ChunkTranslator(modes, subgraphs=bool(run.kwargs.get("subgraphs")))
        await self._publish("metadata", {"run_id": run.run_id, "attempt": self.attempt})
        await self._flush()  # stored at once: a take-over counts the attempts by it
        kwargs: dict[str, Any] = {}
        for key in ("interrupt_before", "interrupt_after", "durability"):
            if run.kwargs.get(key) is not None:
                kwargs[key] = run.kwargs[key]
        turn, payload = run_turn_of(run), run_payload(run)
        if self.attempt > 1 and await self._checkpointed():
            turn, payload = replace(turn, checkpoint_id=None), None  # on from the last step
        stream = stream_turn(  # with subgraphs: messages stream token by token from them too
            self.graph,
            replace(turn, timeout_seconds=self.engine.settings.turn_timeout_seconds),
            payload,
            stream_mode=graph_stream_modes(modes),  # type: ignore[arg-type]
            events="events" in modes,
            output_keys=self.graph.output_channels,
            **kwargs,
        )
        started = time.monotonic()
        flusher = asyncio.create_task(self._flush_while_quiet())
        try:
            async for item in stream:
                namespace, mode, chunk = item
                if mode == "values" and not namespace:
                    self._ending.output = chunk
                if mode == "messages" and self._ending.first_token is None:
                    message = chunk[0]
                    if isinstance(message, AIMessageChunk) and message.text:
                        self._ending.first_token = time.monotonic() - started
                for event, data in translator.translate(namespace, mode, chunk):
                    await self._publish(event, data)
        finally:
            flusher.cancel()
            await stream.aclose()  # type: ignore[attr-defined]

    async def _checkpointed(self) -> bool:
        """Whether this run already wrote a checkpoint of its thread (its input is in it)."""
        checkpointer = self.engine.persistence.checkpointer
        found = checkpointer.alist(
            thread_config(self.run_record.thread_id),
            filter={"run_id": self.run_record.run_id},
            limit=1,
        )
        async for _ in found:
            return True
        return False

    async def _publish(self, event: str, data: Any) -> None:
        self._ending.pending.append(self.live.publish(event, to_json(data)))
        now = time.monotonic()
        if (
            len(self._ending.pending) >= self.options.flush_events
            or now - self._last_flush >= self.options.flush_seconds
        ):
            await self._flush()

    async def _flush(self) -> None:
        async with self._flush_lock:
            pending, self._ending.pending = self._ending.pending, []
            self._last_flush = time.monotonic()
            await self.store.events.append(self.run_record.run_id, pending)

    async def _flush_while_quiet(self) -> None:
        """Events published just before a long model call still reach the table soon."""
        while True:
            await asyncio.sleep(self.options.flush_seconds)
            if self._ending.pending:
                await asyncio.shield(self._flush())  # a cancel must not drop a batch

    async def _finish(self, before: StateSnapshot | None, seconds: float) -> RunRecord | None:
        run, ending = self.run_record, self._ending
        if ending.outcome == "rollback":
            await self._roll_back(before)
        after = await self.graph.aget_state(thread_config(run.thread_id))
        status, thread_status = _statuses(ending.outcome, after)
        output = json.loads(to_json(_output(ending.output, after)))
        if ending.error is not None:
            error = error_payload(ending.error)
            await self._publish("error", error)
        else:
            error = None
            await self._publish("end", {"run_id": run.run_id, "status": status})
        ending.told = True
        await self._flush()
        await self.accounting.record(
            run, ending.outcome, before=before, after=after, output=output, seconds=seconds
        )
        if ending.first_token is not None:
            self.accounting.first_token(ending.first_token)
        return await self.store.runs.finish(
            RunFinish(
                run_id=run.run_id,
                status=status,
                thread_status=thread_status,
                output=output,
                error=error,
                delete_run=ending.outcome == "rollback",
            )
        )

    async def _give_up(self) -> RunRecord | None:
        """Recording the end failed: the run still ends, as an error, with its error event."""
        error = error_payload(self._ending.error or RuntimeError("recording failed"))
        try:
            if not self._ending.told:
                await self._publish("error", error)
            await self._flush()
            finish = RunFinish(self.run_record.run_id, "error", "error", error=error)
            return await self.store.runs.finish(finish)
        except Exception:
            logger.exception("run %s: ending it as an error failed", self.run_record.run_id)
            return None

    async def _roll_back(self, before: StateSnapshot | None) -> None:
        """Put the thread back to its checkpoint from before the run (none: no checkpoints)."""
        if before is not None and before.config.get("configurable", {}).get("checkpoint_id"):
            await self.graph.aupdate_state(before.config, None, as_node="__copy__")
            return
        checkpointer = self.engine.persistence.checkpointer
        await checkpointer.adelete_thread(self.run_record.thread_id)


def _uncancel() -> None:
    """This task goes on after a cancel it has handled (``asyncio.timeout`` etc. still work)."""
    task = asyncio.current_task()
    if task is not None:
        task.uncancel()


def _statuses(outcome: Outcome, after: StateSnapshot) -> tuple[RunStatus, ThreadStatus]:
    if outcome == "error":
        return "error", "error"
    if outcome in ("interrupted", "shutdown"):
        return "interrupted", "idle"
    waiting: ThreadStatus = "interrupted" if after.next else "idle"
    return ("interrupted" if outcome == "rollback" else "success"), waiting


def _output(last_values: Any, after: StateSnapshot) -> Any:
    """What ``wait``/``join`` answer: the last ``values`` chunk, with pending interrupts."""
    values = last_values if isinstance(last_values, dict) else dict(after.values or {})
    if after.interrupts and "__interrupt__" not in values:
        values = {**values, "__interrupt__": list(after.interrupts)}
    return values
