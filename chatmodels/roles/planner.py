"""The strategist (Plan) and the tactician (AreaSteps)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from langchain_core.messages import BaseMessage

from chatmodels.contract import contract_of
from chatmodels.nlu.goals import parse_goal
from chatmodels.planning import default_areas, spread_days, steps_for
from chatmodels.transcript import clock_of, current_request, input_of

_DEFAULT_WINDOW = 21


def strategize(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    request = current_request(messages)
    goal = parse_goal(request, clock_of(messages))
    areas = goal.areas or default_areas(goal.domain)
    if len(areas) < 2:
        areas = areas + [a for a in default_areas(goal.domain) if a not in areas][: 2 - len(areas)]
    return {
        "goal": goal.title,
        "due": goal.due,
        "areas": [{"title": area} for area in areas[:6]],
    }


def tacticize(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    area = input_of(messages, "area") or current_request(messages) or "the work"
    due = _date_in(input_of(messages, "due") or "")
    titles = steps_for(area)
    if len(titles) < 2:
        titles.append(f"Review the {area.lower()}")
    titles = titles[:5]
    steps: list[dict[str, Any]] = [{"title": t} for t in titles]
    if due is not None:
        for step, days in zip(steps, spread_days(len(steps), _window(messages, due)), strict=True):
            step["days_before_due"] = days
    return {"steps": steps}


def _date_in(text: str) -> date | None:
    m = re.search(r"(\d{4}-\d{2}-\d{2})", text)
    if not m:
        return None
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        return None


def _window(messages: Sequence[BaseMessage], due: date) -> int:
    """Days available before the deadline, when some message carries the clock."""
    contract = contract_of(messages)
    if contract is None or contract.clock is None:
        return _DEFAULT_WINDOW
    days = (due - clock_of(messages).local.date()).days
    return max(2, min(days - 1, 60))
