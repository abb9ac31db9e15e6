"""The validator (Verdict): does the specialist's reply claim only what the tool results show?

A reply fails when a sentence claims a change (added, completed, deleted, updated) that no
successful result of that kind shows, names a task number no result mentions, or quotes a
title that appears nowhere in the results. Negated sentences ("I couldn't delete ...") claim
nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import BaseMessage

from chatmodels.records import listed_in_text, task_from, tasks_from
from chatmodels.transcript import all_text, input_of, system_text

_CLAIM_VERBS = {
    "added": "created",
    "created": "created",
    "deleted": "deleted",
    "removed": "deleted",
    "updated": "updated",
    "renamed": "updated",
    "moved": "updated",
    "rescheduled": "updated",
    "changed": "updated",
    "reopened": "updated",
    "marked": "completed",
    "completed": "completed",
    "finished": "completed",
}
_ACTIVE = re.compile(
    r"\b(added|created|deleted|removed|updated|renamed|moved|rescheduled|changed|marked|completed|"
    r"finished|reopened)"
    r"\s+(?:tasks?\s+#?\d|tasks?\s+'|#\d|'|\"|it\b|them\b|the\b|your\b|all\b|both\b|\d+\s+tasks?\b)",
    re.I,
)
_PASSIVE = re.compile(
    r"\b(?:has|have|was|were|is|are)\s+(?:now\s+|been\s+)*(added|created|deleted|removed|updated|renamed|"
    r"moved|rescheduled|changed|marked|completed|finished)\b",
    re.I,
)
_LISTING = re.compile(r"^\s*(?:here\s+(?:are|is)|you\s+have|i\s+found)\b", re.I)
_NEGATED = re.compile(
    r"\b(?:not|no|n't|couldn'?t|could\s+not|unable|failed|nothing|never|didn'?t|won'?t|cannot|can'?t)\b",
    re.I,
)


@dataclass
class Evidence:
    text: str
    kinds: set[str] = field(default_factory=set)
    ids: set[int] = field(default_factory=set)
    titles: dict[int, str] = field(default_factory=dict)


def judge(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    evidence_text = input_of(messages, "evidence") or ""
    reply = input_of(messages, "reply") or ""
    if not reply:  # a caller without a prompt contract: the prompt's sections
        evidence_text, reply = _sections(system_text(messages))
    if not reply:
        evidence_text, reply = _sections(all_text(messages))
    evidence = _evidence(evidence_text)
    problems: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", reply):
        if not sentence.strip() or _NEGATED.search(sentence) or _LISTING.match(sentence):
            continue
        problems.extend(_check_sentence(sentence, evidence))
    for task in listed_in_text(reply):
        if evidence.ids and task.id not in evidence.ids:
            problems.append(f"The reply lists task #{task.id}, which no tool result shows.")
    findings = " ".join(dict.fromkeys(problems))
    return {"ok": not problems, "findings": findings}


def _sections(prompt: str) -> tuple[str, str]:
    m = re.search(r"Tool results:\s*(.*?)\s*Specialist'?s reply:\s*(.*)\Z", prompt, re.S | re.I)
    if not m:
        return "", ""
    return m.group(1), m.group(2).strip()


def _evidence(text: str) -> Evidence:
    ev = Evidence(text=text)
    for data in _json_values(text):
        status = data.get("status") if isinstance(data, dict) else None
        if isinstance(status, str):
            ev.kinds.add(status.lower())
        for task in tasks_from(data) or [t for t in [task_from(data)] if t is not None]:
            ev.ids.add(task.id)
            if task.parent_id is not None:
                ev.ids.add(task.parent_id)
            if task.title:
                ev.titles[task.id] = task.title
        if isinstance(data, dict) and isinstance(data.get("next_occurrence"), dict):
            nxt = task_from(data["next_occurrence"])
            if nxt is not None:
                ev.ids.add(nxt.id)
    for word, kind in (
        ("add_task", "created"),
        ("complete_task", "completed"),
        ("delete_task", "deleted"),
    ):
        if re.search(rf"{word}\b[^\n]*\b(?:ok|success|{kind})\b", text, re.I):
            ev.kinds.add(kind)
    return ev


def _json_values(text: str) -> list[Any]:
    decoder = json.JSONDecoder()
    values: list[Any] = []
    index = 0
    while index < len(text):
        if text[index] in "[{":
            try:
                value, end = decoder.raw_decode(text, index)
            except ValueError:
                index += 1
                continue
            values.append(value)
            index = end
        else:
            index += 1
    return values


def _check_sentence(sentence: str, ev: Evidence) -> list[str]:
    problems: list[str] = []
    verbs = [m.group(1).lower() for m in _ACTIVE.finditer(sentence)]
    verbs += [m.group(1).lower() for m in _PASSIVE.finditer(sentence)]
    claimed = list(dict.fromkeys(_CLAIM_VERBS[v] for v in verbs))
    for kind in claimed:
        if kind not in ev.kinds:
            problems.append(f"The reply says a task was {kind}, but no tool result shows that.")
    if not claimed:
        return problems
    for raw in re.findall(r"\btask\s+#?(\d+)\b", sentence, re.I):
        if ev.ids and int(raw) not in ev.ids:
            problems.append(f"The reply mentions task {raw}, which no tool result shows.")
    lowered = ev.text.lower()
    for title in re.findall(r"'([^']{2,80})'", sentence):
        if title.lower() not in lowered and not _in_titles(title, ev):
            problems.append(f"The reply names '{title}', which no tool result shows.")
    return problems


def _in_titles(title: str, ev: Evidence) -> bool:
    return any(title.lower() == t.lower() for t in ev.titles.values())
