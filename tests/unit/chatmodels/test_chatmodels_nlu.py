"""The NLU pieces: titles, references and how a message splits into operations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from chatmodels.nlu.dates import make_clock
from chatmodels.nlu.intents import understand
from chatmodels.nlu.references import match_words, parse_ref
from chatmodels.nlu.titles import parse_new_task

CLOCK = make_clock(datetime.fromisoformat("2026-11-24T09:00:00+00:00"), "UTC")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Add a task to buy groceries", "Buy groceries"),
        ("I need to remember to pay bills", "Pay bills"),
        ("Remind me to call the dentist tomorrow", "Call the dentist"),
        ("Add buy milk with high priority", "Buy milk"),
        ("Add a weekly task to water the plants", "Water the plants"),
        ("Could you please add 'Book hotel' for next week, thanks", "Book hotel"),
        ("don't let me forget to renew the car insurance", "Renew the car insurance"),
        ("New task: email Sarah about the budget #work", "Email Sarah about the budget"),
        ("add call grandma, it's urgent", "Call grandma"),
        ("Add a task to renew my passport", "Renew my passport"),
    ],
)
def test_titles_drop_filler_and_attributes(text: str, title: str) -> None:
    assert parse_new_task(text, CLOCK).title == title


def test_attributes_are_kept_apart_from_the_title() -> None:
    spec = parse_new_task(
        "Please add a high priority task to file taxes by Dec 15, tagged finance and home", CLOCK
    )
    assert (spec.title, spec.priority, spec.tags) == ("File taxes", "high", ["finance", "home"])
    assert spec.due is not None
    assert spec.due.startswith("2026-12-15")


def test_a_colon_list_becomes_the_description() -> None:
    spec = parse_new_task("Add a task to buy groceries: milk, eggs, bread", CLOCK)
    assert spec.title == "Buy groceries"
    assert spec.description == "milk, eggs, bread"


def test_every_weekday_repeats_weekly_from_that_day() -> None:
    spec = parse_new_task("Remind me every Monday to take out the trash", CLOCK)
    assert (spec.title, spec.recurrence) == ("Take out the trash", "weekly")
    assert spec.due is not None
    assert datetime.fromisoformat(spec.due).weekday() == 0


def test_a_quoted_title_keeps_its_words_even_dates() -> None:
    assert parse_new_task("Add 'Call mom tonight'", CLOCK).title == "Call mom tonight"


@pytest.mark.parametrize(
    ("phrase", "kind", "value"),
    [
        ("task 3", "id", (3,)),
        ("#3", "id", (3,)),
        ("tasks 1, 2 and 4", "id", (1, 2, 4)),
        ("the second one", "ordinal", 2),
        ("the last one", "ordinal", -1),
        ("it", "pronoun", False),
        ("them", "pronoun", True),
        ("the meeting task", "words", "the meeting task"),
    ],
)
def test_references(phrase: str, kind: str, value: object) -> None:
    ref = parse_ref(phrase)
    assert ref.kind == kind
    got = {"id": ref.ids, "ordinal": ref.ordinal, "pronoun": ref.plural, "words": ref.words}[kind]
    assert got == value


@pytest.mark.parametrize(
    ("phrase", "status"),
    [
        ("all my tasks", None),
        ("every task", None),
        ("completed tasks", "completed"),
        ("all open tasks", "pending"),
    ],
)
def test_bulk_references(phrase: str, status: str | None) -> None:
    ref = parse_ref(phrase)
    assert (ref.kind, ref.status) == ("all", status)


@dataclass
class Task:
    id: int
    title: str
    completed: bool = False


TASKS = [
    Task(1, "Buy milk"),
    Task(2, "Prepare team meeting slides"),
    Task(3, "Call mom"),
    Task(4, "Buy oat milk"),
    Task(5, "Take out the trash", completed=True),
    Task(6, "Take out the trash"),
    Task(7, "Buy groceries"),
]


@pytest.mark.parametrize(
    ("words", "ids"),
    [
        ("the meeting task", [2]),
        ("calling mom", [3]),
        ("taking out the trash", [6]),  # the pending one
        ("buy milk", [1]),  # exact title beats a longer one
        ("milk", [1, 4]),  # ambiguous
        ("the meting task", [2]),  # typo
        ("the grocery task", [7]),  # plural/singular
        ("the dentist", []),
    ],
)
def test_word_matching(words: str, ids: list[int]) -> None:
    assert [t.id for t in match_words(words, TASKS, prefer_pending=True)] == ids


@pytest.mark.parametrize(
    ("message", "kinds"),
    [
        ("Add buy eggs, add call the plumber and mark task 1 done", ["add", "add", "complete"]),
        ("Show what's pending and add pick up dry cleaning", ["list", "add"]),
        ("Add a task to water the plants. Also, complete task 1.", ["add", "complete"]),
        ("Add three tasks: buy bread, buy cheese and buy wine", ["add"]),
        ("Add 'Submit report' due Friday and tag it work", ["add"]),
        ("Add buy milk, then mark it done", ["add", "complete"]),
        ("Rename 'Buy milk' to 'Buy oat milk'", ["update"]),
        ("I finished calling mom", ["complete"]),
        ("What have I completed?", ["list"]),
        ("Which tasks are done?", ["list"]),
        ("Clear completed tasks", ["delete"]),
        ("move task 2 to Monday", ["update"]),
        ("Actually, make it high priority", ["update"]),
    ],
)
def test_messages_split_into_operations(message: str, kinds: list[str]) -> None:
    assert [op.kind for op in understand(message, CLOCK).operations] == kinds


def test_several_items_in_one_add() -> None:
    (op,) = understand("Add three tasks: buy bread, buy cheese and buy wine", CLOCK).operations
    assert [i.title for i in op.items] == ["Buy bread", "Buy cheese", "Buy wine"]


def test_a_verb_carries_over_to_bare_items() -> None:
    (op,) = understand("add buy bread, cheese and wine", CLOCK).operations
    assert [i.title for i in op.items] == ["Buy bread", "Buy cheese", "Buy wine"]


def test_and_inside_a_title_does_not_split() -> None:
    (op,) = understand("add buy salt and pepper", CLOCK).operations
    assert [i.title for i in op.items] == ["Buy salt and pepper"]


@pytest.mark.parametrize(
    ("message", "chat"),
    [
        ("Hi! What can you do?", "help"),
        ("hello there", "greeting"),
        ("thanks a lot!", "thanks"),
        ("What's the capital of France?", "out_of_scope"),
        ("What's the weather like today?", "out_of_scope"),
    ],
)
def test_chat_has_no_operations(message: str, chat: str) -> None:
    understood = understand(message, CLOCK)
    assert understood.operations == []
    assert understood.chat == chat


@pytest.mark.parametrize(
    "message",
    [
        "Help me plan my sister's wedding next month: the venue, the catering and the music",
        "plan my move next month",
        "organise a birthday party on Dec 12",
        "Can you help me plan a trip to Japan?",
    ],
)
def test_goals_are_plans(message: str) -> None:
    assert understand(message, CLOCK).plan


def test_adding_a_planning_task_is_an_add() -> None:
    understood = understand("Add a task to plan the party", CLOCK)
    assert not understood.plan
    assert understood.operations[0].items[0].title == "Plan the party"
