"""Corrections: 'no, I meant Thursday', 'oops, make that saturday' change the last task touched.

The learned model recognises a correction (intent ``update``) and tags what is corrected; a
date becomes the due date, a priority the priority.
"""

from __future__ import annotations

from chatmodels.nlu.attributes import take_priority
from chatmodels.nlu.changes import Changes
from chatmodels.nlu.dates import Clock, first_date
from chatmodels.nlu.learned.reading import read
from chatmodels.nlu.operation import Operation
from chatmodels.nlu.references import Ref

SURE = 0.8


def correction(message: str, clock: Clock) -> Operation | None:
    """The correction ``message`` makes to the last task: a new date or priority. A message
    that names a title is a task of its own ('piano practice every monday')."""
    reading = read(message, clock)
    if reading.intent != "update" or reading.confidence < SURE or reading.language != "en":
        return None
    if reading.title:
        return None
    changes = Changes()
    when = first_date(message, clock)
    if when is not None:
        changes.due = when.iso
    changes.priority, _ = take_priority(message)
    if changes.empty():
        return None
    return Operation(kind="update", text=message, target=Ref(kind="pronoun"), changes=changes)
