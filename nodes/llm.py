"""Calling a model from a node: the clock, trimmed history, and graceful degradation.

The primary model (a real one, or the embedded offline model) is tried first, for at
most ``Models.timeout`` seconds, its own retries included (less when the turn's
deadline is near: ``nodes.budget``); when it fails, the fallback model answers instead,
and answers the rest of the turn too. The node records the fallback in the state
(``fallbacks``), and a message the fallback wrote says so in its ``response_metadata``
(``FALLBACK_KEY``), so clients can show it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage
from langchain_core.runnables import Runnable
from pydantic import BaseModel

from chatmodels.contract import ContractClock, PromptContract, Role, system_message
from graphs.state import Context, Fallback
from nodes.budget import TurnBudget, current_budget
from nodes.prompts import CLOCK

log = logging.getLogger(__name__)

SchemaT = TypeVar("SchemaT", bound=BaseModel)

FALLBACK_KEY = "fallback"
"""``response_metadata[FALLBACK_KEY]`` of a message the fallback model wrote:
``{"model", "node", "error"}`` (which model answered, where, and why)."""


@dataclass(frozen=True)
class Models:
    """The chat models a graph is built with."""

    primary: BaseChatModel
    fallback: BaseChatModel | None = None
    timeout: float | None = None
    """Seconds the primary may take in one call, its retries included, before the fallback."""


def local_now(context: Context) -> datetime:
    """The run's clock in the user's time zone."""
    tz = ZoneInfo(context.timezone)
    now = context.now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=tz)
    return now.astimezone(tz)


def clock_line(context: Context) -> str:
    now = local_now(context)
    return CLOCK.format(
        now=now.isoformat(timespec="minutes"), timezone=context.timezone, weekday=now.strftime("%A")
    )


def contract_clock(context: Context) -> ContractClock:
    return ContractClock(now=local_now(context), timezone=context.timezone)


def system(
    role: Role, template: str, context: Context | None = None, **inputs: str
) -> SystemMessage:
    """A node's system message: ``template`` formatted for real models, and the same role,
    clock and inputs as a typed prompt contract for the offline model."""
    values = dict(inputs)
    if context is not None:
        values["clock"] = clock_line(context)
    contract = PromptContract(
        role=role,
        clock=contract_clock(context) if context is not None else None,
        inputs=inputs,
    )
    return system_message(template.format(**values), contract)


def _fallback_record(node: str, error: BaseException) -> Fallback:
    return Fallback(node=node, error=type(error).__name__)


async def _primary(
    models: Models, build: Any, messages: Sequence[BaseMessage], budget: TurnBudget | None
) -> Any:
    seconds = models.timeout if budget is None else budget.primary_seconds(models.timeout)
    if seconds is not None and seconds <= 0:
        raise TimeoutError("no time left in the turn for the configured model")
    primary: Runnable[Any, Any] = build(models.primary)
    async with asyncio.timeout(seconds):
        return await primary.ainvoke(list(messages))


async def _invoke(
    models: Models,
    node: str,
    build: Any,
    messages: Sequence[BaseMessage],
) -> tuple[Any, list[Fallback]]:
    if models.fallback is None:
        primary: Runnable[Any, Any] = build(models.primary)
        return await primary.ainvoke(list(messages)), []
    budget = current_budget()
    if budget is not None and budget.failure is not None:  # failed earlier this turn
        record = Fallback(node=node, error=budget.failure["error"])
    else:
        try:
            return await _primary(models, build, messages, budget), []
        except Exception as error:  # graceful degradation: any model failure falls back
            log.warning("model failed in %s, using the fallback model: %r", node, error)
            record = _fallback_record(node, error)
            if budget is not None:
                budget.failure = record
    backup: Runnable[Any, Any] = build(models.fallback)
    return _marked(await backup.ainvoke(list(messages)), models.fallback, record), [record]


def _marked(reply: Any, model: BaseChatModel, record: Fallback) -> Any:
    """A message the fallback wrote, saying so in its metadata (other outputs as they are)."""
    if not isinstance(reply, AIMessage):
        return reply
    name = str(getattr(model, "model_name", None) or model._llm_type)
    note = {"model": name, **record}
    return reply.model_copy(
        update={"response_metadata": {**reply.response_metadata, FALLBACK_KEY: note}}
    )


async def chat(
    models: Models, node: str, messages: Sequence[BaseMessage], tools: Sequence[Any] = ()
) -> tuple[AIMessage, list[Fallback]]:
    """A free-text or tool-calling model turn."""

    def build(model: BaseChatModel) -> Runnable[Any, Any]:
        return model.bind_tools(list(tools)) if tools else model

    reply, fallbacks = await _invoke(models, node, build, messages)
    return reply, fallbacks


async def structured(
    models: Models, node: str, schema: type[SchemaT], messages: Sequence[BaseMessage]
) -> tuple[SchemaT, list[Fallback]]:
    """A structured-output model turn (tool-calling method: it works on any compatible server)."""

    def build(model: BaseChatModel) -> Runnable[Any, Any]:
        return model.with_structured_output(schema, method="function_calling")

    result, fallbacks = await _invoke(models, node, build, messages)
    return schema.model_validate(result), fallbacks
