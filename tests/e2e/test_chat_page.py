"""The chat page in a real browser against the real server (SQLite, the offline model).

Each test signs in as its own user, so they share one server without sharing tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from api.auth import mint_dev_token
from tests.e2e.browser import (
    Screenshots,
    Tab,
    conversations,
    open_tab,
    send,
    settled,
    sign_in_with,
    task_list,
    task_row,
    unfold_activity,
)
from tests.e2e.support import ChatServer, dev_token, rest, serve_chat, settings_for, task_ids
from tests.support.openai_compat import OpenAICompatServer, serve_openai_compat

# Installed in the page before a turn: what the reply element showed, change by change
# (a text node's old value is its length before each change), and every state an agent
# row went through, so "streamed" and "shown while working" are observed, not assumed.
WATCH_THE_LOG = """
() => {
  window.__replyLengths = [];
  window.__replyBatches = 0;
  window.__agentStates = [];
  const log = document.querySelector("#log");
  new MutationObserver((records) => {
    let replyChanged = false;
    for (const record of records) {
      const node = record.target.nodeType === Node.TEXT_NODE
        ? record.target.parentElement : record.target;
      if (record.type === "attributes" && node.dataset.agent) {
        window.__agentStates.push(`${node.dataset.agent}:${node.dataset.state}`);
        continue;
      }
      if (record.type === "childList") {
        for (const added of record.addedNodes) {
          if (added.dataset?.agent) {
            window.__agentStates.push(`${added.dataset.agent}:${added.dataset.state}`);
          }
        }
      }
      const reply = node?.closest?.("[data-testid=reply]");
      if (!reply) continue;
      replyChanged = true;
      if (record.type === "characterData") window.__replyLengths.push(record.oldValue.length);
      window.__replyLengths.push(reply.textContent.length);
    }
    if (replyChanged) window.__replyBatches += 1;
  }).observe(log, {
    subtree: true, childList: true, characterData: true, characterDataOldValue: true,
    attributes: true, attributeFilter: ["data-state"],
  });
}
"""


# ---- tests ------------------------------------------------------------------------------


def test_the_event_stream_parser_does_not_care_where_the_network_splits_it(tab: Tab) -> None:
    """The page's SSE parser gives the same events however the bytes are cut into reads."""
    page = tab.page
    page.goto(tab.base_url + "/")
    outcome = page.evaluate(
        """async () => {
          const { SSEParser } = await import("/static/js/sse.js");
          const text = 'event: metadata\\r\\ndata: {"run_id":"r1"}\\r\\n\\r\\n'
            + ': heartbeat\\r\\n\\r\\n'
            + 'event: messages|parallel:1|worker:2\\ndata: [{"content":"Hi"},{"x":1}]\\n\\n'
            + 'event: end\\rdata: {"status":"success"}\\r\\r';
          const parse = (...parts) => {
            const parser = new SSEParser();
            return JSON.stringify([...parts.flatMap((p) => parser.push(p)), ...parser.end()]);
          };
          const whole = parse(text);
          for (let i = 0; i <= text.length; i++) {
            for (let j = i; j <= text.length; j++) {
              const cut = parse(text.slice(0, i), text.slice(i, j), text.slice(j));
              if (cut !== whole) return { i, j, cut };
            }
          }
          return { events: JSON.parse(whole) };
        }"""
    )
    assert outcome == {
        "events": [
            {"event": "metadata", "data": {"run_id": "r1"}},
            {"event": "messages|parallel:1|worker:2", "data": [{"content": "Hi"}, {"x": 1}]},
            {"event": "end", "data": {"status": "success"}},
        ]
    }


