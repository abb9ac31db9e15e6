"""The checkpoint serializer: the graphs' own state types are allowed by name.

LangGraph deserializes any type it finds in a checkpoint unless told which ones to
expect; naming ours keeps checkpoints loadable when strict mode becomes the default.
The types come from the caller (``graphs.state.CHECKPOINT_TYPES`` through the engine),
so this layer knows nothing of the graphs.
"""

from __future__ import annotations

from collections.abc import Sequence

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer


def checkpoint_serde(state_types: Sequence[type] = ()) -> JsonPlusSerializer:
    return JsonPlusSerializer(
        allowed_msgpack_modules=[(t.__module__, t.__name__) for t in state_types]
    )
