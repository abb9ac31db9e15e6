"""The router (RouteDecision) and the decomposer (Decomposition).

Both read the same understanding of the request: no operation is chat ('direct') unless it
is a goal to plan ('hierarchical'); one operation, even with several items, is
'sequential'; several operations are 'parallel', split into standalone subtasks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import BaseMessage

from chatmodels.nlu.intents import Operation, tidy
from chatmodels.nlu.text import capitalise
from chatmodels.roles.context import understand_request
from chatmodels.transcript import clock_of, current_request

_KIND_WORDS = {
    "add": "add",
    "list": "list",
    "get": "show",
    "complete": "complete",
    "delete": "delete",
    "update": "update",
}


def route(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    understood = understand_request(messages, clock_of(messages))
    ops = understood.operations
    if understood.plan:
        return {
            "workflow": "hierarchical",
            "reason": "A goal that needs a plan of areas and steps.",
        }
    if not ops:
        kind = (understood.chat or "out_of_scope").replace("_", " ")
        return {"workflow": "direct", "reason": f"No task operation: {kind}."}
    if len(ops) == 1:
        op = ops[0]
        noun = f" ({len(op.items)} items)" if len(op.items) > 1 else ""
        return {"workflow": "sequential", "reason": f"One {_KIND_WORDS[op.kind]} operation{noun}."}
    kinds = ", ".join(_KIND_WORDS[op.kind] for op in ops)
    return {"workflow": "parallel", "reason": f"{len(ops)} task operations: {kinds}."}


def decompose(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    request = current_request(messages)
    ops = understand_request(messages, clock_of(messages)).operations
    if len(ops) <= 1:
        text = capitalise(tidy(request)) or request
        return {"subtasks": [{"id": 1, "request": text, "depends_on": []}]}
    subtasks: list[dict[str, Any]] = []
    lowered = request.lower()
    cursor = 0
    for number, op in enumerate(ops, start=1):
        text = capitalise(tidy(op.text))
        depends: list[int] = []
        at = lowered.find(op.text.lower()[:12], cursor)
        joiner = request[cursor:at] if at >= 0 else ""
        cursor = at + len(op.text) if at >= 0 else cursor
        if _refers_back(op):
            source = _source(ops[: number - 1])
            if source is not None:
                depends = [source + 1]
                subject = _subject(ops[source])
                if subject:
                    text = _PRONOUN.sub(subject, text, count=1)
        elif number > 1 and _THEN.search(joiner):
            depends = [number - 1]  # "..., then ...": the user gave an order
        subtasks.append({"id": number, "request": text, "depends_on": depends})
    return {"subtasks": subtasks}


_THEN = re.compile(r"\b(?:then|after\s+that|afterwards|once\s+(?:that|it)\s+is\s+done)\b", re.I)
_PRONOUN = re.compile(
    r"\b(?:that\s+one|this\s+one|it|that|this|them|those|these|both)\b", re.IGNORECASE
)


def _refers_back(op: Operation) -> bool:
    return op.target is not None and op.target.kind in {"pronoun", "ordinal"}


def _source(earlier: list[Operation]) -> int | None:
    for index in range(len(earlier) - 1, -1, -1):
        if earlier[index].kind in {"add", "complete", "update", "get", "list", "delete"}:
            return index
    return None


def _subject(op: Operation) -> str | None:
    """How a standalone subtask names what an earlier one made or touched."""
    if op.kind == "add" and len(op.items) == 1:
        return f"the task '{op.items[0].title}'"
    if op.kind == "add":
        return "the tasks " + ", ".join(f"'{i.title}'" for i in op.items)
    if op.target is not None and op.target.kind == "id":
        ids = op.target.ids
        return f"task {ids[0]}" if len(ids) == 1 else "tasks " + ", ".join(str(i) for i in ids)
    if op.target is not None and op.target.kind == "words":
        return f"the {op.target.words} task"
    return None
