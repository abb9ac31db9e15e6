"""One turn's model budget: its deadline, and whether the configured model failed in it.

The turn runner (``engine.turns``) opens a budget around each turn (``turn_budget``);
the model calls of the turn's nodes find it through a context variable (LangGraph runs
each node in a task that inherits it: subgraphs and ``Send`` branches too). Once the
configured model has failed in a turn, the rest of that turn goes straight to the
fallback model, so an endpoint that hangs costs one model timeout a turn, not one per
call. A graph run without a budget (Studio, ``graph.invoke`` in a notebook) tries the
configured model at every call, each bounded by the model timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from graphs.state import Fallback

RESERVE_SHARE = 0.2
"""The share of a turn kept for the fallback model: the configured one gets the rest."""


@dataclass
class TurnBudget:
    deadline: float | None
    """The event loop's time by which the turn must have ended (None: no deadline)."""
    reserve: float = 0.0
    """Seconds before the deadline that belong to the fallback model."""
    failure: Fallback | None = None
    """The configured model's first failure in this turn, if it failed."""

    def expired(self) -> bool:
        return self.deadline is not None and asyncio.get_running_loop().time() >= self.deadline

    def primary_seconds(self, timeout: float | None) -> float | None:
        """How long the configured model may take now: ``timeout``, or less near the end."""
        if self.deadline is None:
            return timeout
        left = self.deadline - asyncio.get_running_loop().time() - self.reserve
        return max(0.0, left if timeout is None else min(timeout, left))


_current: ContextVar[TurnBudget | None] = ContextVar("turn_budget", default=None)


def current_budget() -> TurnBudget | None:
    return _current.get()


@contextlib.contextmanager
def turn_budget(timeout: float | None) -> Iterator[TurnBudget]:
    """The budget of a turn that must end within ``timeout`` seconds (None: no deadline)."""
    loop = asyncio.get_running_loop()
    budget = TurnBudget(
        deadline=None if timeout is None else loop.time() + timeout,
        reserve=0.0 if timeout is None else timeout * RESERVE_SHARE,
    )
    token = _current.set(budget)
    try:
        yield budget
    finally:
        with contextlib.suppress(ValueError):  # closed from another context: nothing to undo
            _current.reset(token)
