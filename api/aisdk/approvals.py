"""Approvals in the AI SDK's tool-approval flow.

Each change a paused turn asks about (an action of LangChain's human-in-the-loop
request) is a dynamic tool part of the assistant message in state ``approval-requested``,
with tool call id ``approval-<interrupt id>-<n>`` and approval id ``<interrupt id>:<n>``.
``useChat``'s ``addToolApprovalResponse`` marks it ``approval-responded``; the follow-up
request (``sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses``)
carries the answers, which become one decision per action (approve, or reject with
the person's reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.aisdk.schemas import UIMessage
from engine.turns import Approval


class ApprovalAnswerError(ValueError):
    """The answers do not fit the approvals that wait (422); the message says why."""


class ApprovalGoneError(ApprovalAnswerError):
    """An answer to an approval that no longer waits (409): answered already, or never asked."""


def approval_id(interrupt_id: str, index: int) -> str:
    return f"{interrupt_id}:{index}"


def tool_call_id(interrupt_id: str, index: int) -> str:
    return f"approval-{interrupt_id}-{index}"


def responses_in(message: UIMessage) -> dict[str, tuple[bool, str | None]]:
    """``approval id -> (approved, reason)`` of the message's answered approval parts."""
    found: dict[str, tuple[bool, str | None]] = {}
    for part in message.parts:
        approval = part.approval
        if part.state != "approval-responded" or approval is None:
            continue
        if approval.approved is None:
            raise ApprovalAnswerError(f"approval {approval.id} has no 'approved' answer")
        found[approval.id] = (approval.approved, approval.reason)
    return found


def answers_for(
    pending: Sequence[Approval], responses: dict[str, tuple[bool, str | None]]
) -> dict[str, dict[str, Any]]:
    """The resume value (by interrupt id) answering every pending approval's actions.

    ``ApprovalAnswerError`` when an answer names no waiting approval (answered already,
    or never asked) or an action is left unanswered.
    """
    known = {
        approval_id(approval["id"], index)
        for approval in pending
        for index in range(max(len(approval["actions"]), 1))
    }
    if unknown := sorted(set(responses) - known):
        raise ApprovalGoneError(
            f"no approval {unknown[0]} is waiting: it was answered already or never asked"
        )
    answers: dict[str, dict[str, Any]] = {}
    for approval in pending:
        count = max(len(approval["actions"]), 1)
        ids = [approval_id(approval["id"], index) for index in range(count)]
        if missing := [i for i in ids if i not in responses]:
            raise ApprovalAnswerError(f"approval {missing[0]} is not answered")
        if not approval["actions"]:
            answers[approval["id"]] = {"approved": responses[ids[0]][0]}
            continue
        answers[approval["id"]] = {"decisions": [_decision(*responses[i]) for i in ids]}
    return answers


def _decision(approved: bool, reason: str | None) -> dict[str, Any]:
    if approved:
        return {"type": "approve"}
    return {"type": "reject", "message": reason} if reason else {"type": "reject"}
