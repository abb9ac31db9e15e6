"""The page a person enjoys (issue 14): markdown replies with no raw HTML, dates in the
person's time zone, the activity panel folded, one line for a rejected approval, no
boilerplate "Done.", old approval cards closed, and task checkboxes that complete and
reopen tasks. Real Chromium on the real server (SQLite, the offline model); the browser's
time zone is Europe/Paris (``tests.e2e.browser.open_tab``), the server's UTC.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from playwright.sync_api import Locator, Page, expect

from api.auth import mint_dev_token
from taskmcp.auth import mint_task_token
from tests.e2e.browser import (
    Screenshots,
    Tab,
    send,
    settled,
    sign_in_with,
    task_list,
    task_row,
    unfold_activity,
)
from tests.e2e.support import ChatServer, rest

ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
HOSTILE = '<img src="/x" onerror="window.__owned = 1"><b>bold</b>'


def _signed_in(tab: Tab, server: ChatServer, user: str) -> tuple[Page, str]:
    page = tab.page
    token = mint_dev_token(server.settings, user)
    page.goto(tab.base_url + "/")
    sign_in_with(page, token)
    return page, token


def _local(page: Page, iso: str) -> str:
    """How the page's own formatter (dates.js) shows ``iso`` in the browser's time zone."""
    shown: str = page.evaluate(
        "async (iso) => (await import('/static/js/dates.js')).localDate(iso)", iso
    )
    return shown


def _activity(turn: Locator) -> Locator:
    return turn.locator("details.activity")


def test_a_task_server_token_pasted_in_sign_in_says_which_token_to_use(
    tab: Tab, server: ChatServer
) -> None:
    page = tab.page
    page.goto(tab.base_url + "/")
    expect(page.get_by_role("button", name="Try as demo user")).to_be_visible()  # config read
    page.get_by_label("Access token").fill(mint_task_token(server.settings, "nina"))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("task-server token")
    expect(page.get_by_role("alert")).to_contain_text("orchestrator token --for chat")
    expect(page.get_by_label("Access token")).to_be_visible()
    sign_in_with(page, mint_dev_token(server.settings, "nina"))
    expect(page.get_by_text("nina", exact=True)).to_be_visible()


def test_replies_are_markdown_lists_with_no_raw_html(
    tab: Tab, server: ChatServer, screenshots: Screenshots
) -> None:
    page, token = _signed_in(tab, server, "iris")
    base = tab.base_url
    for title in ("Buy eggs", "Call the plumber", HOSTILE):
        rest(base, token, "POST", "/api/iris/tasks", json={"title": title})

    turn = send(page, "Show my tasks")
    settled(turn)
    reply = turn.get_by_test_id("reply")
    items = reply.locator("ul > li")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("Buy eggs")
    expect(items.nth(1)).to_contain_text("Call the plumber")
    # The title's HTML is shown as the text it is: no element, no handler run.
    expect(items.nth(2)).to_contain_text(HOSTILE)
    expect(reply.locator("img, b, script")).to_have_count(0)
    assert page.evaluate("window.__owned") is None
    assert not re.search(r"^\s*- ", reply.inner_text(), re.M), "list markers shown as text"
    screenshots.save(page, "markdown-list-reply.png")

    # A stored conversation opens with its replies rendered the same way.
    page.reload()
    expect(page.get_by_role("article", name="Assistant").last.locator("ul > li")).to_have_count(3)

    # The renderer itself (markdown-it, vendored) refuses script, HTML, unsafe links, images.
    rendered = page.evaluate(
        """async () => {
          const { markdownHtml } = await import("/static/js/markdown.js");
          const box = document.createElement("div");
          box.innerHTML = markdownHtml([
            "1. **first**", "2. `second`", "",
            "<script>window.__owned = 2</script>",
            "[click](javascript:window.__owned=3) [ok](https://example.org/a)",
            "![pic](https://example.org/p.png)",
            "<a href='javascript:x'>raw</a>",
          ].join("\\n"));
          return {
            ordered: [...box.querySelectorAll("ol > li")].map((li) => li.innerHTML),
            scripts: box.querySelectorAll("script, img, iframe").length,
            hrefs: [...box.querySelectorAll("a")].map((a) => [a.getAttribute("href"), a.rel]),
            text: box.textContent,
          };
        }"""
    )
    assert rendered["ordered"] == ["<strong>first</strong>", "<code>second</code>"]
    assert rendered["scripts"] == 0
    # The javascript: link stays text; the image is only a link to it, never loaded.
    assert rendered["hrefs"] == [
        ["https://example.org/a", "noopener noreferrer"],
        ["https://example.org/p.png", "noopener noreferrer"],
    ]
    assert "[click](javascript:window.__owned=3)" in rendered["text"]
    assert "<script>window.__owned = 2</script>" in rendered["text"]
    assert "<a href='javascript:x'>raw</a>" in rendered["text"]


def test_the_activity_panel_is_folded_and_dates_are_local(
    tab: Tab, server: ChatServer, screenshots: Screenshots
) -> None:
    page, token = _signed_in(tab, server, "jude")
    turn = send(page, "Add pay the rent tomorrow")
    settled(turn)
    [task] = rest(tab.base_url, token, "GET", "/api/jude/tasks")
    local = _local(page, task["due"])

    activity = _activity(turn)
    expect(activity).to_be_visible()
    expect(activity).not_to_have_attribute("open", "")
    agents = turn.get_by_role("list", name="Agents")
    tools = turn.get_by_role("list", name="Tool calls")
    expect(agents).to_be_hidden()
    expect(tools).to_be_hidden()
    # No boilerplate line under the reply: the reply speaks for the finished turn.
    expect(turn.locator(".turn-status")).to_have_text("")
    expect(turn).not_to_contain_text("Done.")
    screenshots.save(page, "activity-folded.png")

    unfold_activity(turn)
    expect(agents.locator('[data-agent="router"]')).to_be_visible()
    add = tools.locator('[data-tool="add_task"]')
    expect(add).to_be_visible()
    expect(add).to_contain_text(local)
    assert not ISO_TIMESTAMP.search(page.locator("#log").inner_text())

    # An approval asking to move two tasks' dates shows them in the person's zone too (the
    # server words the request in the zone the run was sent with: the browser's).
    day = datetime.fromisoformat(task["due"]).astimezone(ZoneInfo("Europe/Paris"))
    rest(tab.base_url, token, "POST", "/api/jude/tasks", json={"title": "Call the bank"})
    turn = send(page, "Move tasks 1 and 2 to tomorrow")
    settled(turn, "waiting")
    changes = turn.get_by_role("group", name="Approval needed").get_by_role("list", name="Changes")
    expect(changes.locator("li")).to_have_count(2)
    expect(changes.locator("li").first).to_contain_text(f"{day:%a} {day.day} {day:%b}")
    assert not ISO_TIMESTAMP.search(changes.inner_text())


def test_rejecting_an_approval_reads_as_one_line(tab: Tab, server: ChatServer) -> None:
    page, token = _signed_in(tab, server, "kai")
    for title in ("Pay rent", "Call mom", "Buy milk"):
        rest(tab.base_url, token, "POST", "/api/kai/tasks", json={"title": title})
    turn = send(page, "Delete tasks 1, 2 and 3")
    settled(turn, "waiting")
    turn.get_by_role("group", name="Approval needed").get_by_role("button", name="Reject").click()
    settled(turn)

    reply = turn.get_by_test_id("reply")
    expect(reply).to_contain_text("didn't approve")
    expect(reply.locator("p")).to_have_count(1)
    assert reply.inner_text().count("approve") == 1
    for task_id in (1, 2, 3):
        expect(reply).to_contain_text(f"task {task_id}")
    declined = turn.locator('.tool[data-tool="delete_task"]')
    expect(declined).to_have_count(3)
    for i in range(3):
        expect(declined.nth(i)).to_have_attribute("data-state", "declined")
    expect(turn.locator('[data-state="failed"]')).to_have_count(0)
    expect(turn.locator(".turn-error")).to_be_hidden()
    assert len(rest(tab.base_url, token, "GET", "/api/kai/tasks")) == 3


def test_an_unanswered_approval_card_closes_when_a_new_message_is_sent(
    tab: Tab, server: ChatServer
) -> None:
    page, token = _signed_in(tab, server, "lea")
    rest(tab.base_url, token, "POST", "/api/lea/tasks", json={"title": "Old report"})
    settled(send(page, "Delete task 1"), "waiting")
    asking = page.get_by_role("article", name="Assistant").first  # stays this turn
    card = asking.get_by_role("group", name="Approval needed")
    expect(card.get_by_role("button", name="Approve")).to_be_enabled()

    settled(send(page, "Hello"))
    expect(card).to_have_attribute("data-answer", "closed")
    expect(card.get_by_role("button")).to_have_count(0)  # none offered any more
    expect(card.locator("button")).to_have_count(2)
    expect(card.locator("button:enabled")).to_have_count(0)  # nor clickable by any means
    expect(card.get_by_role("status")).to_have_text("Closed.")
    expect(asking.locator(".turn-status")).to_have_attribute("data-outcome", "closed")
    expect(page.locator(".approval:not([data-answer])")).to_have_count(0)
    assert [t["title"] for t in rest(tab.base_url, token, "GET", "/api/lea/tasks")] == [
        "Old report"
    ]
    # Opened again, the conversation asks nothing: the request was left behind for good.
    page.reload()
    expect(page.get_by_role("article", name="You")).to_have_count(2)
    expect(page.get_by_role("group", name="Approval needed")).to_have_count(0)


def test_task_checkboxes_complete_and_reopen_tasks_through_the_api(
    tab: Tab, server: ChatServer, screenshots: Screenshots
) -> None:
    page, token = _signed_in(tab, server, "max")
    base = tab.base_url

    def stored(title: str) -> dict[str, object]:
        [task] = [t for t in rest(base, token, "GET", "/api/max/tasks") if t["title"] == title]
        return task

    for title in ("Water the plants", "Sort the mail"):
        rest(base, token, "POST", "/api/max/tasks", json={"title": title})
    # Every Monday at 09:00 in the person's zone (the browser's, Europe/Paris: not the
    # server's UTC); the first one due on a Monday at 09:00 there.
    paris = ZoneInfo("Europe/Paris")
    first_due = datetime(2030, 1, 7, 9, tzinfo=paris)
    rule = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9"
    rest(
        base,
        token,
        "POST",
        "/api/max/tasks",
        json={"title": "Take out the bins", "recurrence": rule, "due": first_due.isoformat()},
    )
    page.get_by_role("button", name="Refresh").click()
    plants = task_list(page).get_by_role("checkbox", name="Done: Water the plants")
    expect(plants).not_to_be_checked()

    plants.check()
    expect(task_row(page, "Water the plants")).to_have_attribute("data-state", "done")
    expect(plants).to_be_checked()
    assert stored("Water the plants")["completed"] is True
    assert stored("Sort the mail")["completed"] is False
    expect(task_list(page).locator("#task-count")).to_have_text("2 open of 3")
    screenshots.save(page, "task-completed-by-checkbox.png")

    plants.uncheck()
    expect(task_row(page, "Water the plants")).to_have_attribute("data-state", "open")
    assert stored("Water the plants")["completed"] is False

    # A recurring task rolls over: the next one appears, open, beside the done one.
    task_list(page).get_by_role("checkbox", name="Done: Take out the bins").first.check()
    bins = task_list(page).get_by_role("checkbox", name="Done: Take out the bins")
    expect(bins).to_have_count(2)
    expect(bins.nth(0)).to_be_checked()
    expect(bins.nth(1)).not_to_be_checked()
    next_due = rrulestr(rule, dtstart=first_due).after(first_due)
    following = [
        t for t in rest(base, token, "GET", "/api/max/tasks") if t["title"] == "Take out the bins"
    ][-1]
    assert datetime.fromisoformat(following["due"]) == next_due  # read in the page's zone

    # A change the server refuses puts the box back and says why; nothing changed.
    page.route(
        re.compile(r"/api/max/tasks/\d+/complete(\?.*)?$"),
        lambda route: route.fulfill(status=503, json={"detail": "Database unavailable."}),
    )
    mail = task_list(page).get_by_role("checkbox", name="Done: Sort the mail")
    mail.click()  # not check(): the box is put back at once, which check() takes for a miss
    expect(page.get_by_role("alert").filter(has_text="temporarily unavailable")).to_be_visible()
    expect(mail).not_to_be_checked()
    expect(mail).to_be_enabled()
    assert stored("Sort the mail")["completed"] is False
