"""LangGraph persistence: the checkpointer and store (see factory.open_persistence)."""
