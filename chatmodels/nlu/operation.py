"""What a message asks for, as typed operations on tasks, a plan, or chat."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from chatmodels.nlu.changes import Changes
from chatmodels.nlu.listing import ListQuery
from chatmodels.nlu.references import Ref
from chatmodels.nlu.smalltalk import ChatKind
from chatmodels.nlu.titles import TaskSpec

OpKind = Literal["add", "list", "get", "complete", "delete", "update"]


@dataclass
class Operation:
    """One task operation the user asked for."""

    kind: OpKind
    text: str  # the clause it came from
    items: list[TaskSpec] = field(default_factory=list)  # add
    query: ListQuery | None = None  # list
    target: Ref | None = None  # get / complete / delete / update
    changes: Changes | None = None  # update
    parent: Ref | None = None  # add: the task the new ones go under


@dataclass
class Understanding:
    """What a message asks for: operations, a plan, or chat."""

    operations: list[Operation]
    plan: bool = False
    chat: ChatKind | None = None
    guessed: bool = False  # read by the learned model, not by the phrase rules
