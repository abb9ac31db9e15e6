"""Whole conversations (the shared eval format) through a minimal stand-in for the graphs.

The cases in conversations.jsonl are phrasings written for the offline model's own tests,
not the evaluation set: each checks what the conversation left behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chatmodels.offline import OfflineChatModel
from tests.unit.chatmodels.harness import run_case

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "conversations.jsonl").read_text().splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
async def test_conversation(case: dict[str, Any]) -> None:
    assert await run_case(OfflineChatModel(), case) == []
