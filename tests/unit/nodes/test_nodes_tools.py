"""The tool node alone (in a one-node graph, so its approval interrupt can pause and resume).

Deleting always asks; changing more than one existing task in one step asks; adding does
not (up to the turn's task limit: tests/unit/graphs/test_task_limit.py). The request is
LangChain's human-in-the-loop shape; each change is approved, edited or rejected on its
own. A rejection changes nothing and says so; an answer nobody can read is refused, not
taken for a rejection; an unknown tool is an error message.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolCall, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph
from langgraph.types import Command

from graphs.state import Context, TurnState
from nodes.approval import MUTATING_TOOLS, needs_approval
from nodes.decisions import InvalidAnswerError
from nodes.tools import make_tool_node
from tests.support.memtools import MemoryTasks

CONTEXT = Context(user_id="u1")


def tool_call(name: str, **args: Any) -> ToolCall:
    return ToolCall(name=name, args=args, id=uuid.uuid4().hex)


class Harness:
    """The tool node between START and END, with a checkpointer for its interrupt."""

    def __init__(self, store: MemoryTasks) -> None:
        graph = StateGraph(TurnState, context_schema=Context)
        graph.add_node("tools", make_tool_node(store.tools()))
        graph.add_edge(START, "tools")
        graph.add_edge("tools", END)
        self.graph = graph.compile(checkpointer=InMemorySaver())
        self.config: Any = {"configurable": {"thread_id": uuid.uuid4().hex}}

    async def step(self, *calls: ToolCall) -> dict[str, Any]:
        state = TurnState(messages=[HumanMessage("do it"), AIMessage("", tool_calls=list(calls))])
        result: dict[str, Any] = await self.graph.ainvoke(state, self.config, context=CONTEXT)
        return result

    async def answer(self, approval: Any) -> dict[str, Any]:
        command: Command[Any] = Command(resume=approval)
        result: dict[str, Any] = await self.graph.ainvoke(command, self.config, context=CONTEXT)
        return result


def results(state: dict[str, Any]) -> list[ToolMessage]:
    return [m for m in state["messages"] if isinstance(m, ToolMessage)]


def seeded(*titles: str) -> MemoryTasks:
    store = MemoryTasks()
    for title in titles:
        store.add_task(title)
    store.calls.clear()
    return store


async def test_adds_run_at_once_in_the_order_given() -> None:
    store = MemoryTasks()
    titles = ["Bread", "Cheese", "Wine"]
    state = await Harness(store).step(*(tool_call("add_task", title=t) for t in titles))
    assert "__interrupt__" not in state
    assert [store.tasks[i]["title"] for i in sorted(store.tasks)] == titles
    assert [r["ok"] for r in state["tool_calls"]] == [True, True, True]


async def test_one_change_among_adds_runs_without_asking() -> None:
    store = seeded("Pay rent")
    state = await Harness(store).step(
        tool_call("add_task", title="Bread"), tool_call("complete_task", task_id=1)
    )
    assert "__interrupt__" not in state
    assert store.tasks[1]["completed"] is True
    assert len(store.tasks) == 2


async def test_delete_asks_first_naming_the_task_and_runs_when_approved() -> None:
    store = seeded("Pay rent")
    harness = Harness(store)
    paused = await harness.step(tool_call("delete_task", task_id=1))
    [request] = [i.value for i in paused["__interrupt__"]]
    assert [(c["tool"], c["task_id"], c["title"]) for c in request["changes"]] == [
        ("delete_task", 1, "Pay rent")
    ]
    assert "Pay rent" in request["summary"]
    assert 1 in store.tasks
    done = await harness.answer({"approved": True})
    assert store.tasks == {}
    assert [r["name"] for r in done["tool_calls"]] == ["delete_task"]
    assert results(done)[-1].status != "error"


async def test_changing_two_tasks_asks_once_for_both() -> None:
    store = seeded("A", "B")
    harness = Harness(store)
    paused = await harness.step(
        tool_call("complete_task", task_id=1), tool_call("update_task", task_id=2, priority="high")
    )
    [request] = [i.value for i in paused["__interrupt__"]]
    assert [(c["tool"], c["title"]) for c in request["changes"]] == [
        ("complete_task", "A"),
        ("update_task", "B"),
    ]
    assert store.calls == ["get_task", "get_task"]  # the look-ups naming the tasks
    done = await harness.answer({"approved": True})
    assert store.tasks[1]["completed"] is True
    assert [(r["name"], r["ok"]) for r in done["tool_calls"]] == [
        ("complete_task", True),
        ("update_task", True),
    ]


@pytest.mark.parametrize(
    "answer",
    [
        {"approved": False},
        False,
        {"decisions": [{"type": "reject"}, {"type": "reject"}]},
    ],
)
async def test_rejecting_every_change_refuses_the_step_and_changes_nothing(answer: Any) -> None:
    store = seeded("Pay rent", "Call mom")
    before = copy.deepcopy(store.tasks)
    harness = Harness(store)
    calls = [
        tool_call("add_task", title="Bread"),
        tool_call("delete_task", task_id=1),
        tool_call("complete_task", task_id=2),
    ]
    await harness.step(*calls)
    rejected = await harness.answer(answer)
    assert store.tasks == before
    assert set(store.calls) <= {"get_task"}  # only the look-ups naming the tasks
    messages = results(rejected)
    assert [m.tool_call_id for m in messages] == [c["id"] for c in calls]
    assert all(m.status == "error" and "nothing was changed" in m.text for m in messages)
    assert [r["ok"] for r in rejected["tool_calls"]] == [False, False, False]


@pytest.mark.parametrize(
    "answer",
    [
        {"approved": "yes"},
        "yes",
        {"approved": None},
        {"decisions": []},
        {"decisions": [{"type": "approve"}]},  # one decision for two changes
        {"decisions": [{"type": "accept"}, {"type": "approve"}]},
    ],
)
async def test_an_unreadable_answer_is_refused_and_changes_nothing(answer: Any) -> None:
    store = seeded("Pay rent", "Call mom")
    before = copy.deepcopy(store.tasks)
    harness = Harness(store)
    await harness.step(tool_call("delete_task", task_id=1), tool_call("complete_task", task_id=2))
    with pytest.raises(InvalidAnswerError):
        await harness.answer(answer)
    assert store.tasks == before
    assert set(store.calls) <= {"get_task"}


async def test_the_request_is_langchains_human_in_the_loop_shape() -> None:
    harness = Harness(seeded("Pay rent", "Call mom"))
    paused = await harness.step(
        tool_call("add_task", title="Bread"),
        tool_call("delete_task", task_id=1),
        tool_call("update_task", task_id=2, priority="high"),
    )
    [request] = [i.value for i in paused["__interrupt__"]]
    assert request["action_requests"] == [
        {"name": "delete_task", "args": {"task_id": 1}, "description": "Delete task 1 'Pay rent'"},
        {
            "name": "update_task",
            "args": {"task_id": 2, "priority": "high"},
            "description": "Update task 2 'Call mom': priority → 'high'",
        },
    ]
    assert request["review_configs"] == [
        {"action_name": name, "allowed_decisions": ["approve", "edit", "reject"]}
        for name in ("delete_task", "update_task")
    ]
    assert request["summary"] == "; ".join(a["description"] for a in request["action_requests"])


async def test_each_change_is_decided_on_its_own() -> None:
    store = seeded("Pay rent", "Call mom", "Water plants")
    harness = Harness(store)
    calls = [
        tool_call("add_task", title="Bread"),
        tool_call("delete_task", task_id=1),
        tool_call("delete_task", task_id=2),
        tool_call("complete_task", task_id=2),
    ]
    await harness.step(*calls)
    edit = {"type": "edit", "edited_action": {"name": "complete_task", "args": {"task_id": 3}}}
    reject = {"type": "reject", "message": "not this one"}
    done = await harness.answer({"decisions": [{"type": "approve"}, reject, edit]})
    assert 1 not in store.tasks  # approved
    assert store.tasks[2]["completed"] is False  # rejected, and the edit moved off it
    assert store.tasks[3]["completed"] is True  # edited: the person's args, not the model's
    assert store.tasks[4]["title"] == "Bread"  # not asked about: runs, since not all was rejected
    rejected = results(done)[2]
    assert rejected.status == "error"
    assert rejected.text.endswith("The user said: not this one")
    assert [(r["name"], r["args"], r["ok"]) for r in done["tool_calls"]] == [
        ("add_task", {"title": "Bread"}, True),
        ("delete_task", {"task_id": 1}, True),
        ("delete_task", {"task_id": 2}, False),
        ("complete_task", {"task_id": 3}, True),
    ]
    [model] = [m for m in done["messages"] if isinstance(m, AIMessage)]  # replaced, not added
    assert model.tool_calls[3]["args"] == {"task_id": 3}
    assert [c["id"] for c in model.tool_calls] == [c["id"] for c in calls]


async def test_an_edit_may_not_swap_the_tool() -> None:
    store = seeded("Pay rent")
    harness = Harness(store)
    await harness.step(tool_call("delete_task", task_id=1))
    swap = {"type": "edit", "edited_action": {"name": "complete_task", "args": {"task_id": 1}}}
    with pytest.raises(InvalidAnswerError):
        await harness.answer({"decisions": [swap]})
    assert 1 in store.tasks
    assert store.tasks[1]["completed"] is False


async def test_an_unknown_tool_is_an_error_message_not_a_crash() -> None:
    store = MemoryTasks()
    state = await Harness(store).step(tool_call("launch_rockets", count=3))
    [message] = results(state)
    assert message.status == "error"
    assert "launch_rockets" in message.text
    assert state["tool_calls"][0]["ok"] is False
    assert store.calls == []


async def test_a_failing_tool_is_recorded_as_failed() -> None:
    state = await Harness(MemoryTasks()).step(tool_call("complete_task", task_id=42))
    [message] = results(state)
    assert message.status == "error"
    assert "42" in message.text
    assert state["tool_calls"] == [
        {"name": "complete_task", "args": {"task_id": 42}, "ok": False, "output": message.text}
    ]


@pytest.mark.parametrize(
    ("names", "asks"),
    [
        ((), False),
        (("add_task",) * 5, False),
        (("list_tasks", "get_task"), False),
        (("complete_task",), False),
        (("update_task", "add_task"), False),
        (("delete_task",), True),
        (("add_task", "delete_task"), True),
        (("complete_task", "complete_task"), True),
        (("update_task", "complete_task", "add_task"), True),
    ],
)
def test_approval_rule(names: tuple[str, ...], asks: bool) -> None:
    calls = [tool_call(n, task_id=i) for i, n in enumerate(names, start=1)]
    assert needs_approval(calls) is asks
    changes = [n for n in names if n in MUTATING_TOOLS]
    assert asks == ("delete_task" in names or len(changes) > 1)
