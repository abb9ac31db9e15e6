"""A person's answer to an approval request, read as one decision per action requested.

The answer is LangChain's human-in-the-loop response, ``{"decisions": [...]}`` with one
``{"type": "approve"}``, ``{"type": "edit", "edited_action": {"name", "args"}}`` or
``{"type": "reject", "message"?}`` per action request, in order; or the older
``{"approved": true|false}`` (or a bare ``true``/``false``), which answers every action
alike. Anything else is refused with ``InvalidAnswerError``: an answer nobody can read is
never taken for a rejection (nor an approval).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

DecisionType = Literal["approve", "edit", "reject"]
DECISION_TYPES: tuple[DecisionType, ...] = get_args(DecisionType)


class InvalidAnswerError(ValueError):
    """The resume value is not an answer to an approval request."""


@dataclass(frozen=True)
class Decision:
    type: DecisionType
    args: dict[str, Any] = field(default_factory=dict)
    """``edit``: the arguments to call the tool with instead."""
    message: str | None = None
    """``reject``: what the person said, passed on to the model."""

    @property
    def rejects(self) -> bool:
        return self.type == "reject"


def _decision(value: Any, tool: str | None) -> Decision:
    if not isinstance(value, Mapping) or value.get("type") not in DECISION_TYPES:
        raise InvalidAnswerError(f"a decision is {{'type': one of {list(DECISION_TYPES)}}}")
    kind = value["type"]
    if kind == "approve":
        return Decision("approve")
    if kind == "reject":
        message = value.get("message")
        if message is not None and not isinstance(message, str):
            raise InvalidAnswerError("a rejection's message is text")
        return Decision("reject", message=message or None)
    action = value.get("edited_action")
    # LangChain named the edited arguments "arguments" before it settled on "args".
    args = action.get("args", action.get("arguments")) if isinstance(action, Mapping) else None
    if not isinstance(args, Mapping):
        raise InvalidAnswerError(
            "an edit is {'type': 'edit', 'edited_action': {'name', 'args': {}}}"
        )
    name = action.get("name") if isinstance(action, Mapping) else None
    if tool is not None and name not in (None, tool):
        raise InvalidAnswerError(f"an edit changes the arguments of {tool!r}, not the tool")
    return Decision("edit", args=dict(args))


def _legacy(answer: Any) -> bool | None:
    """``True``/``False``, or ``{"approved": bool}``: the older answer; else None."""
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, Mapping) and "approved" in answer and "decisions" not in answer:
        approved = answer["approved"]
        return approved if isinstance(approved, bool) else None
    return None


def _read(answer: Any, tools: Sequence[str] | None) -> list[Decision]:
    legacy = _legacy(answer)
    if legacy is not None:
        return [
            Decision("approve" if legacy else "reject")
            for _ in (tools if tools is not None else [None])
        ]
    decisions = answer.get("decisions") if isinstance(answer, Mapping) else None
    if not isinstance(decisions, list) or not decisions:
        raise InvalidAnswerError(
            "answer with {'decisions': [...]} (one per action request) or {'approved': bool}"
        )
    if tools is None:
        return [_decision(value, None) for value in decisions]
    if len(decisions) != len(tools):
        raise InvalidAnswerError(
            f"{len(decisions)} decisions for {len(tools)} action requests: give one per action"
        )
    return [_decision(value, tool) for value, tool in zip(decisions, tools, strict=True)]


def decisions_of(answer: Any, reviews: Sequence[Mapping[str, Any]]) -> list[Decision]:
    """One decision per action request; ``reviews``: the request's ``review_configs``.

    A decision the review does not allow (an edit where only approve or reject is
    offered) is refused like a malformed one.
    """
    decisions = _read(answer, [str(r["action_name"]) for r in reviews])
    for decision, review in zip(decisions, reviews, strict=True):
        if decision.type not in review["allowed_decisions"]:
            allowed = list(review["allowed_decisions"])
            raise InvalidAnswerError(
                f"{review['action_name']} allows {allowed}, not {decision.type!r}"
            )
    return decisions


def answers_in(resume: Any) -> list[Decision]:
    """Every decision a resume value holds: one answer, or a map of interrupt id to answers.

    ``InvalidAnswerError`` when it answers no approval request. The count per request is not
    checked here (only the request knows it).
    """
    try:
        return _read(resume, None)
    except InvalidAnswerError:
        if not isinstance(resume, Mapping) or not resume or "decisions" in resume:
            raise
    if not all(isinstance(value, Mapping) for value in resume.values()):
        raise InvalidAnswerError(
            "answer with {'decisions': [...]} (one per action request), {'approved': bool}, "
            "or a map of interrupt id to one of these"
        )
    return [decision for value in resume.values() for decision in _read(value, None)]


def outcome(decisions: Sequence[Decision]) -> Literal["approved", "rejected", "mixed"]:
    """``approved`` when nothing was rejected, ``rejected`` when everything was."""
    rejected = [d.rejects for d in decisions]
    if not any(rejected):
        return "approved"
    return "rejected" if all(rejected) else "mixed"
