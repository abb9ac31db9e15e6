"""A model endpoint that accepts requests and never answers.

The turn still ends within ``TURN_TIMEOUT_SECONDS``: the first model call falls back to
the offline model after the model timeout (or sooner, when the turn's deadline is near),
and the rest of the turn goes straight to it, so the endpoint is waited for once a turn.
The reply says that the offline model answered: in its ``response_metadata``, in the
turn's ``fallbacks``, and in what ``orchestrator ask`` prints.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from langchain_core.messages import AIMessage

from engine.turns import session_thread_id, thread_config
from nodes.llm import FALLBACK_KEY
from tests.integration.wire.support import MODEL, Conversation, conversation, settings_for
from tests.support.openai_compat import OpenAICompatServer

TURN_TIMEOUT = 8.0
EVERY_CALL = 100  # more hangs queued than a turn makes calls
ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")


async def _reply_message(talk: Conversation) -> AIMessage:
    thread = session_thread_id(talk.user, talk.session)
    state = await talk.engine.graph.aget_state(thread_config(thread))
    replies = [m for m in state.values["messages"] if isinstance(m, AIMessage)]
    return replies[-1]


async def _timed_turn(talk: Conversation, text: str) -> float:
    loop = asyncio.get_running_loop()
    started = loop.time()
    await talk.say(text)
    return loop.time() - started


async def test_a_hanging_model_is_waited_for_once_and_the_offline_model_answers(
    openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    openai_server.fail_next(EVERY_CALL, "hang")
    settings = settings_for(
        tmp_path / "wire",
        openai_server,
        model_timeout_seconds=2.0,
        turn_timeout_seconds=TURN_TIMEOUT,
    )
    async with conversation(settings) as talk:
        seconds = await _timed_turn(talk, "Add a task to buy milk tomorrow")
        [result] = talk.results
        reply = await _reply_message(talk)
        tasks = await talk.tasks()

    assert seconds < TURN_TIMEOUT
    assert [r.status for r in openai_server.chat_requests] == [504], "one call hung, once"
    assert result.workflow == "sequential"
    assert [t.title for t in tasks] == ["Buy milk"], "the offline model did the work"
    assert result.fallbacks[0] == {"node": "router", "error": "TimeoutError"}
    assert {f["error"] for f in result.fallbacks} == {"TimeoutError"}
    assert len(result.fallbacks) > 1, "every later model call of the turn fell back too"
    assert reply.text
    assert result.reply == reply.text
    note = reply.response_metadata[FALLBACK_KEY]
    assert note["model"] != MODEL
    assert note["error"] == "TimeoutError"
    assert result.fallback_note is not None
    assert "offline model answered" in result.fallback_note


async def test_a_model_timeout_longer_than_the_turn_still_ends_the_turn_in_time(
    openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    openai_server.fail_next(EVERY_CALL, "hang")
    turn_timeout = 6.0
    settings = settings_for(
        tmp_path / "wire",
        openai_server,
        model_timeout_seconds=600.0,
        turn_timeout_seconds=turn_timeout,
    )
    async with conversation(settings) as talk:
        seconds = await _timed_turn(talk, "hello there")
        [result] = talk.results

    assert seconds < turn_timeout
    assert result.workflow == "direct"
    assert result.reply
    assert {f["error"] for f in result.fallbacks} == {"TimeoutError"}


NOTE = "The offline model answered: the configured model failed (TimeoutError)."


def _cli(
    server: OpenAICompatServer, tmp_path: Path, *args: str, given: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real ``orchestrator`` command against the hanging endpoint."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(
        DATA_DIR=str(tmp_path / "data"),
        OPENAI_API_KEY=server.api_key,
        OPENAI_BASE_URL=server.base_url,
        OPENAI_MODEL=MODEL,
        MODEL_TIMEOUT_SECONDS="1",
        TURN_TIMEOUT_SECONDS=str(TURN_TIMEOUT),
        LOG_LEVEL="ERROR",
    )
    return subprocess.run(
        [ORCHESTRATOR, *args],
        cwd=tmp_path,
        env=env,
        input=given,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=None if given is not None else subprocess.DEVNULL,
    )


def test_ask_prints_that_the_offline_model_answered(
    openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    openai_server.fail_next(EVERY_CALL, "hang")
    done = _cli(openai_server, tmp_path, "ask", "Add a task to water the plants")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("[sequential] ")
    assert NOTE in lines[1]


def test_chat_prints_that_the_offline_model_answered(
    openai_server: OpenAICompatServer, tmp_path: Path
) -> None:
    openai_server.fail_next(EVERY_CALL, "hang")
    done = _cli(openai_server, tmp_path, "chat", given="Add a task to water the plants\nexit\n")
    assert done.returncode == 0, done.stderr
    assert "assistant> " in done.stdout
    assert NOTE in done.stdout
