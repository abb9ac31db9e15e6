"""The chat page marks a reply the offline model wrote because the configured model failed.

The configured model is a local OpenAI-compatible server told to hang one call; the
turn falls back after the model timeout, and that reply (and only that one) carries
the "offline model" badge, live and when the conversation is opened again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.browser import open_tab, send, settled
from tests.e2e.support import ChatServer, serve_chat, settings_for
from tests.support.openai_compat import OpenAICompatServer, serve_openai_compat

API_KEY = "sk-e2e-badge-0123456789"
MODEL = "e2e-badge-model"


@pytest.fixture
def hosted(tmp_path: Path) -> Iterator[tuple[ChatServer, OpenAICompatServer]]:
    with serve_openai_compat(api_key=API_KEY, models=[MODEL]) as model:
        settings = settings_for(
            tmp_path,
            openai_api_key=API_KEY,
            openai_base_url=model.base_url,
            openai_model=MODEL,
            model_timeout_seconds=3.0,  # the answered calls must fit in it on a busy machine
        )
        with serve_chat(settings) as server:
            yield server, model


def test_a_reply_from_the_offline_fallback_has_a_badge(
    browser: Browser, hosted: tuple[ChatServer, OpenAICompatServer]
) -> None:
    server, model = hosted
    with open_tab(browser, server.base_url, viewport={"width": 1280, "height": 860}) as tab:
        page = tab.page
        page.goto(server.base_url + "/")
        page.get_by_role("button", name="Try as demo user").click()

        model.fail_next(1, "hang")  # the router's call: the rest of the turn falls back
        fell_back = send(page, "Add a task to buy milk")
        settled(fell_back)
        badge = fell_back.get_by_test_id("fallback-badge")
        expect(badge).to_have_text("offline model")
        expect(badge).to_have_attribute("title", re.compile(r"did not answer \(TimeoutError\)"))

        answered = send(page, "Show my tasks")
        settled(answered)
        expect(answered.get_by_test_id("fallback-badge")).to_have_count(0)
        assert model.pending_faults == 0

        page.reload()
        replies = page.get_by_role("article", name="Assistant")
        expect(replies).to_have_count(2)
        expect(replies.first.get_by_test_id("fallback-badge")).to_have_count(1)
        expect(replies.last.get_by_test_id("fallback-badge")).to_have_count(0)