def test_a_conversation_streams_works_in_parallel_and_asks_before_deleting(
    tab: Tab, screenshots: Screenshots
) -> None:
    page, base = tab.page, tab.base_url
    token = dev_token(base)
    seeded = rest(base, token, "POST", "/api/demo/tasks", json={"title": "water the plants"})

    page.goto(base + "/")
    page.get_by_role("button", name="Try as demo user").click()
    expect(page.get_by_text("demo", exact=True)).to_be_visible()
    expect(task_row(page, "water the plants")).to_have_attribute("data-state", "open")

    # A reply streams in: the page shows it growing, in several pieces.
    page.evaluate(WATCH_THE_LOG)
    turn = send(page, "Hello there")
    settled(turn)
    expect(turn.get_by_test_id("workflow")).to_have_text("direct")
    expect(turn.get_by_test_id("reply")).not_to_be_empty()
    lengths = {n for n in page.evaluate("window.__replyLengths") if n > 0}
    assert len(lengths) >= 3, f"the reply appeared in {len(lengths)} piece(s): {lengths}"
    assert page.evaluate("window.__replyBatches") >= 2, "the whole reply arrived at once"
    expect(
        conversations(page).get_by_role("button", name=re.compile(r"^Hello there"))
    ).to_be_visible()

    # Several things at once: the parallel workers are shown at work, then done.
    page.evaluate("window.__agentStates = []")
    request = f"Add buy eggs, add call the plumber and mark task {seeded['id']} done"
    turn = send(page, request)
    settled(turn)
    expect(turn.get_by_test_id("workflow")).to_have_text("parallel")
    unfold_activity(turn)
    agents = turn.get_by_role("list", name="Agents")
    expect(agents.locator('[data-agent="router"]')).to_have_attribute("data-state", "done")
    expect(agents.locator('[data-agent="decomposer"]')).to_contain_text("3 subtasks")
    workers = agents.locator('[data-agent="worker"]')
    expect(workers).to_have_count(3)
    expect(workers).to_contain_text(
        [
            re.compile("Worker 1.*buy eggs", re.I),
            re.compile("Worker 2.*call the plumber", re.I),
            re.compile(f"Worker 3.*task {seeded['id']}", re.I),
        ]
    )
    for i in range(3):
        expect(workers.nth(i)).to_have_attribute("data-state", "done")
    expect(agents.locator('[data-agent="aggregator"]')).to_have_attribute("data-state", "done")
    assert "worker:working" in page.evaluate("window.__agentStates"), "no worker shown at work"
    tools = turn.get_by_role("list", name="Tool calls")
    expect(tools.locator('[data-tool="add_task"][data-state="ok"]')).to_have_count(2)
    expect(tools.locator('[data-tool="complete_task"][data-state="ok"]')).to_have_count(1)
    expect(turn.get_by_test_id("reply")).to_contain_text("Buy eggs")
    expect(task_row(page, "Buy eggs")).to_be_visible()
    expect(task_row(page, "Call the plumber")).to_be_visible()
    expect(task_row(page, "water the plants")).to_have_attribute("data-state", "done")
    screenshots.save(page, "parallel-turn.png")

    # A delete waits for approval; approved, the task leaves the list.
    ids = task_ids(base, token, "demo")
    turn = send(page, f"Delete task {ids['Buy eggs']}")
    settled(turn, "waiting")
    approval = turn.get_by_role("group", name="Approval needed")
    expect(approval.get_by_role("list", name="Changes")).to_have_text(
        f"Delete task {ids['Buy eggs']} 'Buy eggs'"
    )
    expect(task_row(page, "Buy eggs")).to_be_visible()
    screenshots.save(page, "pending-approval.png")
    approval.get_by_role("button", name="Approve").click()
    settled(turn)
    unfold_activity(turn)
    expect(
        turn.get_by_role("list", name="Tool calls").locator('[data-tool="delete_task"]')
    ).to_have_attribute("data-state", "ok")
    expect(task_row(page, "Buy eggs")).to_have_count(0)
    assert "Buy eggs" not in task_ids(base, token, "demo")

    # A pending approval survives a reload; rejected, the task stays.
    turn = send(page, f"Delete task {ids['Call the plumber']}")
    settled(turn, "waiting")
    page.reload()
    turn = page.get_by_role("article", name="Assistant").last
    approval = turn.get_by_role("group", name="Approval needed")
    expect(approval.get_by_role("list", name="Changes")).to_have_text(
        f"Delete task {ids['Call the plumber']} 'Call the plumber'"
    )
    approval.get_by_role("button", name="Reject").click()
    settled(turn)
    expect(turn.get_by_role("group", name="Approval needed")).to_have_attribute(
        "data-answer", "rejected"
    )
    expect(task_row(page, "Call the plumber")).to_be_visible()
    assert "Call the plumber" in task_ids(base, token, "demo")

    # After a reload the conversation is still there, and opens with its messages.
    page.reload()
    you = page.get_by_role("article", name="You")
    expect(you.first).to_have_text("Hello there")
    page.get_by_role("button", name="New conversation").click()
    expect(you).to_have_count(0)
    conversations(page).get_by_role("button", name=re.compile(r"^Hello there")).click()
    expect(you).to_have_count(4)
    expect(you.nth(1)).to_have_text(request)
    expect(page.get_by_role("article", name="Assistant").first).to_contain_text("task assistant")


