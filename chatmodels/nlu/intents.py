"""A user's message as typed operations on tasks, or as chat, or as a goal to plan.

``understand`` is the entry point: it splits the message into clauses and reads each one into
an ``Operation`` (add, list, show, complete, delete, update). Without operations the message
is either a planning goal or chat.
"""

from __future__ import annotations

import re

from chatmodels.nlu.actions import parse_complete, parse_delete, parse_get
from chatmodels.nlu.additions import new_tasks
from chatmodels.nlu.changes import parse_update
from chatmodels.nlu.clauses import clean_request, split_clauses
from chatmodels.nlu.correction import correction
from chatmodels.nlu.dates import Clock, find_dates
from chatmodels.nlu.fuzzy import correct_typos
from chatmodels.nlu.goals import is_plan_request
from chatmodels.nlu.guess import guess
from chatmodels.nlu.listing import is_list_request, parse_list
from chatmodels.nlu.operation import Operation, OpKind, Understanding

__all__ = ["OpKind", "Operation", "Understanding", "parse_clause", "tidy", "understand"]
from chatmodels.nlu.references import parse_ref
from chatmodels.nlu.smalltalk import classify_chat
from chatmodels.nlu.text import TASK_VERBS, fix_typos, tokens

_LEAD = re.compile(
    r"^(?:(?:ok(?:ay)?|so|well|actually|also|and|then|oh|hey|hi|hello|please|pls|plz|kindly|now|"
    r"yes|yeah|yep|yup|sure|no|nope|great|perfect|cool|good|"
    r"right|alright|great|cool|oops|sorry|wait|hmm+|um+|next|finally|afterwards|after\s+that|"
    r"one\s+more\s+thing|by\s+the\s+way|btw|thanks|thank\s+you)\b[,!.:]?\s+)+",
    re.IGNORECASE,
)
_ASK = re.compile(
    r"^(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?|(?:i'?d|i\s+would)\s+like\s+(?:you\s+)?to\s+|"
    r"i\s+want\s+you\s+to\s+|i\s+need\s+you\s+to\s+|go\s+ahead\s+and\s+|let'?s\s+|you\s+can\s+|just\s+|"
    r"please\s+)",
    re.IGNORECASE,
)
_TAIL = re.compile(r"(?:[\s,]+(?:please|pls|thanks|thank\s+you|thx|for\s+me|now))+[.!?]*$", re.I)
_ADD_START = re.compile(
    r"^(?:add|create|new\s+(?:task|todo|reminder)|put|insert|jot(?:\s+down)?|note\s+down|write\s+down|"
    r"remind\s+me|remember\s+to|don'?t\s+forget|do\s+not\s+forget|don'?t\s+let\s+me\s+forget|"
    r"make\s+sure\s+i|i\s+(?:must|should)\s+not\s+forget|i\s+(?:mustn'?t|shouldn'?t)\s+forget|"
    r"make\s+(?:me\s+)?(?:a|an)\s+(?:new\s+)?"
    r"(?:task|todo|reminder|note)|set\s+(?:a|up\s+a)\s+reminder|(?:task|todo|to-do|reminder|note)\s*:)",
    re.IGNORECASE,
)
_IMPLICIT_ADD = re.compile(
    r"^(?:i\s+(?:really\s+)?(?:need|have|must|should|gotta|got\s+to|ought)\b|need\s+to\b|have\s+to\b|"
    r"must\b|i\s+have\s+an?\s+\w+|i\s+must\b|i'?ve\s+got\s+(?:to\b|an?\s+\w+)|i\s+have\s+got\s+an?\s+\w+|"
    r"i\s+want\s+to\s+remember)",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"^(?:which|what|how|are|is|do|does|did|have|any|show|list|display|am)\b", re.IGNORECASE
)


def understand(message: str, clock: Clock) -> Understanding:
    """Operations in ``message``; else whether it is a plan request; else its chat kind."""
    message = correct_typos(fix_typos(message))
    if is_plan_request(clean_request(message)):
        return Understanding(operations=[], plan=True)
    operations: list[Operation] = []
    pending_text = ""
    for clause in split_clauses(message):
        op = parse_clause(clause, clock)
        text = clause
        if op is None and pending_text:
            text = f"{pending_text} {clause}"
            op = parse_clause(text, clock)
        if op is None and operations:
            merged = parse_clause(f"{operations[-1].text}, {clause}", clock)
            if merged is not None and merged.kind == operations[-1].kind:
                operations[-1] = merged
                continue
        if op is None:
            pending_text = text
            continue
        pending_text = ""
        operations.append(op)
    explicit_add = bool(_ADD_START.match(tidy(message)))
    if operations and all(op.kind == "add" for op in operations) and not explicit_add:
        fixed = correction(message, clock)  # 'oops, make that saturday' is no new task
        operations = [fixed] if fixed is not None else operations
    if operations:
        return Understanding(operations=_fold_followups(operations))
    fixed = correction(message, clock)
    if fixed is not None:
        return Understanding(operations=[fixed])
    chat = classify_chat(message)
    if chat != "out_of_scope":
        return Understanding(operations=[], chat=chat)
    guessed, kind = guess(clean_request(message), clock, lambda text: parse_clause(text, clock))
    return Understanding(operations=guessed, chat=kind, guessed=bool(guessed))


