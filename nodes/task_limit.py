"""How many tasks one turn may create before a person is asked.

Every path that creates tasks (the specialist's and the workers' tool node, the
hierarchical operational level) calls ``allowed_to_create`` before creating any, with
how many it is about to create. Tasks created so far this turn are the successful
``add_task`` calls in the turn's ``tool_calls``. Past the limit the node pauses with
an approval request shaped like the others (one ``add_task`` action per task, to approve
or reject, not to edit); it is answered as a whole, yes only when every decision
approves, and the answer holds for the rest of the turn in that branch
(``task_limit_answer``). Parallel workers run at the same time and see
none of each other's calls, so each gets a share of what is left (``task_allowance``)
and the shares never add up to more than the limit.

``interrupt`` re-runs the node on resume: call this before the node changes anything.
The answer is kept before the node acts on it (``nodes.answers``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langgraph.runtime import Runtime

from graphs.state import ToolCallRecord, TurnState
from nodes.answers import ask
from nodes.approval import ApprovalRequest, Change, approval_request
from nodes.decisions import decisions_of

ADD_TOOL = "add_task"
MAX_TASKS_PER_TURN = 50  # the default of the MAX_TASKS_PER_TURN setting
LISTED = 10  # titles spelled out in the summary; every one is in ``changes``

TASK_LIMIT_REFUSED = (
    "Not approved: the user declined creating this many tasks in one turn, "
    "so this task was not created."
)


def created_this_turn(records: Sequence[ToolCallRecord] | None) -> int:
    return sum(1 for r in records or [] if r["name"] == ADD_TOOL and r["ok"])


def allowance(state: TurnState, task_limit: int) -> int:
    """How many tasks this branch may create this turn without asking."""
    return state.get("task_allowance", task_limit)


def shares(remaining: int, branches: int) -> list[int]:
    """``remaining`` split over ``branches`` running at once, never more in total."""
    base, extra = divmod(max(remaining, 0), branches)
    return [base + (1 if index < extra else 0) for index in range(branches)]


def addition(args: dict[str, Any]) -> Change:
    title = args.get("title")
    return Change(
        tool=ADD_TOOL,
        task_id=None,
        title=title if isinstance(title, str) else None,
        args=dict(args),
        description=f"Add '{title}'",
    )


def limit_request(additions: Sequence[dict[str, Any]], created: int, limit: int) -> ApprovalRequest:
    """The approval request for creating ``additions`` past ``limit`` in one turn."""
    changes = [addition(args) for args in additions]
    more = len(changes) - LISTED
    listed = "; ".join(c["description"] for c in changes[:LISTED])
    listed += f"; and {more} more" if more > 0 else ""
    count = f"{len(changes)} task" + ("" if len(changes) == 1 else "s")
    already = f", after the {created} created already" if created else ""
    summary = (
        f"Create {count}{already}: more than this turn may still create without asking "
        f"({max(limit - created, 0)}). {listed}"
    )
    return approval_request(changes, summary=summary, allowed=("approve", "reject"))


async def allowed_to_create(
    state: TurnState, additions: Sequence[dict[str, Any]], limit: int, runtime: Runtime[Any]
) -> tuple[bool, dict[str, Any]]:
    """Whether to create ``additions`` now, and the state update that records the answer.

    Within the allowance: yes, without asking. Past it: the answer given earlier this
    turn, or else a person's, asked for with ``interrupt``.
    """
    if not additions:
        return True, {}
    created = created_this_turn(state.get("tool_calls"))
    if created + len(additions) <= limit:
        return True, {}
    answer = state.get("task_limit_answer")
    if answer is not None:
        return answer, {}
    request = limit_request(additions, created, limit)
    configs = request["review_configs"]
    decisions = await ask(runtime, "task-limit", request, lambda a: decisions_of(a, configs))
    approved = all(d.type == "approve" for d in decisions)
    return approved, {"task_limit_answer": approved}
