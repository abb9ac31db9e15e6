"""Splitting one message into clauses, one per operation.

'Add buy eggs, add call the plumber and mark task 1 done' -> three clauses. A split happens
only where the next words start a new operation, so 'buy bread, cheese and wine' stays whole.
Quoted text is never split.
"""

from __future__ import annotations

import re

_OP_START = re.compile(
    r"^(?:(?:please|pls|also|then|and|now|next|finally|afterwards|after\s+that|"
    r"can\s+you|could\s+you|would\s+you)\s+)*"
    r"(?:add|create|new\s+task|put|insert|remind\s+me|jot|note\s+down|remember\s+to|"
    r"don'?t\s+forget|mark|complete|finish|tick|check\s+off|cross\s+off|close|delete|remove|drop|"
    r"erase|get\s+rid\s+of|clear|trash|show|list|display|give\s+me|tell\s+me|what|which|how\s+many|"
    r"do\s+i|find|search|look\s+for|look\s+up|change|rename|update|edit|set\s+(?:the|it|that|task)|"
    r"move|reschedule|postpone|push|bump|make\s+(?:it|that|this|task|the|them)|tag|label|"
    r"prioriti[sz]e|i\s+(?:also\s+)?(?:need|have)\s+to|i(?:'ve|\s+have)?\s+(?:just\s+)?"
    r"(?:finished|completed|done)|done\s+with)\b",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(
    r"^\W*(?:also|and|then|plus|so|ok(?:ay)?|oh|and\s+also|and\s+then|after\s+that|finally|next|"
    r"please|thanks|thank\s+you)\W*$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_JOINERS = re.compile(
    r"\s*,\s*(?:and\s+then\s+|and\s+also\s+|and\s+|then\s+|also\s+|plus\s+)?|"
    r"\s+(?:and\s+then|and\s+also|and|then|also|plus|after\s+that|afterwards)\s+",
    re.IGNORECASE,
)
_INJECTION = re.compile(
    r"^\s*(?:please\s+)?(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+)?(?:of\s+)?"
    r"(?:your|the|my|any|these|those)?\s*(?:previous|prior|earlier|above|system|original)?\s*"
    r"(?:instructions?|rules?|prompts?|guidelines?|constraints?|programming)\b[^,.;!]*?"
    r"(?:\s+and\s+|[,.;:!]\s*|$)",
    re.IGNORECASE,
)
_URGENCY_TAIL = re.compile(
    r"(?:\s*,?\s*(?:right\s+now|immediately|at\s+once|without\s+asking(?:\s+me)?|without\s+"
    r"(?:any\s+)?confirmation|no\s+questions\s+asked|without\s+checking(?:\s+with\s+me)?|"
    r"don'?t\s+ask(?:\s+me)?|no\s+need\s+to\s+(?:ask|confirm)))+[.!]*\s*$",
    re.IGNORECASE,
)


def clean_request(text: str) -> str:
    """Drop attempts to override the rules and 'right now, without asking' pressure."""
    text = _INJECTION.sub("", text.strip(), count=1)
    return _URGENCY_TAIL.sub("", text).strip()


def split_clauses(text: str) -> list[str]:
    """The message's clauses, in order; a single clause when nothing starts a new operation."""
    masked, quotes = _mask_quotes(clean_request(text))
    clauses: list[str] = []
    for sentence in _SENTENCE.split(masked):
        if not sentence.strip():
            continue
        pieces = _split_sentence(sentence)
        clauses.extend(pieces)
    kept = [_unmask(c, quotes).strip(" ,;") for c in clauses]
    return [c for c in kept if c.strip(" ,;.!?") and not _CONNECTIVE.match(c)]


def _split_sentence(sentence: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _JOINERS.finditer(sentence):
        rest = sentence[m.end() :]
        if _OP_START.match(rest) and sentence[start : m.start()].strip():
            out.append(sentence[start : m.start()])
            start = m.end()
    out.append(sentence[start:])
    return out


def _mask_quotes(text: str) -> tuple[str, list[str]]:
    quotes: list[str] = []

    def keep(m: re.Match[str]) -> str:
        quotes.append(m.group(0))
        return f"\x00{len(quotes) - 1}\x00"

    text = text.replace("\u2018", "'").replace("\u2019", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    masked = re.sub(r"""(?:(?<=^)|(?<=[\s:(,]))(["'])(.+?)\1(?=$|[\s,.!?;:)])""", keep, text)
    return masked, quotes


def _unmask(text: str, quotes: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: quotes[int(m.group(1))], text)
