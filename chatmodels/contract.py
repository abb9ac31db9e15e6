"""The prompt contract: what a node tells the model about its role and inputs, typed.

Each node's system message carries its prose (for real models) and, in the message's
``additional_kwargs`` under ``prompt_contract``, the same facts as data: the role, the clock,
and the named inputs the prose was formatted with. Chat Completions and Responses never send
``additional_kwargs`` of a system message, so real models see only the prose; the offline
model reads only the contract (``chatmodels.transcript``), never the prose's wording.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from langchain_core.messages import BaseMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONTRACT_KEY = "prompt_contract"

Role = Literal[
    "router",
    "responder",
    "specialist",
    "worker",
    "validator",
    "decomposer",
    "aggregator",
    "strategist",
    "tactician",
    "integrator",
]


class ContractClock(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    now: datetime
    timezone: str


class PromptContract(BaseModel):
    """A node's role, the run's clock and the inputs its prompt was formatted with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    clock: ContractClock | None = None
    inputs: dict[str, str] = Field(default_factory=dict)


def system_message(prose: str, contract: PromptContract) -> SystemMessage:
    """The system message a node sends: prose as content, the contract beside it."""
    return SystemMessage(
        content=prose, additional_kwargs={CONTRACT_KEY: contract.model_dump(mode="json")}
    )


def contract_of(messages: Sequence[BaseMessage]) -> PromptContract | None:
    """The contract of the first system message that carries a valid one."""
    for message in messages:
        raw = message.additional_kwargs.get(CONTRACT_KEY) if message.type == "system" else None
        if isinstance(raw, Mapping):
            try:
                return PromptContract.model_validate(raw)
            except ValidationError:
                continue
    return None
