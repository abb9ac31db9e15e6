"""The approval card: ChatKit's ``Card`` with Approve (confirm) and Reject (cancel),
built from ``approval.widget`` (the library's widget templates; Jinja escapes the text
as JSON). Each button sends the ``approval.answer`` action with the interrupt id."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from chatkit.types import WidgetItem
from chatkit.widgets import WidgetTemplate

from engine.turns import Approval

ACTION = "approval.answer"
TEMPLATE = WidgetTemplate.from_file(str(Path(__file__).with_name("approval.widget")))


APPROVAL_PREFIX = "approval_"


def approval_item_id(interrupt_id: str) -> str:
    return f"{APPROVAL_PREFIX}{interrupt_id}"


def approval_item(
    approval: Approval, thread_id: str, created_at: datetime, *, answer: bool | None = None
) -> WidgetItem:
    """The card asking (``answer`` None: with the two buttons) or, answered, saying so."""
    actions = [
        str(action.get("description") or action.get("name") or "") for action in approval["actions"]
    ]
    data: dict[str, object] = {
        "summary": approval["summary"] or "A change needs your approval",
        "status": "Waiting for your approval" if answer is None else "Answered",
        "actions": actions,
        "interrupt_id": approval["id"] if answer is None else "",
        "answer": "" if answer is None else "Approved." if answer else "Rejected: nothing changed.",
    }
    return WidgetItem(
        id=approval_item_id(approval["id"]),
        thread_id=thread_id,
        created_at=created_at,
        widget=TEMPLATE.build(data),
        copy_text=approval["summary"],
    )
