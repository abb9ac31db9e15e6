"""Which part the model plays for one call, and what it answers.

A forced tool whose name is a known schema decides first (RouteDecision, Decomposition,
Plan, AreaSteps, Verdict); otherwise the role word of the system prompt does; a call with
todo tools bound and no known role is treated as the specialist.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import BaseMessage

from chatmodels.nlu.intents import understand
from chatmodels.roles.agent import agent_step
from chatmodels.roles.chat import chat_reply
from chatmodels.roles.planner import strategize, tacticize
from chatmodels.roles.routing import decompose, route
from chatmodels.roles.summaries import aggregate, integrate
from chatmodels.roles.validation import judge
from chatmodels.toolspec import BoundTools
from chatmodels.transcript import clock_of, current_request, role_of

Structured = Callable[[Sequence[BaseMessage]], dict[str, Any]]

SCHEMAS: dict[str, Structured] = {
    "RouteDecision": route,
    "Decomposition": decompose,
    "Plan": strategize,
    "AreaSteps": tacticize,
    "Verdict": judge,
}
ROLE_SCHEMA = {
    "router": "RouteDecision",
    "decomposer": "Decomposition",
    "strategist": "Plan",
    "tactician": "AreaSteps",
    "validator": "Verdict",
}
TODO_TOOLS = {"add_task", "list_tasks", "get_task", "complete_task", "delete_task", "update_task"}


@dataclass
class Answer:
    """Text, or tool calls as (name, args) pairs."""

    text: str = ""
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def answer(messages: Sequence[BaseMessage], tools: BoundTools) -> Answer:
    role = role_of(messages)
    schema = tools.forced or _role_schema(role, tools)
    if schema is not None and schema in SCHEMAS:
        args = SCHEMAS[schema](messages)
        fitted = tools.fit(schema, args) if tools.has(schema) else args
        return Answer(calls=[(schema, fitted if fitted is not None else args)])
    if schema is not None:
        return Answer(calls=[(schema, minimal_args(tools.schemas.get(schema, {})))])
    if role in {"specialist", "worker"} or (role is None and TODO_TOOLS & set(tools.schemas)):
        turn = agent_step(messages, tools)
        return Answer(text=turn.text, calls=[(c.name, c.args) for c in turn.calls])
    if role == "aggregator":
        return Answer(text=aggregate(messages))
    if role == "integrator":
        return Answer(text=integrate(messages))
    if role in ROLE_SCHEMA:  # a structured role asked for plain text: answer in JSON
        return Answer(text=json.dumps(SCHEMAS[ROLE_SCHEMA[role]](messages)))
    understood = understand(current_request(messages), clock_of(messages))
    return Answer(
        text=chat_reply(understood.chat or ("help" if understood.operations else "out_of_scope"))
    )


def _role_schema(role: str | None, tools: BoundTools) -> str | None:
    """A structured role with its schema bound but not forced still answers with it."""
    schema = ROLE_SCHEMA.get(role or "")
    return schema if schema is not None and tools.has(schema) else None


def minimal_args(schema: dict[str, Any]) -> dict[str, Any]:
    """Smallest valid arguments for an unknown schema: its required fields, typed."""
    out: dict[str, Any] = {}
    props: dict[str, Any] = schema.get("properties") or {}
    for key in schema.get("required") or []:
        prop = props.get(key, {})
        if prop.get("enum"):
            out[key] = prop["enum"][0]
            continue
        kind = prop.get("type", "string")
        out[key] = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": []}.get(
            kind if isinstance(kind, str) else "string", {}
        )
    return out
