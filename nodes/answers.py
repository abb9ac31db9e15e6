"""Approvals that hold across crashes: the answer a node first acted on stays its answer.

``interrupt()`` re-runs the node when it is answered, and the answer itself lives only
in memory until the node finishes. A process that dies while the node acts on an answer
(deleting a task, say) would leave the interrupt pending with the change made; a second,
different answer would then contradict what was done. So before acting, the node keeps
the answer in the graph's store under the node's position (thread, checkpoint namespace,
task id: the same when the node runs again), and when it runs again it takes that
answer instead of asking. A crash therefore leaves the approval either pending (nothing
was acted on yet) or answered, to be finished by resuming the run from its last
checkpoint, with each change made once (``nodes.effects``).

Without a store or a thread (a graph compiled bare) this is plain ``interrupt()``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from langgraph.runtime import Runtime
from langgraph.types import interrupt

NAMESPACE = ("orchestrator", "approval-answers")
T = TypeVar("T")


async def ask(runtime: Runtime[Any], label: str, request: Any, read: Callable[[Any], T]) -> T:
    """The answer to ``request`` (``label``: which question of the node), read by ``read``.

    ``read`` refuses an unreadable answer (raising) before anything is kept.
    """
    store, info = runtime.store, runtime.execution_info
    if store is None or info is None or not info.thread_id:
        return read(interrupt(request))
    position = "\x00".join((info.thread_id, info.checkpoint_ns, info.task_id, label))
    key = hashlib.sha256(position.encode()).hexdigest()
    kept = await store.aget(NAMESPACE, key)
    if kept is not None:
        return read(kept.value["answer"])
    answer = interrupt(request)
    result = read(answer)
    await store.aput(NAMESPACE, key, {"answer": answer}, index=False)
    return result
