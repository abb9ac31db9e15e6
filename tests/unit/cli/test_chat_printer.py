"""The terminal chat: the agents' trace on dimmed lines of its own, the reply clean."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessageChunk

from cli.chat import ChatPrinter


def _reply(text: str) -> tuple[AIMessageChunk, dict[str, str]]:
    return AIMessageChunk(content=text), {"langgraph_node": "specialist"}


async def test_trace_lines_never_glue_onto_the_reply(capsys: pytest.CaptureFixture[str]) -> None:
    printer = ChatPrinter()
    await printer("updates", (), {"router": {}})
    await printer("messages", (), _reply("Added "))
    await printer("updates", ("worker:1",), {"agent": {}})  # arrives mid-reply
    await printer("messages", (), _reply("Buy milk."))
    printer.end()
    out, err = capsys.readouterr()
    assert out.splitlines() == ["assistant> Added ", "           Buy milk."]
    assert [line.strip() for line in err.splitlines()] == ["· router", "· worker › agent"]


async def test_tokens_of_other_nodes_are_not_the_reply(capsys: pytest.CaptureFixture[str]) -> None:
    printer = ChatPrinter()
    await printer(
        "messages", (), (AIMessageChunk(content="route: sequential"), {"langgraph_node": "router"})
    )
    printer.end()
    assert not printer.streamed
    assert capsys.readouterr().out == ""