def test_an_expired_sign_in_asks_again_and_keeps_the_draft(tab: Tab, server: ChatServer) -> None:
    page, settings = tab.page, server.settings
    page.goto(tab.base_url + "/")
    page.get_by_label("Access token").fill("not a token")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not a sign-in token")
    sign_in_with(page, mint_dev_token(settings, "erin"))

    expired = mint_dev_token(settings, "erin", 60, now=datetime.now(UTC) - timedelta(hours=2))
    page.evaluate("token => sessionStorage.setItem('todo.token', token)", expired)
    draft = page.get_by_label("Message", exact=True)
    draft.press_sequentially("Remember the milk")
    draft.press("Shift+Enter")
    draft.press_sequentially("and the bread")
    expect(page.get_by_role("article", name="You")).to_have_count(0)  # Shift+Enter sent nothing
    draft.press("Enter")

    expect(page.get_by_label("Access token")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="expired")).to_be_visible()
    sign_in_with(page, mint_dev_token(settings, "erin"))
    expect(draft).to_have_value("Remember the milk\nand the bread")
    expect(page.get_by_role("article", name="You")).to_have_count(0)
    expect(conversations(page)).to_contain_text("No conversations yet.")


def test_conversations_can_be_renamed_and_deleted(tab: Tab, server: ChatServer) -> None:
    page = tab.page
    page.goto(tab.base_url + "/")
    sign_in_with(page, mint_dev_token(server.settings, "frank"))
    settled(send(page, "Hi!"))
    nav = conversations(page)
    nav.get_by_role("button", name="Rename conversation: Hi!").click()
    title = nav.get_by_label("Conversation title")
    title.fill("Greetings")
    title.press("Enter")
    expect(nav.get_by_role("button", name=re.compile(r"^Greetings"))).to_be_visible()

    page.reload()
    expect(nav.get_by_role("button", name=re.compile(r"^Greetings"))).to_be_visible()
    nav.get_by_role("button", name="Delete conversation: Greetings").click()
    nav.get_by_role("group", name="Confirm delete").get_by_role("button", name="Delete").click()
    expect(nav).to_contain_text("No conversations yet.")
    expect(page.get_by_role("article", name="You")).to_have_count(0)
    page.reload()
    expect(nav).to_contain_text("No conversations yet.")


def test_a_refused_turn_reads_plainly_and_gives_the_message_back(
    tab: Tab, server: ChatServer
) -> None:
    page = tab.page
    page.goto(tab.base_url + "/")
    sign_in_with(page, mint_dev_token(server.settings, "hana"))
    page.route(
        re.compile(r"/runs/stream$"),
        lambda route: route.fulfill(status=409, json={"detail": "Thread is busy."}),
    )
    draft = page.get_by_label("Message", exact=True)
    draft.fill("Add water the plants")
    draft.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="busy")).to_contain_text(
        "This conversation is busy with another turn; wait for it or stop it (Thread is busy)."
    )
    expect(draft).to_have_value("Add water the plants")
    expect(page.get_by_role("article", name="You")).to_have_count(0)

    page.unroute(re.compile(r"/runs/stream$"))
    page.get_by_role("button", name="Dismiss message").click()
    draft.press("Enter")
    settled(page.get_by_role("article", name="Assistant").last)
    expect(task_row(page, "Water the plants")).to_be_visible()


@pytest.fixture
def phone(browser: Browser, server: ChatServer) -> Iterator[Tab]:
    with open_tab(
        browser, server.base_url, viewport={"width": 390, "height": 844}, is_mobile=True
    ) as tab:
        yield tab