def _fold_followups(operations: list[Operation]) -> list[Operation]:
    """'add X and tag it work': a change to the task just added belongs to that add."""
    out: list[Operation] = []
    for op in operations:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "add"
            and len(prev.items) == 1
            and op.kind == "update"
            and op.target is not None
            and op.target.kind == "pronoun"
            and op.changes is not None
            and op.changes.title is None
            and not op.changes.remove_tags
            and op.changes.shift_days is None
        ):
            item, c = prev.items[0], op.changes
            item.priority = c.priority or item.priority
            item.due = c.due or item.due
            item.recurrence = c.recurrence or item.recurrence
            item.description = c.description or item.description
            item.tags = item.tags + [t for t in c.add_tags if t not in item.tags]
            prev.text = f"{prev.text} and {op.text}"
            continue
        out.append(op)
    return out


def tidy(clause: str) -> str:
    previous = None
    text = clause.strip()
    while previous != text:
        previous = text
        text = _LEAD.sub("", text)
        text = _ASK.sub("", text)
        text = _TAIL.sub("", text).strip()
    return text.rstrip(".!?").strip()


def parse_clause(clause: str, clock: Clock) -> Operation | None:
    """The one operation a clause asks for, or None."""
    text = tidy(clause)
    if not text:
        return None
    if _ADD_START.match(text) and not _is_update_with_add_verb(text, clock):
        return _add(text, clock)
    got = parse_get(text)
    if got is not None:
        return Operation(kind="get", text=clause, target=parse_ref(got))
    if _QUESTION.match(text) and is_list_request(text):
        return Operation(kind="list", text=clause, query=parse_list(text, clock))
    update = parse_update(text, clock)
    if update is not None:
        return Operation(kind="update", text=clause, target=parse_ref(update[0]), changes=update[1])
    complete = parse_complete(text, clock)
    if complete is not None:
        return Operation(kind="complete", text=clause, target=parse_ref(complete))
    delete = parse_delete(text)
    if delete is not None:
        return Operation(kind="delete", text=clause, target=parse_ref(delete))
    if is_list_request(text):
        return Operation(kind="list", text=clause, query=parse_list(text, clock))
    if _IMPLICIT_ADD.match(text) or (
        _bare_task(text, clock) and not _ASKS_ASSISTANT.search(clause)
    ):
        return _add(text, clock)
    return None


_ASKS_ASSISTANT = re.compile(
    r"^\W*(?:can|could|would|will)\s+(?:you|u)\b|\bfor\s+me\W*$|\?\s*$", re.IGNORECASE
)
_NOT_TASK_START = re.compile(
    r"^(?:set|play)\b|^(?:tell|give|show|find|help|explain|write|read|make|get|do|go|see|look|watch|check|"
    r"learn|answer|translate|ask|let)\s+(?:me|us|my\s+fortune)\b|^(?:do|go|see|have|keep|"
    r"help|look|start|check|test|learn|answer|ask|let)\b",
    re.IGNORECASE,
)


def _bare_task(text: str, clock: Clock) -> bool:
    """'Call mom tomorrow', 'Schedule a dentist appointment for Thursday': a to-do as said."""
    words = tokens(text)
    if not words or words[0] not in TASK_VERBS or _NOT_TASK_START.match(text):
        return False
    if re.search(
        r"\b(?:system\s+prompt|your\s+(?:prompt|instructions|rules|programming))\b", text, re.I
    ):
        return False
    return bool(find_dates(text, clock)) or len(words) <= 6


def _is_update_with_add_verb(text: str, clock: Clock) -> bool:
    """'add the tag home to task 1' and 'add a note to task 3: ...' change a task."""
    return bool(
        re.match(
            r"^(?:add|put)\s+(?:the\s+|a\s+)?(?:tags?|labels?|note|description|comment)\s+",
            text,
            re.I,
        )
    ) and (parse_update(text, clock) is not None)


def _add(text: str, clock: Clock) -> Operation | None:
    items, parent = new_tasks(text, clock)
    if not items:
        return None
    target = parse_ref(parent) if parent is not None else None
    return Operation(kind="add", text=text, items=items, parent=target)
