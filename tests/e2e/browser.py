"""Driving the chat page: a tab that watches for errors and foreign loads, and the steps
a person takes (sign in, send, wait for the turn), by role and label as a person sees them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page, Request, expect

ACTION_TIMEOUT_MS = 20_000
TURN_TIMEOUT_MS = 60_000


@dataclass
class Watch:
    """What a page did that it should not: uncaught errors, requests leaving the server."""

    origin: str
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def request(self, request: Request) -> None:
        url = request.url
        if not (url.startswith(self.origin + "/") or url.startswith("data:")):
            self.foreign.append(url)


@dataclass
class Tab:
    page: Page
    base_url: str
    watch: Watch


@contextmanager
def open_tab(browser: Browser, base_url: str, **context: Any) -> Iterator[Tab]:
    """A fresh context (its own storage) with one page; checked for errors and foreign loads
    when the block ends without an exception of its own."""
    ctx = browser.new_context(timezone_id="Europe/Paris", **context)
    try:
        ctx.set_default_timeout(ACTION_TIMEOUT_MS)
        ctx.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        page = ctx.new_page()
        watch = Watch(base_url)
        page.on("pageerror", lambda error: watch.errors.append(str(error)))
        page.on("request", watch.request)
        yield Tab(page, base_url, watch)
        assert watch.errors == [], f"uncaught errors in the page: {watch.errors}"
        assert watch.foreign == [], f"the page loaded from elsewhere: {watch.foreign}"
    finally:
        ctx.close()


def sign_in_with(page: Page, token: str) -> None:
    page.get_by_label("Access token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("textbox", name="Message", exact=True)).to_be_visible()


def send(page: Page, text: str) -> Locator:
    """Types ``text`` and presses Enter; the assistant's turn that answers it."""
    draft = page.get_by_label("Message", exact=True)
    draft.fill(text)
    draft.press("Enter")
    expect(page.get_by_role("article", name="You").last).to_have_text(text)
    return page.get_by_role("article", name="Assistant").last


def settled(turn: Locator, outcome: str = "done") -> None:
    expect(turn.locator(".turn-status")).to_have_attribute(
        "data-outcome", outcome, timeout=TURN_TIMEOUT_MS
    )


def unfold_activity(turn: Locator) -> Locator:
    """Opens a turn's activity panel (folded by default) as a person does, with a click on
    its summary once it shows; the panel."""
    panel = turn.locator("details.activity")
    expect(panel).to_be_visible()
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    expect(panel).to_have_attribute("open", "")
    return panel


def conversations(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Conversations")


def task_list(page: Page) -> Locator:
    return page.get_by_role("complementary", name="Tasks")


def task_row(page: Page, title: str) -> Locator:
    title_element = task_list(page).locator(".task-title").get_by_text(title, exact=True)
    return title_element.locator("xpath=ancestor::li[1]")


@dataclass
class Screenshots:
    """Saves screenshots in ``folder`` and tells the terminal where (``show`` prints there)."""

    folder: Path
    show: Callable[[str], None]

    def save(self, page: Page, name: str, *, full_page: bool = True) -> Path:
        path = self.folder / name
        page.screenshot(path=str(path), full_page=full_page)
        self.show(f"screenshot: {path}")
        return path
