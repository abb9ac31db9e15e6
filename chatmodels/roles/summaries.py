"""The aggregator (parallel results) and the integrator (the plan that was created).

Both read a block from their prompt ("Subtask results:" / "Plan created:"). Lines such as
``1. [ok] Add buy eggs -> Added task 2: Buy eggs.`` and ``- Step: task 3 Book the venue``
are read field by field, JSON too; any other text is reported line by line. Failures stay
visible.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import BaseMessage

from chatmodels.roles.wording import declined_line
from chatmodels.transcript import all_text, input_of, system_text

_FAILURE = re.compile(
    r"\b(?:fail(?:ed|ure)?|error|couldn'?t|could\s+not|not\s+found|rejected|not\s+created)\b", re.I
)
_RESULT = re.compile(
    r"^\s*(?:[-*\u2022]\s*)?(?:(\d+)[.):]\s*)?"
    r"(?:\[(ok|done|success|failed|error|fail|not approved)\]\s*)?"
    r"(?:(.*?)\s+(?:->|=>|\u2192)\s+)?(.*)$",
    re.IGNORECASE,
)
_PLAN_LINE = re.compile(
    r"^(?P<indent>\s*)(?:[-*\u2022]\s*)?(?P<kind>Goal|Area|Step):\s*(?:task\s+(?P<id>\d+)\s+)?"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)


def _block(messages: Sequence[BaseMessage], name: str, header: str) -> str:
    """The prompt contract's input ``name``; for a caller without one, the text after
    ``header`` in the system prompt (else anywhere in the messages)."""
    given = input_of(messages, name)
    if given is not None:
        return given.strip()
    for prompt in (system_text(messages), all_text(messages)):
        at = prompt.find(header)
        if at >= 0:
            return prompt[at + len(header) :].strip()
    return ""


def _parse(block: str) -> Any:
    try:
        return json.loads(block)
    except ValueError:
        pass
    rows = []
    for line in block.splitlines():
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError:
                return None
    return rows or None


def aggregate(messages: Sequence[BaseMessage]) -> str:
    block = _block(messages, "results", "Subtask results:")
    data = _parse(block)
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        entries = [_result_line(r) for r in data]
    else:
        entries = _text_results(block)
    declined = [entry.what for entry in entries if entry.declined]
    entries = [entry for entry in entries if not entry.declined]
    if not entries and not declined:
        return "There was nothing to do."
    failed = sum(1 for entry in entries if not entry.ok)
    # One sentence for every change the person did not approve, apart from the list.
    refused = (
        declined_line([("", what) for what in declined], alone=not entries) if declined else ""
    )
    if not entries:
        return refused
    head = "Here's what I did:" if not failed else f"Here's what happened ({failed} did not work):"
    listed = head + "\n" + "\n".join(f"- {entry.text}" for entry in entries)
    return listed + (f"\n\n{refused}" if refused else "")


@dataclass
class _Entry:
    text: str
    ok: bool = True
    declined: bool = False
    what: str = ""


def _result_line(row: dict[str, Any]) -> _Entry:
    summary = str(row.get("summary") or row.get("result") or "").strip()
    request = str(row.get("request") or "").strip()
    if row.get("declined"):
        return _entry("not approved", request, summary)
    return _entry("ok" if row.get("ok", True) is not False else "failed", request, summary)


def _entry(status: str, request: str, summary: str) -> _Entry:
    what = request[:1].lower() + request[1:] if request else "do one of the steps"
    what = what.rstrip(".")
    if status == "not approved":
        return _Entry(summary, ok=False, declined=True, what=what)
    if status == "ok":
        return _Entry(summary or f"Done: {request}")
    return _Entry(f"Failed to {what}: {summary or 'it did not work'}", ok=False)


def _text_results(block: str) -> list[_Entry]:
    """One entry per numbered result; unnumbered lines continue the entry before them."""
    entries: list[_Entry] = []
    for line in block.splitlines():
        if not line.strip():
            continue
        m = _RESULT.match(line)
        starts = m is not None and (m.group(1) or m.group(2))
        if m is None or (not starts and entries):
            entries[-1].text += "\n  " + line.strip()  # under its entry, as a nested list
            continue
        status = (m.group(2) or "ok").lower()
        if status != "not approved":
            ok = status in {"ok", "done", "success"} and not (
                m.group(2) is None and _FAILURE.search(line)
            )
            status = "ok" if ok else "failed"
        entries.append(_entry(status, (m.group(3) or "").strip(), m.group(4).strip()))
    return entries


def integrate(messages: Sequence[BaseMessage]) -> str:
    block = _block(messages, "plan", "Plan created:")
    data = _parse(block)
    if isinstance(data, dict):
        return _plan_from_json(data)
    lines = [line.rstrip() for line in block.splitlines() if line.strip()]
    if not lines:
        return "I couldn't create the plan."
    out: list[str] = []
    failures = 0
    for line in lines:
        m = _PLAN_LINE.match(line)
        if m is None:
            failures += bool(_FAILURE.search(line))
            out.append(line)
            continue
        kind, rest, number = m.group("kind").lower(), m.group("rest").strip(), m.group("id")
        if kind == "goal":
            out.insert(
                0, f"I've set up your plan: {rest}" + (f" (task {number})." if number else ".")
            )
            continue
        shown = f"#{number} {rest}" if number else rest
        out.append(("- " if kind == "area" else "  - ") + shown)
    if failures:
        out.append(f"{failures} item(s) could not be created; the rest of the plan is in place.")
    if not out[0].startswith("I've set up"):
        out.insert(0, "Here's your plan:")
    return "\n".join(out)


def _plan_from_json(plan: dict[str, Any]) -> str:
    goal = plan.get("goal") or plan.get("title") or "your goal"
    due = plan.get("due")
    lines = [f"I've set up your plan: {goal}" + (f" (due {due})" if due else "") + "."]
    failed = 0
    for area in plan.get("areas") or plan.get("area_plans") or []:
        if not isinstance(area, dict):
            lines.append(f"- {area}")
            continue
        lines.append(f"- {area.get('title') or area.get('area') or 'Area'}")
        for step in area.get("steps") or []:
            title = step.get("title") if isinstance(step, dict) else str(step)
            bad = isinstance(step, dict) and (step.get("ok") is False or bool(step.get("error")))
            failed += bad
            lines.append(f"  - {title}" + (" (could not be created)" if bad else ""))
    if failed:
        lines.append(f"{failed} step(s) could not be created.")
    return "\n".join(lines)
