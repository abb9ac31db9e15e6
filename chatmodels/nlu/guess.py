"""Operations from the learned reading, for messages the phrase rules could not place.

English adds go back through the phrase readers with an explicit 'add' (so dates,
priorities, tags and repeats are read as usual); other languages use the tagged title and
the date dateparser found. A request the model is sure of but whose rule reading failed
becomes the most plausible operation: an add for a task-like phrase, otherwise one
clarifying question.
"""

from __future__ import annotations

from collections.abc import Callable

from chatmodels.nlu.changes import Changes
from chatmodels.nlu.dates import Clock
from chatmodels.nlu.learned.reading import Reading, read
from chatmodels.nlu.listing import ListQuery
from chatmodels.nlu.operation import Operation
from chatmodels.nlu.references import Ref
from chatmodels.nlu.smalltalk import ChatKind
from chatmodels.nlu.text import capitalise
from chatmodels.nlu.titles import TaskSpec

_STATUS = {"list": "all", "list_open": "pending", "list_done": "completed"}


def guess(
    message: str,
    clock: Clock,
    english_add: Callable[[str], Operation | None],
) -> tuple[list[Operation], ChatKind | None]:
    """The operations the model reads in ``message``, or the chat kind when there are none."""
    reading = read(message, clock)
    intent = reading.intent
    if intent in _STATUS:
        query = ListQuery(status=_STATUS[intent])
        return [Operation(kind="list", text=message, query=query)], None
    if intent in {"update", "shift", "plan"} and reading.language == "en":
        intent = "add" if reading.title else "clarify"
    if intent == "add":
        op = _add(message, reading, english_add)
        return ([op], None) if op is not None else ([], "clarify")
    target = Ref(kind="words", words=reading.title)
    if intent == "complete":
        return [Operation(kind="complete", text=message, target=target)], None
    if intent == "delete":
        return [Operation(kind="delete", text=message, target=target)], None
    if intent == "reopen":
        reopen = Changes(reopen=True)
        return [Operation(kind="update", text=message, target=target, changes=reopen)], None
    if intent == "chat":
        return [], "greeting"
    if intent == "clarify" or intent in {"update", "shift", "plan"}:
        return [], "clarify"
    return [], "out_of_scope"


def _add(
    message: str,
    reading: Reading,
    english_add: Callable[[str], Operation | None],
) -> Operation | None:
    if reading.language == "en":
        return english_add(f"add {message}")
    if not reading.title:
        return None
    spec = TaskSpec(title=capitalise(reading.title), due=reading.due)
    return Operation(kind="add", text=message, items=[spec])
