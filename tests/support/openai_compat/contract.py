"""Reading a node's prompt contract back from the prose a real model receives.

The wire carries only the system prompt's text; the stand-in for a real model (the offline
model behind this server) needs the contract the node attached. Each node's prompt is one of
the templates in ``nodes.prompts``, so the text is matched against each template (its fields
as named groups) and the contract rebuilt from the fields, as ``nodes.llm.system`` made it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from datetime import datetime
from functools import cache

from langchain_core.messages import BaseMessage, SystemMessage

from chatmodels.contract import ContractClock, PromptContract, Role, system_message
from nodes import prompts

TEMPLATES: dict[Role, str] = {
    "router": prompts.ROUTER,
    "responder": prompts.RESPONDER,
    "specialist": prompts.SPECIALIST,
    "worker": prompts.WORKER,
    "validator": prompts.VALIDATOR,
    "decomposer": prompts.DECOMPOSER,
    "aggregator": prompts.AGGREGATOR,
    "strategist": prompts.STRATEGIST,
    "tactician": prompts.TACTICIAN,
    "integrator": prompts.INTEGRATOR,
}


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.*?)")
    return re.compile("".join(parts), re.DOTALL)


def _clock(line: str) -> ContractClock | None:
    found = _pattern(prompts.CLOCK).fullmatch(line)
    if found is None:
        return None
    return ContractClock(now=datetime.fromisoformat(found["now"]), timezone=found["timezone"])


def read_contract(prose: str) -> PromptContract | None:
    for role, template in TEMPLATES.items():
        found = _pattern(template).fullmatch(prose)
        if found is None:
            continue
        inputs = {k: v for k, v in found.groupdict().items() if k != "clock"}
        if role == "tactician":
            deadline = re.search(r"\d{4}-\d{2}-\d{2}", inputs.get("due_clause", ""))
            inputs["due"] = deadline.group(0) if deadline else ""
        clock = _clock(found["clock"]) if "clock" in found.groupdict() else None
        return PromptContract(role=role, clock=clock, inputs=inputs)
    return None


def with_contracts(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    """The messages, each system prompt carrying the contract its text was made from."""
    out: list[BaseMessage] = []
    for message in messages:
        contract = read_contract(message.text) if isinstance(message, SystemMessage) else None
        out.append(system_message(message.text, contract) if contract is not None else message)
    return out
