"""The end of a parallel worker: its outcome, as one subtask result."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from graphs.state import SubtaskResult, WorkerState
from nodes.approval import declined


def report(state: WorkerState) -> dict[str, Any]:
    messages = state["messages"]
    subtask = state["subtask"]
    start = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
    transcript = list(messages[start + 1 :])
    errors = [m for m in transcript if isinstance(m, ToolMessage) and m.status == "error"]
    last = transcript[-1] if transcript else None
    summary = last.text if isinstance(last, AIMessage) else "No outcome was reported."
    result = SubtaskResult(
        id=subtask.id,
        request=subtask.request,
        ok=not errors,
        summary=summary,
        transcript=transcript,
    )
    if errors and all(declined(m) for m in errors):
        result["declined"] = True
    return {"results": [result]}
