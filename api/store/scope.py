"""Each user's own corner of the LangGraph store: namespaces prefixed on the way in, stripped out.

A caller's namespace ``("notes",)`` is stored as ``("users", <user key>, "notes")``, the
user key being a digest of the verified user id (never anything the caller sends). Every
read, search and listing is confined under that prefix, so a namespace that spells
another user's prefix only names a namespace inside the caller's own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

ROOT = "users"
PREFIX_LENGTH = 2


def user_key(user_id: str) -> str:
    """A fixed-length label for the user (SHA-256 hex of the id)."""
    return hashlib.sha256(user_id.encode()).hexdigest()


def inward(user_id: str, namespace: Sequence[str]) -> tuple[str, ...]:
    """The stored namespace of the user's ``namespace`` (an empty one: the user's root)."""
    return (ROOT, user_key(user_id), *namespace)


def outward(user_id: str, stored: Sequence[str]) -> tuple[str, ...]:
    """The user's view of a stored namespace; ``ValueError`` when it is not under theirs."""
    head = inward(user_id, ())
    if tuple(stored[:PREFIX_LENGTH]) != head:
        raise ValueError("a namespace outside the user's own")
    return tuple(stored[PREFIX_LENGTH:])


def inward_depth(max_depth: int | None) -> int | None:
    """``max_depth`` counted from the user's root."""
    return None if max_depth is None else max_depth + PREFIX_LENGTH
