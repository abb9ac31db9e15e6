"""Reading a conversation the way the prompts lay it out.

messages[0] is the role's system prompt, whose prompt contract (``chatmodels.contract``)
names the role, the clock and the inputs; the user's current request is the last HumanMessage that
is not a validator note (``chatmodels.messages``); the tool calls and results after it are
this request's work so far; everything before it is memory (tasks seen, the last listing
shown, the task last touched).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage

from chatmodels.contract import contract_of
from chatmodels.messages import is_user_request, is_validator_note
from chatmodels.nlu.dates import Clock, make_clock
from chatmodels.records import (
    TaskView,
    ToolOutcome,
    content_text,
    listed_in_text,
    mentioned_ids,
    read_tool_message,
    task_from,
    tasks_from,
)


@dataclass
class Exchange:
    """One tool call the model made and, once it ran, its outcome."""

    call_id: str
    name: str
    args: dict[str, Any]
    outcome: ToolOutcome | None = None
    used: bool = False


@dataclass
class Memory:
    """What the conversation has shown about the user's tasks."""

    tasks: dict[int, TaskView] = field(default_factory=dict)
    listing: list[int] = field(default_factory=list)  # ids of the last listing, in order
    touched: list[int] = field(default_factory=list)  # ids of the last tasks acted on
    last_event: str = ""  # "listing" or "touched"
    deleted: set[int] = field(default_factory=set)

    def focus(self) -> list[int]:
        """The tasks 'it' / 'them' most likely mean (never one that was deleted)."""
        if self.last_event == "listing" and self.listing:
            return self.listing
        alive = [i for i in self.touched if i not in self.deleted]
        return alive or [i for i in self.listing if i not in self.deleted]


def text_of(message: BaseMessage) -> str:
    return "\n".join(content_text(message.content)).strip()


def system_text(messages: Sequence[BaseMessage]) -> str:
    return "\n".join(text_of(m) for m in messages if isinstance(m, SystemMessage))


def all_text(messages: Sequence[BaseMessage]) -> str:
    """System prompts first, then every other message: where a role's inputs may be."""
    rest = "\n".join(text_of(m) for m in messages if not isinstance(m, SystemMessage))
    return f"{system_text(messages)}\n{rest}".strip()


def role_of(messages: Sequence[BaseMessage]) -> str | None:
    """The role the prompt contract names; None for a caller without one."""
    contract = contract_of(messages)
    return contract.role if contract is not None else None


def input_of(messages: Sequence[BaseMessage], name: str) -> str | None:
    """A named input of the prompt contract, if it carries one."""
    contract = contract_of(messages)
    return contract.inputs.get(name) if contract is not None else None


def clock_of(messages: Sequence[BaseMessage], default_tz: str = "UTC") -> Clock:
    """The clock of the prompt contract; the real time when there is none."""
    contract = contract_of(messages)
    if contract is not None and contract.clock is not None:
        return make_clock(contract.clock.now, contract.clock.timezone)
    return make_clock(datetime.now(UTC), default_tz)


def request_index(messages: Sequence[BaseMessage]) -> int | None:
    for index in range(len(messages) - 1, -1, -1):
        message = messages[index]
        if is_user_request(message):
            return index
    return None


def current_request(messages: Sequence[BaseMessage]) -> str:
    index = request_index(messages)
    if index is None:
        # No user message: some callers put the request in the system prompt only.
        return ""
    return text_of(messages[index])


def findings(messages: Sequence[BaseMessage]) -> list[str]:
    start = request_index(messages) or 0
    return [text_of(m) for m in messages[start:] if is_validator_note(m)]


def exchanges(messages: Sequence[BaseMessage], start: int = 0) -> list[Exchange]:
    """Tool calls made from ``start`` on, each with its outcome when the result is there."""
    found: list[Exchange] = []
    by_id: dict[str, Exchange] = {}
    for message in messages[start:]:
        if isinstance(message, AIMessage):
            for call in message.tool_calls:
                ex = Exchange(
                    call_id=call.get("id") or "", name=call["name"], args=dict(call["args"])
                )
                found.append(ex)
                by_id[ex.call_id] = ex
        elif isinstance(message, ToolMessage):
            ex_or_none = by_id.get(message.tool_call_id)
            outcome = read_tool_message(message)
            if ex_or_none is None:
                ex_or_none = Exchange(
                    call_id=message.tool_call_id, name=message.name or "", args={}
                )
                found.append(ex_or_none)
            ex_or_none.outcome = outcome
    return found


def tool_rounds(messages: Sequence[BaseMessage], start: int) -> int:
    return sum(1 for m in messages[start:] if isinstance(m, AIMessage) and m.tool_calls)


def memory_of(messages: Sequence[BaseMessage]) -> Memory:
    """What the messages show about tasks, oldest first so later facts win."""
    memory = Memory()
    calls: dict[str, tuple[str, int]] = {}  # call id -> (tool name, number of its AI message)
    batch = -1
    for number, message in enumerate(messages):
        if isinstance(message, AIMessage) and message.tool_calls:
            for call in message.tool_calls:
                calls[call.get("id") or ""] = (call["name"], number)
        elif isinstance(message, ToolMessage):
            name, origin = calls.get(message.tool_call_id, (message.name or "", -2))
            same_batch = origin == batch
            batch = origin
            _remember_result(memory, name, read_tool_message(message), same_batch)
        elif isinstance(message, AIMessage):
            _remember_reply(memory, text_of(message))
    return memory


def _remember_result(memory: Memory, name: str, outcome: ToolOutcome, same_batch: bool) -> None:
    if not outcome.ok:
        return
    listed = tasks_from(outcome.data)
    if listed is not None and name != "get_task":
        for task in listed:
            memory.tasks[task.id] = task
        memory.listing = [t.id for t in listed]
        memory.last_event = "listing"
        return
    found = task_from(outcome.data)
    if found is None:
        return
    task = found
    status = outcome.data.get("status") if isinstance(outcome.data, dict) else None
    if name == "delete_task" or status == "deleted":
        memory.tasks.pop(task.id, None)
        memory.deleted.add(task.id)
    else:
        known = memory.tasks.get(task.id)
        if known is not None and not task.title:
            task.title = known.title
        memory.tasks[task.id] = task
    if same_batch and memory.last_event == "touched":
        memory.touched.append(task.id)
    else:
        memory.touched = [task.id]
    memory.last_event = "touched"


def _remember_reply(memory: Memory, text: str) -> None:
    shown = listed_in_text(text)
    if shown:
        for task in shown:
            memory.tasks.setdefault(task.id, task)
        memory.listing = [t.id for t in shown]
        memory.last_event = "listing"
        return
    ids = mentioned_ids(text)
    if ids:
        memory.touched = list(dict.fromkeys(ids))
        memory.last_event = "touched"
