"""Message length checks for chat inputs: 422 with a sentence saying the limit."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import HTTPException

from api.ops import check_message_size, check_run_input
from api.ops.limits import message_text
from settings import Settings

SETTINGS = Settings(_env_file=None, environment="test", max_message_chars=5)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("hello", "hello"),
        (["user", "hello"], "hello"),
        (("human", "hello"), "hello"),
        ({"role": "user", "content": "hello"}, "hello"),
        ({"type": "human", "content": [{"type": "text", "text": "he"}, "llo"]}, "hello"),
        ({"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}, ""),
        ({"role": "user"}, ""),
        (42, ""),
    ],
)
def test_message_text(message: Any, text: str) -> None:
    assert message_text(message) == text


def test_check_message_size() -> None:
    check_message_size("12345", SETTINGS)
    with pytest.raises(HTTPException) as refused:
        check_message_size("123456", SETTINGS)
    assert refused.value.status_code == 422
    assert refused.value.detail == "The message is too long: 6 characters, at most 5 are accepted."


@pytest.mark.parametrize(
    "run_input",
    [
        {"messages": [{"role": "user", "content": "ok"}, {"role": "user", "content": "toolong"}]},
        {"messages": {"role": "user", "content": "toolong"}},
        {"messages": "toolong"},
        {"messages": [["user", "toolong"]]},
    ],
)
def test_check_run_input_refuses_any_long_message(run_input: Any) -> None:
    with pytest.raises(HTTPException) as refused:
        check_run_input(run_input, SETTINGS)
    assert refused.value.status_code == 422


@pytest.mark.parametrize(
    "run_input", [None, {}, {"messages": []}, {"messages": ["short"]}, {"other": "x" * 100}]
)
def test_check_run_input_lets_short_or_messageless_input_through(run_input: Any) -> None:
    check_run_input(run_input, SETTINGS)
