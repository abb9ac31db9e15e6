"""What a finished run leaves behind besides its output: audit rows and metrics.

One audit row for the turn, one for an approval it answered, and one per tool call it
made, each with SHA-256 digests of input and output (never the content). Tool calls and
fallbacks of a resumed turn are counted from where the paused run left them.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from langgraph.types import StateSnapshot

from nodes.decisions import InvalidAnswerError, answers_in, outcome
from runstore import AuditEntry, RunRecord, RunStore, digest

logger = logging.getLogger(__name__)

_TURN_OUTCOMES = {
    "success": "success",
    "error": "error",
    "interrupted": "cancelled",
    "rollback": "rolled_back",
    "shutdown": "cancelled",
}


class RunMetrics(Protocol):
    """The hooks of ``api.ops.metrics.Metrics`` the run manager calls."""

    def observe_run(self, workflow: str, outcome: str, seconds: float) -> None: ...
    def observe_first_token(self, seconds: float) -> None: ...
    def count_tool_call(self, tool: str, ok: bool) -> None: ...
    def count_fallback(self, node: str) -> None: ...
    def stream_opened(self) -> None: ...
    def stream_closed(self) -> None: ...


class Accounting:
    def __init__(self, store: RunStore, metrics: RunMetrics | None) -> None:
        self.store = store
        self.metrics = metrics

    async def record(
        self,
        run: RunRecord,
        outcome: str,
        *,
        before: StateSnapshot | None,
        after: StateSnapshot,
        output: Any,
        seconds: float,
    ) -> None:
        values = after.values or {}
        resumed = bool((run.kwargs.get("command") or {}).get("resume") is not None)
        tool_calls = _new(values, before, "tool_calls", resumed)
        fallbacks = _new(values, before, "fallbacks", resumed)
        workflow = str(values.get("workflow") or run.graph_id)
        turn_outcome = _TURN_OUTCOMES.get(outcome, outcome)
        if outcome == "success" and after.interrupts:
            turn_outcome = "awaiting_approval"
        entries = [self._entry(run, "turn", workflow, turn_outcome, _turn_input(run), output)]
        if resumed:
            answer = run.kwargs["command"]["resume"]
            entries.append(
                self._entry(run, "approval", workflow, _approval(answer), answer, output)
            )
        for call in tool_calls:
            ok = bool(call.get("ok"))
            entries.append(
                self._entry(
                    run,
                    "tool_call",
                    str(call.get("name", "?")),
                    "ok" if ok else "error",
                    call.get("args", {}),
                    call.get("output", ""),
                )
            )
        try:
            await self.store.audit.record(entries)
        except Exception:
            logger.exception("run %s: the audit rows could not be written", run.run_id)
            raise
        if self.metrics is not None:
            self.metrics.observe_run(workflow, turn_outcome, seconds)
            for call in tool_calls:
                self.metrics.count_tool_call(str(call.get("name", "?")), bool(call.get("ok")))
            for fallback in fallbacks:
                self.metrics.count_fallback(str(fallback.get("node", "?")))

    def first_token(self, seconds: float) -> None:
        if self.metrics is not None:
            self.metrics.observe_first_token(seconds)

    @staticmethod
    def _entry(
        run: RunRecord, action: str, name: str, outcome: str, given: Any, produced: Any
    ) -> AuditEntry:
        return AuditEntry(
            user_id=run.owner_id,
            thread_id=run.thread_id,
            run_id=run.run_id,
            action=action,
            name=name[:128],
            outcome=outcome,
            input_sha256=digest(given),
            output_sha256=digest(produced),
        )


def _turn_input(run: RunRecord) -> Any:
    return run.kwargs.get("command") or run.kwargs.get("input")


def _approval(answer: Any) -> str:
    """approved, rejected or mixed (some of both); a value the API let in is never unread."""
    try:
        return outcome(answers_in(answer))
    except InvalidAnswerError:
        return "unreadable"


def _new(
    values: dict[str, Any], before: StateSnapshot | None, key: str, resumed: bool
) -> list[dict[str, Any]]:
    """This run's entries of a per-turn list: a resumed turn already had some before it."""
    items = list(values.get(key) or [])
    if resumed and before is not None:
        return items[len(before.values.get(key) or []) :]
    return items
