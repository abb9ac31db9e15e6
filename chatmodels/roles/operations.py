"""One handler per operation kind: which tool calls it needs and what to say once they ran."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from chatmodels.nlu.intents import Operation
from chatmodels.nlu.text import normalise
from chatmodels.nlu.titles import TaskSpec
from chatmodels.records import TaskView, ToolOutcome, task_from
from chatmodels.roles.listings import run_list
from chatmodels.roles.targets import resolve
from chatmodels.roles.wording import change_summary, details, named, when
from chatmodels.roles.work import Call, Result, Step, Work, same_id
from chatmodels.transcript import Exchange


def run(op: Operation, work: Work, position: int) -> Step:
    if op.kind == "add":
        return _add(op, work, position)
    if op.kind == "list":
        if any(r is None for r in work.results[:position]):
            return Step(blocked=True)  # show the list after this message's changes
        return run_list(op, work)
    return _targeted(op, work, position)


def _given(source: object, *fields: str) -> dict[str, Any]:
    """The named attributes of ``source`` that are set (not empty), as tool arguments."""
    return {name: getattr(source, name) for name in fields if getattr(source, name)}


def _spec_args(spec: TaskSpec) -> dict[str, Any]:
    fields = ("description", "priority", "tags", "due", "recurrence")
    return {"title": spec.title, **_given(spec, *fields)}


def _add(op: Operation, work: Work, position: int) -> Step:
    parent_id: int | None = None
    if op.parent is not None:
        found = resolve(op.parent, "add", work, position)
        if isinstance(found, Step):
            return found
        parent_id = found[0]
    calls: list[Call] = []
    lines: list[str] = []
    ids: list[int] = []
    declined: list[tuple[str, str]] = []
    ok = True
    for spec in op.items:
        wanted = _spec_args(spec) | ({"parent_id": parent_id} if parent_id is not None else {})
        args = work.tools.fit("add_task", wanted)
        if args is None:
            return Step(
                result=Result(
                    "add", [f"I can't add tasks here, so '{spec.title}' wasn't added."], False
                )
            )
        ex = work.take("add_task", _titled(spec.title))
        if ex is None:
            calls.append(Call("add_task", args))
            continue
        outcome = _outcome(ex)
        task = task_from(outcome.data) if outcome.ok else None
        if task is None:
            ok = False
            if outcome.rejected:
                declined.append(("add", f"'{spec.title}'"))
            else:
                lines.append(_failed("add", f"'{spec.title}'", outcome))
            continue
        ids.append(task.id)
        shown = task if task.title else TaskView(id=task.id, title=spec.title)
        notes = f" Notes: {shown.description}." if shown.description else ""
        under = f" under task {parent_id}" if parent_id is not None else ""
        lines.append(
            f"Added task {shown.id}: {shown.title}{details(shown, work.clock)}{under}.{notes}"
        )
    if calls:
        return Step(calls=calls)
    return Step(result=Result("add", lines, ok, ids, declined))


def _titled(title: str) -> Callable[[dict[str, Any]], bool]:
    wanted = normalise(title)
    return lambda args: normalise(str(args.get("title", ""))) == wanted


def _about(task_id: int) -> Callable[[dict[str, Any]], bool]:
    return lambda args: same_id(args, task_id)


def _targeted(op: Operation, work: Work, position: int) -> Step:
    assert op.target is not None
    reopen = op.changes is not None and op.changes.reopen
    ids = resolve(op.target, op.kind, work, position, reopen=reopen)
    if isinstance(ids, Step):
        return ids
    name = {"complete": "complete_task", "delete": "delete_task", "update": "update_task"}.get(
        op.kind, "get_task"
    )
    if not work.tools.has(name):
        return Step(
            result=Result(
                op.kind, [f"I can't {op.kind} tasks here, so nothing was changed."], False
            )
        )
    calls: list[Call] = []
    lines: list[str] = []
    declined: list[tuple[str, str]] = []
    ok = True
    for task_id in ids:
        args: dict[str, Any] = {"task_id": task_id}
        if op.kind == "update":
            built = _update_args(op, task_id, work)
            if isinstance(built, Step):
                if built.calls:
                    calls.extend(built.calls)
                    continue
                return built
            args = built
        fitted = work.tools.fit(name, args)
        if fitted is not None and op.kind == "update" and set(fitted) <= {"task_id"}:
            return Step(
                result=Result(
                    op.kind, ["I can't make that change here, so nothing was changed."], False
                )
            )
        if fitted is None:
            return Step(
                result=Result(
                    op.kind, ["I couldn't build that change, so nothing was changed."], False
                )
            )
        ex = work.take(name, _about(task_id))
        if ex is None:
            calls.append(Call(name, fitted))
            continue
        if _outcome(ex).rejected:
            ok = False
            declined.append((_VERBS[op.kind], named(task_id, work.title_of(task_id))))
            continue
        line, good = _report(op, task_id, ex, work)
        ok = ok and good
        lines.append(line)
    if calls:
        return Step(calls=calls)
    return Step(result=Result(op.kind, lines, ok, list(ids), declined))


def _update_args(op: Operation, task_id: int, work: Work) -> dict[str, Any] | Step:
    c = op.changes
    assert c is not None
    fields = ("title", "description", "priority", "due", "recurrence")
    args: dict[str, Any] = {"task_id": task_id, **_given(c, *fields)}
    if c.reopen:
        args["completed"] = False
    if c.clear_due:
        args["due"] = "none"
    if c.parent_id is not None:
        args["parent_id"] = c.parent_id
    if c.add_tags or c.remove_tags or c.shift_days:
        current = work.known(task_id)
        if current is None:
            if work.tools.has("get_task"):
                ex = work.find("get_task", lambda a: same_id(a, task_id))
                if ex is None:
                    return Step(calls=[Call("get_task", {"task_id": task_id})])
                if ex.outcome is not None and not ex.outcome.ok:
                    return Step(
                        result=Result(
                            "update", [_failed("update", f"task {task_id}", ex.outcome)], False
                        )
                    )
            else:
                call = work.lookup_call()
                if call is not None and work.lookup() is None:
                    return Step(calls=[call])
            current = work.known(task_id)
        tags = list(current.tags) if current else []
        if c.add_tags or c.remove_tags:
            tags = [t for t in tags if t.lower() not in {r.lower() for r in c.remove_tags}]
            tags += [t for t in c.add_tags if t.lower() not in {x.lower() for x in tags}]
            args["tags"] = tags
        if c.shift_days:
            args["due"] = _shifted(current.due if current else None, c.shift_days, work)
    return args


def _shifted(due: str | None, days: int, work: Work) -> str:
    base = (
        datetime.fromisoformat(due)
        if due
        else datetime.combine(work.clock.local.date(), time(23, 59), work.clock.tz)
    )
    return (base + timedelta(days=days)).isoformat()


def _title_before(task_id: int, work: Work) -> str | None:
    """The task's title before this request changed it."""
    for task in work.lookup() or []:
        if task.id == task_id:
            return task.title
    known = work.memory.tasks.get(task_id)
    return known.title if known else None