def test_a_plan_on_a_narrow_screen(
    phone: Tab, server: ChatServer, screenshots: Screenshots
) -> None:
    page = phone.page
    page.goto(phone.base_url + "/")
    sign_in_with(page, mint_dev_token(server.settings, "gina"))
    tasks_toggle = page.get_by_role("button", name="Tasks", exact=True)
    expect(tasks_toggle).to_have_attribute("aria-expanded", "false")
    expect(task_list(page)).to_be_hidden()

    due = (date.today() + timedelta(days=90)).isoformat()
    turn = send(page, f"Plan my sister's wedding by {due}")
    settled(turn)
    expect(turn.get_by_test_id("workflow")).to_have_text("hierarchical")
    unfold_activity(turn)
    agents = turn.get_by_role("list", name="Agents")
    for agent in ("router", "strategist", "operational", "create_goal", "create_areas"):
        expect(agents.locator(f'[data-agent="{agent}"]')).to_have_attribute("data-state", "done")
    tacticians = agents.locator('[data-agent="tactician"]')  # one per area of the plan
    expect(tacticians).not_to_have_count(0)
    expect(tacticians.first).to_have_text(re.compile(r"^Tactician 1\s*tactical level"))
    expect(agents.locator('[data-agent="tactician"]:not([data-state="done"])')).to_have_count(0)
    expect(
        agents.locator('[data-agent="operational"] ~ [data-agent="create_goal"]')
    ).to_have_attribute("data-depth", "1")

    tasks_toggle.click()
    expect(task_list(page)).to_be_visible()
    goal = task_row(page, "Plan my sister's wedding")
    subtasks = goal.get_by_role("list", name="Subtasks of Plan my sister's wedding")
    expect(subtasks.locator(":scope > li.task")).not_to_have_count(0)
    steps = subtasks.locator("li.task ul.subtasks > li.task")
    expect(steps).not_to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("button", name="Conversations").click()
    plan = conversations(page).get_by_role("button", name=re.compile(r"^Plan my sister"))
    expect(plan).to_be_visible()
    expect(plan).to_have_attribute("aria-current", "true")
    page.get_by_role("button", name="Conversations").click()
    expect(plan).to_be_hidden()
    task_list(page).evaluate("tasks => tasks.scrollIntoView({ block: 'start' })")
    screenshots.save(page, "narrow-plan.png", full_page=False)


# ---- stopping a turn: a model that never answers --------------------------------------

API_KEY = "sk-e2e-0123456789"
MODEL = "e2e-model"


@pytest.fixture
def slow_server(tmp_path: Path) -> Iterator[tuple[ChatServer, OpenAICompatServer]]:
    """A chat server whose model answers over HTTP, and can be told to never answer."""
    with serve_openai_compat(api_key=API_KEY, models=[MODEL]) as model:
        settings = settings_for(
            tmp_path,
            openai_api_key=API_KEY,
            openai_base_url=model.base_url,
            openai_model=MODEL,
            model_timeout_seconds=60.0,
        )
        with serve_chat(settings) as server:
            yield server, model


def test_stop_cancels_the_running_turn(
    browser: Browser, slow_server: tuple[ChatServer, OpenAICompatServer]
) -> None:
    server, model = slow_server
    with open_tab(browser, server.base_url, viewport={"width": 1280, "height": 860}) as tab:
        page = tab.page
        page.goto(server.base_url + "/")
        page.get_by_role("button", name="Try as demo user").click()
        model.fail_next(1, "hang")  # the router's model call
        turn = send(page, "Hello there")
        unfold_activity(turn)
        router = turn.get_by_role("list", name="Agents").locator('[data-agent="router"]')
        expect(router).to_have_attribute("data-state", "working")
        expect(page.get_by_role("button", name="Send")).to_be_disabled()
        stop = page.get_by_role("button", name="Stop")
        with page.expect_response(re.compile(r"/threads/[^/]+/runs/[^/]+/cancel")) as cancel:
            stop.click()
        assert cancel.value.ok
        settled(turn, "stopped")
        expect(router).to_have_attribute("data-state", "stopped")
        expect(stop).to_be_hidden()
        expect(page.get_by_role("button", name="Send")).to_be_enabled()
        assert model.pending_faults == 0

        # The thread is free again: the next turn runs to the end.
        settled(send(page, "Hello again"))
