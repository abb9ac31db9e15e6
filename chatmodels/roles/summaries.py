"""The aggregator (parallel results) and the integrator (the plan that was created).

Both read a block from their system prompt ("Subtask results:" / "Plan created:"). JSON is
read field by field; any other text is reported line by line, failures kept visible.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import BaseMessage

from chatmodels.transcript import all_text

_FAILURE = re.compile(
    r"\b(?:fail(?:ed|ure)?|error|couldn'?t|could\s+not|not\s+found|rejected)\b", re.I
)


def _block(messages: Sequence[BaseMessage], header: str) -> str:
    prompt = all_text(messages)
    at = prompt.find(header)
    return prompt[at + len(header) :].strip() if at >= 0 else ""


def _parse(block: str) -> Any:
    try:
        return json.loads(block)
    except ValueError:
        pass
    rows = []
    for line in block.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            rows.append(json.loads(line))
        except ValueError:
            return None
    return rows or None


def aggregate(messages: Sequence[BaseMessage]) -> str:
    block = _block(messages, "Subtask results:")
    data = _parse(block)
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        lines = [_result_line(r) for r in data]
    else:
        lines = [_clean_line(line) for line in block.splitlines() if line.strip()]
    if not lines:
        return "There was nothing to do."
    failed = sum(1 for line in lines if _FAILURE.search(line))
    head = "Here's what I did:" if not failed else f"Here's what happened ({failed} did not work):"
    return (
        head
        + "\n"
        + "\n".join(f"- {line}" if not line.startswith(("-", "#")) else line for line in lines)
    )


def _result_line(row: dict[str, Any]) -> str:
    summary = str(row.get("summary") or row.get("result") or "").strip()
    request = str(row.get("request") or "").strip()
    if row.get("ok", True) is False:
        what = request[:1].lower() + request[1:] if request else "do one of the steps"
        return f"Failed to {what.rstrip('.')}: {summary or 'it did not work'}"
    return summary or f"Done: {request}"


def _clean_line(line: str) -> str:
    text = line.strip()
    text = re.sub(r"^\s*(?:[-*\u2022]\s*)?(?:\d+[.):]\s*)?", "", text)
    text = re.sub(r"\[(?:ok|done|success)\]\s*", "", text, flags=re.I)
    text = re.sub(r"\[(?:failed|error|fail)\]\s*", "Failed: ", text, flags=re.I)
    return text


def integrate(messages: Sequence[BaseMessage]) -> str:
    block = _block(messages, "Plan created:")
    data = _parse(block)
    if isinstance(data, dict):
        return _plan_from_json(data)
    lines = [line.rstrip() for line in block.splitlines() if line.strip()]
    if not lines:
        return "I couldn't create the plan."
    failures = [line.strip(" -*") for line in lines if _FAILURE.search(line)]
    text = "Here's your plan:\n" + "\n".join(lines)
    if failures:
        text += f"\nSome steps could not be created ({len(failures)}); see above."
    return text


def _plan_from_json(plan: dict[str, Any]) -> str:
    goal = plan.get("goal") or plan.get("title") or "your goal"
    due = plan.get("due")
    lines = [f"Here's your plan for {goal}" + (f" (due {due})" if due else "") + ":"]
    failed = 0
    for area in plan.get("areas") or plan.get("area_plans") or []:
        if not isinstance(area, dict):
            lines.append(f"- {area}")
            continue
        name = area.get("title") or area.get("area") or "Area"
        lines.append(f"- {name}")
        for step in area.get("steps") or []:
            title = step.get("title") if isinstance(step, dict) else str(step)
            bad = isinstance(step, dict) and (step.get("ok") is False or step.get("error"))
            failed += bool(bad)
            lines.append(f"  - {title}" + (" (could not be created)" if bad else ""))
    if failed:
        lines.append(f"{failed} step(s) could not be created.")
    return "\n".join(lines)
