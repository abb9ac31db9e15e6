"""The run's context, with defaults when the caller gave none.

``graph.invoke(inputs)``, LangSmith's ``evaluate(graph, …)`` and Studio's "submit" run the
graphs without a ``context``; they then act for the default user (``demo``) in UTC on the
real clock, exactly what ``Context()`` says. The server and the CLI always pass one.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from graphs.state import Context

DEFAULT_CONTEXT = Context()


def context_of(runtime: Runtime[Context]) -> Context:
    context: Context | None = runtime.context
    return DEFAULT_CONTEXT if context is None else context
