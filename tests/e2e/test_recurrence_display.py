"""The task list shows a recurrence rule in words, with the rule itself on hover."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import Tab, sign_in_with, task_row
from tests.e2e.support import ChatServer, dev_token, rest


def test_a_rule_reads_as_words_in_the_task_list(tab: Tab, server: ChatServer) -> None:
    token = dev_token(server.base_url, "rita")
    for title, rule in [
        ("Gym", "FREQ=WEEKLY;BYDAY=TH,TU;BYHOUR=7"),
        ("Stand-up", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("Water plants", "weekly"),
    ]:
        rest(
            server.base_url,
            token,
            "POST",
            "/api/rita/tasks",
            json={"title": title, "recurrence": rule},
        )
    rest(server.base_url, token, "POST", "/api/rita/tasks", json={"title": "Call mom"})

    page = tab.page
    page.goto(tab.base_url + "/")
    sign_in_with(page, token)

    gym = task_row(page, "Gym").locator(".recurrence")
    expect(gym).to_have_text("repeats every Tuesday and Thursday at 07:00")
    expect(gym).to_have_attribute("title", "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=7;BYMINUTE=0")
    expect(task_row(page, "Stand-up").locator(".recurrence")).to_have_text("repeats every weekday")
    expect(task_row(page, "Water plants").locator(".recurrence")).to_have_text("repeats weekly")
    expect(task_row(page, "Call mom").locator(".recurrence")).to_have_count(0)
