"""The end of a parallel worker: its outcome, as one subtask result."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from graphs.state import SubtaskResult, WorkerState


def report(state: WorkerState) -> dict[str, Any]:
    messages = state["messages"]
    subtask = state["subtask"]
    start = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
    transcript = list(messages[start + 1 :])
    failed = any(isinstance(m, ToolMessage) and m.status == "error" for m in transcript)
    last = transcript[-1] if transcript else None
    summary = last.text if isinstance(last, AIMessage) else "No outcome was reported."
    result = SubtaskResult(
        id=subtask.id,
        request=subtask.request,
        ok=not failed,
        summary=summary,
        transcript=transcript,
    )
    return {"results": [result]}
