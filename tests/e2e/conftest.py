"""A real browser on the real chat server: Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.e2e.browser import Screenshots, Tab, open_tab
from tests.e2e.support import (
    CHROMIUM_ARGS,
    SCREENSHOTS,
    ChatServer,
    chromium_path,
    serve_chat,
    settings_for,
)

EXPECT_TIMEOUT_MS = 20_000
LAUNCH_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium with a fresh temporary profile (Playwright's launch makes one), always closed.

    Per module, not per session: while Playwright's sync API is open, asyncio takes its loop
    for a running one, and the suite's async tests could not start.
    """
    executable = chromium_path()
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, timeout=LAUNCH_TIMEOUT_MS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatServer]:
    """The chat server on SQLite and the offline model, shared by a module's tests."""
    with serve_chat(settings_for(tmp_path_factory.mktemp("chat-server"))) as running:
        yield running


@pytest.fixture
def tab(browser: Browser, server: ChatServer) -> Iterator[Tab]:
    """A fresh tab (its own storage) on a desktop-sized window."""
    with open_tab(browser, server.base_url, viewport={"width": 1280, "height": 860}) as tab:
        yield tab


@pytest.fixture
def screenshots(capsys: pytest.CaptureFixture[str]) -> Screenshots:
    """Into artifacts/screenshots/ at the repository root (git ignores artifacts/); each
    path is printed past pytest's capture."""

    def show(line: str) -> None:
        with capsys.disabled():
            print(f"\n{line}")

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return Screenshots(SCREENSHOTS, show)
