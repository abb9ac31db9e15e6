"""The checkpoint serializer: the graphs' own state types are allowed by name.

LangGraph deserializes any type it finds in a checkpoint unless told which ones to
expect; naming ours keeps checkpoints loadable when strict mode becomes the default.
"""

from __future__ import annotations

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from graphs.state import Area, AreaSteps, Decomposition, Plan, RouteDecision, Step, Subtask, Verdict

STATE_TYPES: tuple[type, ...] = (
    Area,
    AreaSteps,
    Decomposition,
    Plan,
    RouteDecision,
    Step,
    Subtask,
    Verdict,
)


def checkpoint_serde() -> JsonPlusSerializer:
    return JsonPlusSerializer(
        allowed_msgpack_modules=[(t.__module__, t.__name__) for t in STATE_TYPES]
    )
