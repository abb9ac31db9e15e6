"""A worker's report alone: its own transcript, failed when any tool call failed."""

from __future__ import annotations

from typing import Literal

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage

from graphs.state import Subtask
from nodes.worker import report

SUBTASK = Subtask(id=3, request="Mark task 9 done", depends_on=[1])
EARLIER: list[AnyMessage] = [HumanMessage("show my tasks"), AIMessage("You have 9 tasks.")]


def step(status: Literal["success", "error"], output: str) -> list[AnyMessage]:
    call = {"name": "complete_task", "args": {"task_id": 9}, "id": "c9"}
    return [
        AIMessage("", tool_calls=[call]),
        ToolMessage(output, tool_call_id="c9", status=status),
    ]


def test_a_successful_worker_reports_its_reply_and_transcript() -> None:
    transcript: list[AnyMessage] = [
        *step("success", '{"status": "completed"}'),
        AIMessage("Marked task 9 done."),
    ]
    messages: list[AnyMessage] = [*EARLIER, HumanMessage(SUBTASK.request), *transcript]
    [result] = report({"messages": messages, "subtask": SUBTASK})["results"]
    assert result == {
        "id": SUBTASK.id,
        "request": SUBTASK.request,
        "ok": True,
        "summary": "Marked task 9 done.",
        "transcript": transcript,
    }


def test_a_failed_tool_call_fails_the_subtask_whatever_the_reply_says() -> None:
    transcript: list[AnyMessage] = [*step("error", "Task 9 not found."), AIMessage("All done!")]
    messages: list[AnyMessage] = [HumanMessage(SUBTASK.request), *transcript]
    [result] = report({"messages": messages, "subtask": SUBTASK})["results"]
    assert result["ok"] is False
    assert result["transcript"] == transcript


def test_a_worker_that_never_replied_says_so() -> None:
    messages: list[AnyMessage] = [HumanMessage(SUBTASK.request), *step("success", "{}")]
    [result] = report({"messages": messages, "subtask": SUBTASK})["results"]
    assert result["summary"] == "No outcome was reported."
