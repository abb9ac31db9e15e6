"""The specialist / worker: one agent step with the todo tools.

Each call re-reads the request, runs every operation against the calls already made, and
returns either the calls still needed (all that can go now, in one step) or the final reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from langchain_core.messages import BaseMessage

from chatmodels.roles.chat import chat_reply
from chatmodels.roles.context import understand_request
from chatmodels.roles.operations import run
from chatmodels.roles.wording import declined_line, join_sentences
from chatmodels.roles.work import Call, Result, Work
from chatmodels.toolspec import BoundTools
from chatmodels.transcript import (
    clock_of,
    exchanges,
    memory_of,
    request_index,
    tool_rounds,
)

MAX_ROUNDS = 8


@dataclass
class AgentTurn:
    """Either tool calls to make now, or the final text reply."""

    calls: list[Call] = field(default_factory=list)
    text: str = ""


def agent_step(messages: Sequence[BaseMessage], tools: BoundTools) -> AgentTurn:
    index = request_index(messages)
    clock = clock_of(messages)
    understood = understand_request(messages, clock)
    if not understood.operations:
        if understood.plan:
            return AgentTurn(
                text="That sounds like a goal worth planning. Tell me to 'plan' it and I'll break "
                "it into areas and steps, or name a single task to add."
            )
        return AgentTurn(text=chat_reply(understood.chat or "out_of_scope"))
    start = index + 1 if index is not None else 0
    work = Work(
        clock=clock,
        tools=tools,
        memory=memory_of(messages[:start]),
        ledger=exchanges(messages, start),
    )
    calls: list[Call] = []
    for position, op in enumerate(understood.operations):
        step = run(op, work, position)
        work.results.append(step.result)
        calls.extend(c for c in step.calls if c not in calls)
    if calls and tool_rounds(messages, start) < MAX_ROUNDS:
        return AgentTurn(calls=calls)
    return AgentTurn(text=_reply(work.results))


def _reply(results: list[Result | None]) -> str:
    lines: list[str] = []
    declined: list[tuple[str, str]] = []
    for result in results:
        if result is None:
            lines.append("I couldn't finish one of the steps, so part of your request is not done.")
        else:
            lines.extend(result.lines)
            declined.extend(result.declined)
    if declined:  # one sentence for them all, after what was done
        lines.append(declined_line(declined, alone=not lines))
    return join_sentences(lines) or "There was nothing to change."
