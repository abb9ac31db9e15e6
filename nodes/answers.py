"""Approvals that hold across crashes: the answer a node first acted on stays its answer.

``interrupt()`` re-runs the node when it is answered, and the answer itself lives only
in memory until the node finishes. A process that dies while the node acts on an answer
(deleting a task, say) would leave the interrupt pending with the change made; a second,
different answer would then contradict what was done. So before acting, the node keeps
the answer in the graph's store under the node's position (thread, run, checkpoint
namespace, task id: the same when the node runs again in the same run, ``nodes.effects``),
and when it runs again it takes that answer instead of asking. A crash therefore leaves
the approval either pending (nothing was acted on yet) or answered, to be finished by
resuming the run from its last checkpoint (``resume_turn``), each change made once. A new
run from an old checkpoint (regenerate, fork) asks again, as LangGraph replays it.

Without a store or a thread (a graph compiled bare) this is plain ``interrupt()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from nodes.effects import position

NAMESPACE = ("orchestrator", "approval-answers")
T = TypeVar("T")


async def ask(runtime: Runtime[Any], label: str, request: Any, read: Callable[[Any], T]) -> T:
    """The answer to ``request`` (``label``: which question of the node), read by ``read``.

    ``read`` refuses an unreadable answer (raising) before anything is kept.
    """
    store, found = runtime.store, position(runtime, f"question:{label}")
    if store is None or found is None:
        return read(interrupt(request))
    key, _ = found
    kept = await store.aget(NAMESPACE, key)
    if kept is not None:
        return read(kept.value["answer"])
    answer = interrupt(request)
    result = read(answer)
    await store.aput(NAMESPACE, key, {"answer": answer}, index=False)
    return result
