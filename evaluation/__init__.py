"""Conversation-case evaluation (the format of shared/evals/FORMAT.md)."""
