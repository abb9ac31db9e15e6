"""Per-deploy configuration, at the bottom of the layers: every package may read it.

``Settings`` is the one pydantic-settings model of the product (``.env.example`` lists
every key); per-run values (user, clock, time zone) travel in the graph ``Context``.
"""

from settings.model import MIN_SECRET_CHARS, Settings

__all__ = ["MIN_SECRET_CHARS", "Settings"]
