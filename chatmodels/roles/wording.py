"""How tasks and changes are worded in replies: '#3 Book flights (due Fri 27 Nov, high priority)'.

Listing lines start with '#<id> <title>' so a later turn can read them back
(``records.listed_in_text``) to resolve 'the second one'.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chatmodels.nlu.dates import Clock
from chatmodels.records import TaskView
from taskservice.recurrence import normalize_rule
from taskservice.rule_text import describe_rule


def repeats(rule: str) -> str:
    """'repeats every Tuesday and Thursday at 07:00' for a rule; its own words if not one."""
    try:
        return f"repeats {describe_rule(normalize_rule(rule))}"
    except ValueError:
        return f"repeats {rule}"


def when(iso: str | None, clock: Clock) -> str | None:
    """'Fri 27 Nov', plus the time unless it is the end of the day, and the year if not this one."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(clock.tz)
    text = f"{moment:%a} {moment.day} {moment:%b}"
    if moment.year != clock.local.year:
        text += f" {moment.year}"
    if (moment.hour, moment.minute) not in {(23, 59), (0, 0)}:
        text += f" {moment:%H:%M}"
    return text


def details(task: TaskView, clock: Clock, *, with_status: bool = False) -> str:
    """The parenthesised details of a task: due, priority, tags, repeat, done."""
    parts: list[str] = []
    due = when(task.due, clock)
    if due:
        parts.append(f"due {due}")
    if task.priority and task.priority != "medium":
        parts.append(f"{task.priority} priority")
    if task.tags:
        parts.append("tags: " + ", ".join(task.tags))
    if task.recurrence:
        parts.append(repeats(task.recurrence))
    if with_status and task.completed:
        parts.append("done")
    return f" ({', '.join(parts)})" if parts else ""


def task_line(task: TaskView, clock: Clock, *, with_status: bool) -> str:
    return f"#{task.id} {task.title}{details(task, clock, with_status=with_status)}"


def named(task_id: int, title: str | None) -> str:
    """ "task 3 'Book flights'" or just 'task 3' when the title is unknown."""
    return f"task {task_id} '{title}'" if title else f"task {task_id}"


def change_summary(args: dict[str, Any], clock: Clock) -> str:
    """What an update_task call changed, as a phrase: "priority is now high, due Fri 27 Nov"."""
    parts: list[str] = []
    if args.get("title"):
        parts.append(f"renamed to '{args['title']}'")
    if args.get("priority"):
        parts.append(f"priority is now {args['priority']}")
    if args.get("completed") is False:
        parts.append("reopened (not done)")
    if args.get("due") == "none":
        parts.append("no due date")
    elif args.get("due"):
        parts.append(f"due {when(str(args['due']), clock)}")
    if "tags" in args:
        tags = args["tags"] if isinstance(args["tags"], list) else [args["tags"]]
        parts.append("tags: " + (", ".join(str(t) for t in tags) if tags else "none"))
    if args.get("description"):
        parts.append(f"note: {args['description']}")
    if args.get("recurrence") == "none":
        parts.append("no longer repeats")
    elif args.get("recurrence"):
        parts.append(repeats(str(args["recurrence"])))
    if args.get("parent_id"):
        parts.append(f"now a subtask of task {args['parent_id']}")
    return ", ".join(parts)


def ordinal_word(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
    return words.get(n, f"{n}th")


def join_sentences(lines: list[str]) -> str:
    if any("\n" in line for line in lines) or len(lines) > 3:
        return "\n".join(lines)
    return " ".join(lines)


def declined_line(declined: list[tuple[str, str]], *, alone: bool) -> str:
    """One sentence for every change the person did not approve, whatever their number:
    "You didn't approve it, so I didn't delete task 2 'Pay rent' or task 3 'Call mom'."
    ``alone``: nothing else was done in the turn, so it says nothing changed. A verb of ""
    takes each ``what`` as a whole phrase ("delete task 2")."""
    groups: list[tuple[str, list[str]]] = []
    for verb, what in declined:
        if groups and groups[-1][0] == verb:
            groups[-1][1].append(what)
        else:
            groups.append((verb, [what]))
    phrases = [f"{verb} {_either(whats)}".strip() for verb, whats in groups]
    it = "it" if len(declined) == 1 else "these changes"
    line = f"You didn't approve {it}, so I didn't {_either(phrases)}"
    return line + ("; nothing was changed." if alone else ".")


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
