"""Which task a phrase points at: 'task 3', 'the second one', 'it', 'the meeting task', 'all'.

``parse_ref`` reads a target phrase into a ``Ref``; ``match_words`` finds the tasks whose
titles a phrase describes (stemmed, stop words ignored, mild typos forgiven).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal, Protocol, TypeVar

from chatmodels.nlu.text import STOPWORDS, content_stems, content_words, normalise, tokens

RefKind = Literal["id", "ordinal", "pronoun", "words", "all"]

_ORDINALS = {
    "first": 1, "1st": 1, "top": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7,
    "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
    "last": -1, "bottom": -1, "final": -1,
}  # fmt: skip
_ORDINAL_RE = re.compile(
    r"^(?:the\s+)?(?:very\s+)?(" + "|".join(_ORDINALS) + r"|\d+(?:st|nd|rd|th))\s*"
    r"(?:one|task|item|entry|todo|to-do)?\s*(?:(?:on|in|from)\s+(?:the|my|that|this)\s+(?:list|tasks))?$",
    re.IGNORECASE,
)
_ITEM_RE = re.compile(r"^(?:the\s+)?item\s*#?\s*(\d+)$", re.IGNORECASE)
_ID_RE = re.compile(
    r"(?:\btasks?\s*(?:number|no\.?|#|id)?\s*|#|\bnumber\s+|\bno\.\s*|\bid\s*)(\d+)", re.I
)
_ID_LIST_RE = re.compile(
    r"^(?:the\s+)?(?:tasks?\s*)?(?:#?\d+\s*(?:,|and|&|\+)?\s*)+$", re.IGNORECASE
)
_PRONOUN_RE = re.compile(
    r"^(?:it|that|this|that\s+one|this\s+one|the\s+one|that\s+task|this\s+task|the\s+task|"
    r"the\s+last\s+one\s+i\s+added|the\s+one\s+i\s+just\s+added|the\s+new\s+one|the\s+latest\s+one)?$",
    re.IGNORECASE,
)
_PLURAL_RE = re.compile(
    r"^(?:them|those|these|both|all\s+of\s+them|both\s+of\s+them|those\s+ones)$", re.I
)
_ALL_RE = re.compile(r"\b(?:all|every|everything|each|entire|whole)\b", re.IGNORECASE)
_COMPLETED_RE = re.compile(r"\b(?:completed|complete|done|finished|ticked|checked|closed)\b", re.I)
_PENDING_RE = re.compile(
    r"\b(?:pending|open|outstanding|remaining|incomplete|unfinished|active)\b", re.I
)
_BULK_NOUN_RE = re.compile(r"\b(?:tasks|todos|to-dos|ones|items|list|entries)\b", re.IGNORECASE)


class TaskLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def completed(self) -> bool: ...


T = TypeVar("T", bound=TaskLike)


@dataclass(frozen=True)
class Ref:
    """A reference to one or more tasks, before it is resolved against real ids."""

    kind: RefKind
    ids: tuple[int, ...] = ()
    ordinal: int = 0  # 1-based; -1 is the last
    words: str = ""
    status: str | None = None  # for kind "all": "pending", "completed" or None
    plural: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # bulk filters: tag, priority


def parse_ref(phrase: str) -> Ref:
    """Read a target phrase ('task 3', 'the second one', 'it', 'all completed tasks', 'milk')."""
    text = normalise(phrase).strip(" .,!?:;\"'")
    text = re.sub(r"^(?:on|for|with|about|off|from)\s+", "", text)
    text = re.sub(r"\s+(?:on|from|in|off)\s+(?:my|the)\s+(?:to-?do\s+|task\s+)?list$", "", text)
    if _PRONOUN_RE.match(text):
        return Ref(kind="pronoun")
    if _PLURAL_RE.match(text):
        return Ref(kind="pronoun", plural=True)
    item = _ITEM_RE.match(text)
    if item:
        return Ref(kind="ordinal", ordinal=int(item.group(1)))
    ordinal = _ORDINAL_RE.match(text)
    if ordinal:
        word = ordinal.group(1).lower()
        value = _ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        return Ref(kind="ordinal", ordinal=value)
    if _ID_LIST_RE.match(text) and re.search(r"\d", text):
        return Ref(kind="id", ids=tuple(int(n) for n in re.findall(r"\d+", text)))
    ids = [int(m.group(1)) for m in _ID_RE.finditer(text)]
    rest = _ID_RE.sub(" ", text)
    if ids and not content_stems(re.sub(r"\b(?:and|or|&)\b", " ", rest)):
        return Ref(kind="id", ids=tuple(dict.fromkeys(ids)))
    if _is_bulk(text):
        return _bulk_ref(text)
    return Ref(kind="words", words=text)


def _is_bulk(text: str) -> bool:
    if _ALL_RE.search(text):
        return True
    # "completed tasks", "the done ones": a status word with a plural noun and nothing else.
    status = _COMPLETED_RE.search(text) or _PENDING_RE.search(text)
    if status and _BULK_NOUN_RE.search(text):
        leftover = _COMPLETED_RE.sub(" ", _PENDING_RE.sub(" ", text))
        return not content_stems(_BULK_NOUN_RE.sub(" ", leftover))
    return False


def _bulk_ref(text: str) -> Ref:
    status = None
    if _COMPLETED_RE.search(text) and not re.search(r"\bnot\s+(?:yet\s+)?(?:done|completed)", text):
        status = "completed"
    elif _PENDING_RE.search(text) or re.search(r"\bnot\s+(?:yet\s+)?(?:done|completed)", text):
        status = "pending"
    extra: dict[str, str] = {}
    tag = re.search(r"\b(?:tagged|tag|label(?:l?ed)?)\s+(?:as\s+|with\s+)?#?([a-z][\w-]*)", text)
    if tag:
        extra["tag"] = tag.group(1)
    priority = re.search(r"\b(high|low|medium)[\s-]*priority\b", text)
    if priority:
        extra["priority"] = priority.group(1)
    leftover = _ALL_RE.sub(" ", _COMPLETED_RE.sub(" ", _PENDING_RE.sub(" ", text)))
    leftover = re.sub(
        r"\b(?:tagged|tag|label(?:l?ed)?)\s+(?:as\s+|with\s+)?#?[a-z][\w-]*", " ", leftover
    )
    leftover = re.sub(r"\b(?:high|low|medium)[\s-]*priority\b", " ", leftover)
    leftover = re.sub(
        r"\b(?:of|the|my|tasks?|todos?|to-dos?|items?|ones?|list|entries|that|are|is)\b",
        " ",
        leftover,
    )
    words = " ".join(w for w in tokens(leftover) if w not in STOPWORDS)
    return Ref(kind="all", status=status, words=words, extra=extra)


def _word_match(want: tuple[str, str], have: tuple[str, str]) -> bool:
    (want_word, want_stem), (have_word, have_stem) = want, have
    if want_stem == have_stem:
        return True
    long_enough = len(want_stem) >= 4 and len(have_stem) >= 4
    if long_enough and (have_stem.startswith(want_stem) or want_stem.startswith(have_stem)):
        return True
    return len(want_word) >= 5 and SequenceMatcher(None, want_word, have_word).ratio() >= 0.8


def word_score(words: str, title: str) -> float:
    """Share of the phrase's content words found in the title (0..1)."""
    want = content_words(words)
    have = content_words(title)
    if not want or not have:
        return 0.0
    hits = sum(1 for w in want if any(_word_match(w, h) for h in have))
    return hits / len(want)


def match_words(
    words: str, tasks: Sequence[T], *, prefer_pending: bool, prefer_completed: bool = False
) -> list[T]:
    """Tasks whose titles the phrase describes, best first; several means ambiguous."""
    phrase = normalise(words).strip(" .,!?\"'")
    exact = [t for t in tasks if normalise(t.title).rstrip(".!?") == phrase]
    if not exact:
        exact = [t for t in tasks if content_stems(t.title) == content_stems(phrase)]
    pool = exact or [t for t in tasks if word_score(phrase, t.title) == 1.0]
    if not pool:
        scored = [(word_score(phrase, t.title), t) for t in tasks]
        best = max((s for s, _ in scored), default=0.0)
        if best >= 0.5:
            pool = [t for s, t in scored if s == best]
    if prefer_pending and any(not t.completed for t in pool):
        pool = [t for t in pool if not t.completed]
    if prefer_completed and any(t.completed for t in pool):
        pool = [t for t in pool if t.completed]
    if len(pool) > 1:
        # A title that says exactly the phrase's words and no more beats longer ones.
        tight = [t for t in pool if len(content_stems(t.title)) == len(content_stems(phrase))]
        if len(tight) == 1:
            return tight
    return pool
