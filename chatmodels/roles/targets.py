"""Turning a reference ('task 3', 'the second one', 'it', 'the meeting task', 'all') into ids.

``resolve`` answers with ids, or with a ``Step``: a lookup call to make first, a wait for an
earlier operation of the same request, or a finished result (no match, ambiguous, ...).
"""

from __future__ import annotations

import re

from chatmodels.nlu.intents import OpKind
from chatmodels.nlu.references import Ref, match_words, word_score
from chatmodels.records import TaskView, tasks_from
from chatmodels.roles.wording import ordinal_word
from chatmodels.roles.work import Call, Result, Step, Work

_VERB = {
    "complete": "complete",
    "delete": "delete",
    "update": "change",
    "get": "show",
    "add": "add it under",
    "list": "show",
}


def resolve(
    ref: Ref, kind: OpKind, work: Work, position: int, *, reopen: bool = False
) -> list[int] | Step:
    if ref.kind == "id":
        return list(ref.ids)
    if ref.kind == "pronoun":
        return _pronoun(ref, kind, work, position)
    if ref.kind == "ordinal":
        return _ordinal(ref, kind, work, position)
    if ref.kind == "all":
        return _bulk(ref, kind, work)
    return _words(ref, kind, work, reopen=reopen)


def _fail(kind: OpKind, text: str) -> Step:
    return Step(result=Result(kind=kind, lines=[text], ok=False))


def _earlier(work: Work, position: int) -> list[int] | Step | None:
    """Ids made or touched by the latest earlier operation of this request (None if none)."""
    for result in reversed(work.results[:position]):
        if result is None:
            return Step(blocked=True)
        if result.ids:
            return result.ids
    return None


def _pronoun(ref: Ref, kind: OpKind, work: Work, position: int) -> list[int] | Step:
    earlier = _earlier(work, position)
    if isinstance(earlier, Step):
        return earlier
    focus = earlier or work.memory.focus()
    if ref.plural and focus:
        return list(focus)
    if len(focus) == 1 or (focus and earlier):
        return [focus[-1]]
    return _fail(kind, f"Which task should I {_VERB[kind]}? Tell me its number or its title.")


def _ordinal(ref: Ref, kind: OpKind, work: Work, position: int) -> list[int] | Step:
    if any(r is None for r in work.results[:position]):
        return Step(blocked=True)  # a listing earlier in this message decides the order
    listing = [t.id for t in work.fresh_listing() or []] or work.memory.listing
    if not listing:
        call = work.lookup_call()
        if call is None:
            return _fail(kind, "Which task do you mean? Tell me its number.")
        return Step(calls=[call])
    index = ref.ordinal - 1 if ref.ordinal > 0 else len(listing) + ref.ordinal
    if not 0 <= index < len(listing):
        return _fail(
            kind,
            f"The list I showed has {len(listing)} tasks, so there is no "
            f"{ordinal_word(ref.ordinal)} one. Nothing was changed.",
        )
    return [listing[index]]


def _words(ref: Ref, kind: OpKind, work: Work, *, reopen: bool = False) -> list[int] | Step:
    prefer_pending = kind in {"complete", "update"} and not reopen
    fresh = work.lookup()
    if fresh is None:
        remembered = list(work.memory.tasks.values())
        hits = match_words(
            ref.words, remembered, prefer_pending=prefer_pending, prefer_completed=reopen
        )
        if len(hits) == 1 and _strong(ref.words, hits[0]):
            return [hits[0].id]
        call = work.lookup_call()
        if call is None:
            return _fail(kind, f"I can't look up '{ref.words}' here. Which task number is it?")
        return Step(calls=[call])
    hits = match_words(ref.words, fresh, prefer_pending=prefer_pending, prefer_completed=reopen)
    if not (len(hits) == 1 and _strong(ref.words, hits[0])):
        several = _each_part(ref.words, fresh, prefer_pending, reopen)
        if several:
            return several
    if kind == "complete" and hits and all(t.completed for t in hits):
        titles = ", ".join(f"#{t.id} {t.title}" for t in hits)
        return _fail(kind, f"That's already done: {titles}. Nothing was changed.")
    if not hits:
        return _fail(
            kind, f"I couldn't find a task matching '{ref.words}', so nothing was changed."
        )
    if len(hits) > 1:
        options = "\n".join(f"#{t.id} {t.title}" for t in hits[:6])
        return _fail(
            kind,
            f"More than one task matches '{ref.words}':\n{options}\n"
            "Which one did you mean? Nothing was changed yet.",
        )
    return [hits[0].id]


def _each_part(
    words: str, tasks: list[TaskView], prefer_pending: bool, reopen: bool
) -> list[int] | None:
    """'the milk and mom': several tasks named at once, each part matching exactly one."""
    parts = [p for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", words) if p.strip()]
    if len(parts) < 2:
        return None
    ids: list[int] = []
    for part in parts:
        hits = match_words(part, tasks, prefer_pending=prefer_pending, prefer_completed=reopen)
        if len(hits) != 1 or not _strong(part, hits[0]) or hits[0].id in ids:
            return None
        ids.append(hits[0].id)
    return ids


def _strong(words: str, task: TaskView) -> bool:
    return word_score(words, task.title) == 1.0


def _bulk(ref: Ref, kind: OpKind, work: Work) -> list[int] | Step:
    status = ref.status or ("pending" if kind == "complete" else "all")
    wanted: dict[str, object] = {"status": status, **ref.extra}
    args = work.tools.fit("list_tasks", wanted)
    if args is None:
        return _fail(kind, "I can't list your tasks here, so nothing was changed.")
    ex = work.find("list_tasks", lambda a: a == args)
    if ex is None or ex.outcome is None:
        return Step(calls=[Call("list_tasks", args)])
    if not ex.outcome.ok:
        return _fail(kind, f"I couldn't list your tasks: {ex.outcome.error}")
    tasks = [t for t in tasks_from(ex.outcome.data) or [] if _fits(t, status, ref)]
    if not tasks:
        label = {"pending": "open ", "completed": "completed "}.get(status, "")
        return _fail(kind, f"You have no {label}tasks to {_VERB[kind]}, so nothing was changed.")
    chosen = {t.id for t in tasks}
    # Deleting a parent removes its subtasks, so those need no call of their own.
    return [t.id for t in tasks if not (kind == "delete" and t.parent_id in chosen)]


def _fits(task: TaskView, status: str, ref: Ref) -> bool:
    if (status == "pending" and task.completed) or (status == "completed" and not task.completed):
        return False
    if "tag" in ref.extra and ref.extra["tag"].lower() not in (t.lower() for t in task.tags):
        return False
    if "priority" in ref.extra and task.priority != ref.extra["priority"]:
        return False
    return not ref.words or word_score(ref.words, task.title) >= 1.0