def _outcome(ex: Exchange) -> ToolOutcome:
    return ex.outcome or ToolOutcome(data=None, text="no result came back", ok=False)


_VERBS = {"complete": "complete", "delete": "delete", "update": "update", "get": "show"}


def _failed(verb: str, what: str, outcome: ToolOutcome) -> str:
    if outcome.rejected:
        return f"You didn't approve it, so I didn't {verb} {what}; nothing was changed."
    error = outcome.error.rstrip(".")
    return f"I couldn't {verb} {what}: {error}."


def _report(op: Operation, task_id: int, ex: Exchange, work: Work) -> tuple[str, bool]:
    outcome = _outcome(ex)
    task = task_from(outcome.data) if outcome.ok else None
    title = (task.title if task and task.title else None) or work.title_of(task_id)
    what = named(task_id, title)
    verb = _VERBS[op.kind]
    if not outcome.ok:
        return _failed(verb, what, outcome), False
    data = outcome.data if isinstance(outcome.data, dict) else {}
    if op.kind == "complete":
        line = f"Marked {what} as done."
        nxt = data.get("next_occurrence")
        if isinstance(nxt, dict) and nxt:
            following = task_from(nxt)
            due = when(following.due, work.clock) if following else None
            line += f" The next one is task {following.id}" if following else " It repeats"
            line += f", due {due}." if due else "."
        return line, True
    if op.kind == "delete":
        subtasks = data.get("deleted_subtasks")
        count = (
            len(subtasks)
            if isinstance(subtasks, list)
            else subtasks
            if isinstance(subtasks, int)
            else 0
        )
        extra = f" along with its {count} subtask{'s' if count != 1 else ''}" if count else ""
        return f"Deleted {what}{extra}.", True
    if op.kind == "update":
        before = _title_before(task_id, work) or title
        new_title = ex.args.get("title")
        rest = change_summary({k: v for k, v in ex.args.items() if k != "title"}, work.clock)
        if new_title:  # only what the result shows: the old title is not in it
            line = f"Renamed task {task_id} to '{new_title}'"
            return line + (f"; {rest}." if rest else "."), True
        return f"Updated {named(task_id, before)}" + (f": {rest}." if rest else "."), True
    if task is None:
        return f"Here is {what}.", True
    line = f"Here is task {task.id}: {task.title}{details(task, work.clock, with_status=True)}"
    if task.description:
        line += f"\nNotes: {task.description}"
    return line, True
