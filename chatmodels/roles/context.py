"""Understanding the current request in its conversation: answers to 'Which one did you mean?'.

When the assistant's last reply asked which task was meant, a reply such as 'the second one',
'#4' or 'oat milk' completes the earlier request instead of standing alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from chatmodels.messages import is_user_request
from chatmodels.nlu.dates import Clock
from chatmodels.nlu.intents import Understanding, tidy, understand
from chatmodels.nlu.references import Ref, parse_ref
from chatmodels.records import listed_in_text
from chatmodels.transcript import current_request, request_index, text_of

_ASKED = re.compile(r"\bWhich (?:one|task) (?:did you mean|should I \w+)\?", re.IGNORECASE)
_ANSWER_LEAD = re.compile(
    r"^(?:i\s+meant?|i\s+mean|it'?s|it\s+is|that\s+would\s+be|the\s+one\s+called|number|no\.?)\s+",
    re.IGNORECASE,
)


def understand_request(messages: Sequence[BaseMessage], clock: Clock) -> Understanding:
    request = current_request(messages)
    understood = understand(request, clock)
    if (understood.operations and not understood.guessed) or understood.plan:
        return understood
    earlier = _question_and_request(messages)
    if earlier is None:
        return understood
    question, previous = earlier
    ops = [op for op in understand(previous, clock).operations if op.target is not None]
    if len(ops) != 1:
        return understood
    target = _answer_ref(request, question)
    if target is None:
        return understood
    return Understanding(operations=[replace(ops[0], target=target, text=previous)])


def _question_and_request(messages: Sequence[BaseMessage]) -> tuple[str, str] | None:
    """The assistant's 'which one?' question just before the request, and what it answered."""
    index = request_index(messages)
    if index is None:
        return None
    before = [m for m in messages[:index] if isinstance(m, AIMessage | HumanMessage)]
    if len(before) < 2 or not isinstance(before[-1], AIMessage):
        return None
    question = text_of(before[-1])
    if before[-1].tool_calls or not _ASKED.search(question):
        return None
    asked = next(
        (m for m in reversed(before[:-1]) if is_user_request(m)),
        None,
    )
    return (question, text_of(asked)) if asked is not None else None


def _answer_ref(answer: str, question: str) -> Ref | None:
    text = _ANSWER_LEAD.sub("", tidy(answer)).strip()
    if not text or len(text.split()) > 8:
        return None
    options = [t.id for t in listed_in_text(question)]
    ref = parse_ref(text)
    if ref.kind == "id" and len(ref.ids) == 1 and options and ref.ids[0] not in options:
        number = ref.ids[0]
        if 1 <= number <= len(options) and not re.search(r"#|task", text, re.IGNORECASE):
            return Ref(kind="id", ids=(options[number - 1],))
    if ref.kind == "ordinal" and options:
        index = ref.ordinal - 1 if ref.ordinal > 0 else len(options) + ref.ordinal
        if 0 <= index < len(options):
            return Ref(kind="id", ids=(options[index],))
    if ref.kind in {"id", "words"}:
        return ref
    return None
