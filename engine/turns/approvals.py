"""Approvals: what a paused turn asks (from its interrupt) and the answer that resumes it.

A graph asks with ``interrupt(approval_request(...))`` (``nodes.approval``): LangChain's
human-in-the-loop request, one action per change, plus our summary and changes; the
turn then waits. ``approval_of`` is how every caller shows the request; ``answer_for``
turns a yes/no, or one decision per action, into ``{"decisions": [...]}``, and
``resume`` sends those back by interrupt id as ``Command(resume=answers)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from langgraph.types import Command, Interrupt

QUESTION = "This needs your approval: {summary}. Approve or reject?"

Answer = bool | Sequence[Mapping[str, Any]]
"""Every action alike (yes or no), or one decision per action (``{"type": "approve"}``…)."""


class Approval(TypedDict):
    id: str
    summary: str
    changes: list[Any]
    actions: list[Any]
    """The request's ``action_requests``: ``{"name", "args", "description"}`` each."""


def approval_of(interrupt: Interrupt) -> Approval:
    value = interrupt.value
    if not isinstance(value, dict):
        value = {"summary": str(value)}
    return Approval(
        id=interrupt.id,
        summary=str(value.get("summary", "")),
        changes=list(value.get("changes") or []),
        actions=list(value.get("action_requests") or []),
    )


def answer_for(approval: Approval, answer: Answer) -> dict[str, Any]:
    """The resume value answering ``approval``: one decision per action it requested."""
    if not isinstance(answer, bool):
        return {"decisions": [dict(decision) for decision in answer]}
    if not approval["actions"]:  # not a human-in-the-loop request: the older answer
        return {"approved": answer}
    kind = "approve" if answer else "reject"
    return {"decisions": [{"type": kind} for _ in approval["actions"]]}


def approval_answers(decisions: Mapping[str, bool]) -> dict[str, dict[str, bool]]:
    """The older resume value, still accepted: ``{"approved": bool}`` per interrupt id."""
    return {interrupt_id: {"approved": approved} for interrupt_id, approved in decisions.items()}


def resume(answers: Mapping[str, Mapping[str, Any]]) -> Command[Any]:
    """Resume every interrupt named in ``answers`` with its answer (``answer_for``)."""
    return Command(resume={interrupt_id: dict(value) for interrupt_id, value in answers.items()})
