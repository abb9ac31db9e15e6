"""Approvals: what a paused turn asks (from its interrupt) and the answer that resumes it.

A graph asks with ``interrupt(approval_request(...))`` (``nodes.approval``); the turn
then waits. ``approval_of`` is how every caller shows the request; the answer is one
``{"approved": bool}`` per interrupt id, sent back as ``Command(resume=answers)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from langgraph.types import Command, Interrupt

QUESTION = "This needs your approval: {summary}. Approve or reject?"


class Approval(TypedDict):
    id: str
    summary: str
    changes: list[Any]


def approval_of(interrupt: Interrupt) -> Approval:
    value = interrupt.value
    if not isinstance(value, dict):
        value = {"summary": str(value)}
    changes = list(value.get("changes") or [])
    return Approval(id=interrupt.id, summary=str(value.get("summary", "")), changes=changes)


def approval_answers(decisions: Mapping[str, bool]) -> dict[str, dict[str, bool]]:
    """The resume value for the interrupts named in ``decisions`` (id: approved or not)."""
    return {interrupt_id: {"approved": approved} for interrupt_id, approved in decisions.items()}


def resume(decisions: Mapping[str, bool]) -> Command[Any]:
    return Command(resume=approval_answers(decisions))
