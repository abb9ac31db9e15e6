"""``load_or_create_key(path)``: a random secret made once, kept in a 0600 file.

Used where a development convenience needs a signing key that nobody else can read:
the development sign-in tokens of the chat server, and the task-server tokens of a
standalone ``orchestrator mcp`` and ``orchestrator token``. Several processes may start
at once: the file appears whole or not at all (written aside, then hard-linked into
place), so every one of them reads the same key.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

KEY_BYTES = 48
_MIN_KEY_CHARS = 32


class KeyFileError(RuntimeError):
    """The key file cannot be used: unreadable, too open, or not a key."""


def load_or_create_key(path: Path) -> str:
    """The key in ``path``, creating the file (mode 0600, its folder 0700) when missing."""
    path = path.resolve()
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(KEY_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(aside, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            aside.unlink()
    return _read(path)


def _read(path: Path) -> str:
    info = path.stat()
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise KeyFileError(
            f"{path} can be read by other users (mode {stat.S_IMODE(info.st_mode):o}): "
            f"run `chmod 600 {path}` or delete it to make a new key"
        )
    key = path.read_text(encoding="ascii", errors="replace").strip()
    if len(key) < _MIN_KEY_CHARS:
        raise KeyFileError(f"{path} holds no usable key: delete it to make a new one")
    return key
