"""The agent's working state for one request, rebuilt from the messages at every step.

The model keeps no state between calls: each step it re-reads the request, matches the
operations it needs against the tool calls already made after the request (``Work.take``),
and either asks for the calls still missing or, when everything has an outcome, replies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chatmodels.nlu.dates import Clock
from chatmodels.nlu.intents import OpKind
from chatmodels.records import TaskView, task_from, tasks_from
from chatmodels.toolspec import BoundTools
from chatmodels.transcript import Exchange, Memory

LOOKUP_ARGS: dict[str, Any] = {"status": "all"}


@dataclass(frozen=True)
class Call:
    """A tool call the agent wants to make."""

    name: str
    args: dict[str, Any]


@dataclass
class Result:
    """What one operation came to: reply sentences, the tasks it created or acted on, and
    the changes the person did not approve, as (verb, what): worded once for the whole reply."""

    kind: OpKind
    lines: list[str]
    ok: bool = True
    ids: list[int] = field(default_factory=list)
    declined: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Step:
    """One operation's state: calls still needed, waiting on another operation, or finished."""

    calls: list[Call] = field(default_factory=list)
    result: Result | None = None
    blocked: bool = False


@dataclass
class Work:
    clock: Clock
    tools: BoundTools
    memory: Memory
    ledger: list[Exchange]
    results: list[Result | None] = field(default_factory=list)

    def take(self, name: str, match: Callable[[dict[str, Any]], bool]) -> Exchange | None:
        """The first unused call to ``name`` whose args match, marked used."""
        for ex in self.ledger:
            if not ex.used and ex.name == name and match(ex.args):
                ex.used = True
                return ex
        return None

    def find(self, name: str, match: Callable[[dict[str, Any]], bool]) -> Exchange | None:
        """The latest call to ``name`` whose args match, used or not."""
        for ex in reversed(self.ledger):
            if ex.name == name and match(ex.args):
                return ex
        return None

    def lookup_call(self) -> Call | None:
        args = self.tools.fit("list_tasks", LOOKUP_ARGS)
        return Call("list_tasks", args) if args is not None else None

    def lookup(self) -> list[TaskView] | None:
        """The tasks of an unfiltered listing made for this request, if one was made."""
        wanted = self.tools.fit("list_tasks", LOOKUP_ARGS)
        ex = self.find("list_tasks", lambda a: a == wanted)
        if ex is None or ex.outcome is None or not ex.outcome.ok:
            return None
        return tasks_from(ex.outcome.data)

    def fresh_listing(self) -> list[TaskView] | None:
        """The tasks of the latest successful listing made for this request."""
        for ex in reversed(self.ledger):
            if ex.name == "list_tasks" and ex.outcome is not None and ex.outcome.ok:
                found = tasks_from(ex.outcome.data)
                if found is not None:
                    return found
        return None

    def known(self, task_id: int) -> TaskView | None:
        """The freshest view of a task: this request's results first, then memory."""
        for ex in reversed(self.ledger):
            if ex.outcome is None or not ex.outcome.ok:
                continue
            listed = tasks_from(ex.outcome.data)
            for task in listed or ([t] if (t := task_from(ex.outcome.data)) else []):
                if task.id == task_id and task.title:
                    return task
        return self.memory.tasks.get(task_id)

    def title_of(self, task_id: int) -> str | None:
        task = self.known(task_id)
        return task.title if task else None


def same_id(args: dict[str, Any], task_id: int) -> bool:
    try:
        return int(args.get("task_id", -1)) == task_id
    except (TypeError, ValueError):
        return False
