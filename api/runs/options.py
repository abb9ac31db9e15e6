"""Tunables of the run manager (the defaults suit production; tests shorten them)."""

from __future__ import annotations

from dataclasses import dataclass

from settings import Settings


@dataclass(frozen=True)
class RunOptions:
    heartbeat_seconds: float = 10.0
    """A stream gets a ``: heartbeat`` comment (a waiting join a blank line) this often."""
    tick_seconds: float = 1.0
    """How often running runs renew their lease and look for cross-process cancels."""
    lease_seconds: float = 30.0
    """A running run whose lease is older than this lost its server: resumed by another."""
    poll_seconds: float = 0.2
    """How often a join polls the database for a run executing in another process."""
    flush_seconds: float = 0.1
    """Stream events reach the database at least this often while a run streams."""
    flush_events: int = 64
    """…or as soon as this many are waiting."""
    grace_seconds: float = 20.0
    """On shutdown, how long runs executing here may go on to finish before being cancelled."""
    shutdown_seconds: float = 10.0
    """How long shutdown waits for cancelled runs to record how they ended."""

    @classmethod
    def from_settings(cls, settings: Settings) -> RunOptions:
        return cls(
            heartbeat_seconds=settings.stream_heartbeat_seconds,
            lease_seconds=settings.run_lease_seconds,
            grace_seconds=settings.shutdown_grace_seconds,
        )
