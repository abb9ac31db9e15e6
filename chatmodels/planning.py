"""Domain knowledge for plans: default areas per kind of goal and concrete steps per area.

The templates live in ``plan_templates.toml`` beside this module, read on first use.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def _templates() -> dict[str, Any]:
    text = resources.files("chatmodels").joinpath("plan_templates.toml").read_text("utf-8")
    return tomllib.loads(text)


def default_areas(domain: str) -> list[str]:
    areas: dict[str, list[str]] = _templates()["areas"]
    return list(areas.get(domain, areas["generic"]))


def steps_for(area: str) -> list[str]:
    """Two to five concrete steps for an area, each naming the area where it can."""
    lowered = area.lower()
    for entry in _templates()["steps"]:
        if re.search(rf"\b(?:{entry['match']})", lowered):  # word starts: "address" is no "dress"
            return list(entry["titles"])
    a = lowered
    return [
        f"Research {a} options",
        f"Compare and choose the {a}",
        f"Book or arrange the {a}",
        f"Confirm the {a} details",
    ]


def spread_days(count: int, window: int) -> list[int]:
    """Days before the deadline for ``count`` steps, spread evenly over ``window`` days."""
    window = max(window, count + 1)
    return [max(1, round(window * (count - i) / (count + 1))) for i in range(count)]
