"""Listing tasks: the list_tasks call for a ``ListQuery``, retries, and the reply.

The reply shows only tasks that satisfy the query, whatever the server returned, one per
line as '#<id> <title> (details)'.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from chatmodels.nlu.intents import Operation
from chatmodels.nlu.listing import ListQuery
from chatmodels.nlu.references import word_score
from chatmodels.records import TaskView, tasks_from
from chatmodels.roles.wording import task_line
from chatmodels.roles.work import Call, Result, Step, Work


def query_args(q: ListQuery) -> dict[str, Any]:
    args: dict[str, Any] = {"status": q.status}
    for key in ("priority", "tag", "search", "due_before", "due_after", "sort_by", "limit"):
        value = getattr(q, key)
        if value is not None:
            args[key] = value
    if q.overdue or q.due_before or q.due_after:
        args.setdefault("sort_by", "due")
    return args


def _retries(q: ListQuery) -> list[ListQuery]:
    """Looser queries to try, in order, when a query finds nothing: the guessed tag as a
    search, the longest word, its singular, then no search at all (matched here by stems)."""
    out: list[ListQuery] = []
    if q.fallback_search and q.tag:
        out.append(replace(q, tag=None, search=q.fallback_search))
    term = q.search or q.fallback_search
    if term:
        longest = max(term.split(), key=len)
        if longest != term:
            out.append(replace(q, tag=None, search=longest))
        singular = _singular(longest)
        if singular != longest:
            out.append(replace(q, tag=None, search=singular))
        out.append(replace(q, tag=None, search=None, fallback_search=None, local_search=term))
    return out


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def run_list(op: Operation, work: Work) -> Step:
    q = op.query
    assert q is not None
    queries = [q, *_retries(q)]
    tasks: list[TaskView] = []
    used = q
    for query in queries:
        args = work.tools.fit("list_tasks", query_args(query))
        if args is None:
            return Step(result=Result("list", ["I can't list tasks here."], False))
        ex = work.take("list_tasks", args.__eq__)
        if ex is None:
            return Step(calls=[Call("list_tasks", args)])
        if ex.outcome is None or not ex.outcome.ok:
            error = ex.outcome.error if ex.outcome else "no result came back"
            return Step(result=Result("list", [f"I couldn't list your tasks: {error}"], False))
        dropped = set(query_args(query)) - set(args)
        tasks = [t for t in tasks_from(ex.outcome.data) or [] if _keeps(t, query, dropped, work)]
        used = query
        if tasks:
            break
    return Step(result=Result("list", [_describe(used, tasks, work)], True, [t.id for t in tasks]))


def _keeps(task: TaskView, q: ListQuery, dropped: set[str], work: Work) -> bool:
    """Apply the query locally, so the reply never shows a task that does not match."""
    if (q.status == "pending" and task.completed) or (
        q.status == "completed" and not task.completed
    ):
        return False
    if q.priority and task.priority != q.priority:
        return False
    if q.tag and q.tag.lower() not in (t.lower() for t in task.tags):
        return False
    due = _moment(task.due)
    if q.overdue and (due is None or due >= work.clock.now):
        return False
    before, after = _moment(q.due_before), _moment(q.due_after)
    if (before or after) and due is None:
        return False
    if (before and due and due > before) or (after and due and due < after):
        return False
    term = q.local_search or (q.search if "search" in dropped else None)
    if term:
        return word_score(term, f"{task.title} {task.description or ''}") >= 1.0
    return True


def _moment(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _item(task: TaskView, q: ListQuery, work: Work) -> str:
    """One task as a markdown list item, '- #3 Book flights (due Fri 27 Nov)'."""
    return "- " + task_line(task, work.clock, with_status=q.status == "all")


def _describe(q: ListQuery, tasks: list[TaskView], work: Work) -> str:
    label = q.label
    if q.count_only:
        noun = "task" if len(tasks) == 1 else "tasks"
        head = f"You have {len(tasks)} {label.replace('tasks', noun, 1)}"
        if not tasks:
            return head + "."
        return head + ":\n" + "\n".join(_item(t, q, work) for t in tasks)
    if not tasks:
        return f"You have no {label}." if not q.search else f"I found no {label}."
    if q.limit is not None:
        tasks = tasks[: q.limit]
    lines = [_item(t, q, work) for t in tasks]
    head = (
        f"Here are your {label}:"
        if len(tasks) > 1
        else f"Here is your only {label[:-1] if label.endswith('tasks') else label}:"
    )
    if len(tasks) == 1 and "tasks" in label and not label.endswith("tasks"):
        head = f"Here is the one {label.replace('tasks', 'task', 1)}:"
    return head + "\n" + "\n".join(lines)
