"""Calling a model from a node: the clock, trimmed history, and graceful degradation.

The primary model (a real one, or the embedded offline model) is tried first; when
it still fails after its own retries, the fallback model answers instead and the
node records the fallback in the state so clients can show it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.runnables import Runnable
from pydantic import BaseModel

from graphs.state import Context, Fallback
from nodes.prompts import CLOCK

log = logging.getLogger(__name__)

SchemaT = TypeVar("SchemaT", bound=BaseModel)


@dataclass(frozen=True)
class Models:
    """The chat models a graph is built with."""

    primary: BaseChatModel
    fallback: BaseChatModel | None = None


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


def _fallback_record(node: str, error: BaseException) -> Fallback:
    return Fallback(node=node, error=type(error).__name__)


async def _invoke(
    models: Models,
    node: str,
    build: Any,
    messages: Sequence[BaseMessage],
) -> tuple[Any, list[Fallback]]:
    try:
        primary: Runnable[Any, Any] = build(models.primary)
        return await primary.ainvoke(list(messages)), []
    except Exception as error:  # graceful degradation: any model failure falls back
        if models.fallback is None:
            raise
        log.warning("model failed in %s, using the fallback model: %r", node, error)
        backup: Runnable[Any, Any] = build(models.fallback)
        return await backup.ainvoke(list(messages)), [_fallback_record(node, error)]


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
