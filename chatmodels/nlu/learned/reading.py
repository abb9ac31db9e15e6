"""Reading a message with the learned model when the phrase rules found no operation.

The intent classifier says what kind of request it is and in which language; the tagger
says which words are the title. English adds go back through the attribute readers (dates,
priority, tags, repeats); other languages get their title from the tagger and their date
from dateparser in that language. When the model is unsure, a short imperative or noun
phrase becomes an add; a message that names no task at all gets one clarifying question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from dateparser.search import search_dates

from chatmodels.nlu.dates import Clock, find_dates
from chatmodels.nlu.learned.classifier import fold
from chatmodels.nlu.learned.corpus import tokenize
from chatmodels.nlu.learned.model import load_model
from chatmodels.nlu.text import capitalise, squeeze

SURE = 0.6
_QUESTION_WORDS = frozenset(
    [
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
        "which",
        "whose",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "qui",
        "que",
        "quoi",
        "quand",
        "pourquoi",
        "comment",
        "quel",
        "quelle",
        "quien",
        "que",
        "cuando",
        "como",
        "cual",
        "wer",
        "was",
        "wann",
        "wo",
        "warum",
        "wie",
        "welche",
    ]
)


@dataclass(frozen=True)
class Reading:
    """What the model read: an intent (or 'clarify'), and the title, date and language."""

    intent: str
    confidence: float
    language: str
    title: str = ""
    due: str | None = None


def read(message: str, clock: Clock) -> Reading:
    model = load_model()
    intents = model.intents.probabilities(message)
    intent = max(intents, key=lambda k: intents[k])
    languages = model.languages.probabilities(message)
    language = max(languages, key=lambda k: languages[k])
    title, dates = _slots(message, language, clock)
    confidence = intents[intent]
    if confidence < SURE or model.intents.known_share(message) < 0.5:
        intent = "add" if _looks_like_a_task(message) else "offtopic"
    if intent in {"add", "complete", "delete", "reopen"} and not title:
        intent = "clarify"
    return Reading(intent, confidence, language, title, dates)


def _slots(message: str, language: str, clock: Clock) -> tuple[str, str | None]:
    """The title words (tagged, or no command word of the corpus) and the first date."""
    model = load_model()
    tokens = tokenize(message)
    words = [t.text for t in tokens]
    tags = model.tagger.tag(words)
    date_spans = _date_spans(message, language, clock)
    due = date_spans[0][2] if date_spans else None
    commands = frozenset(model.lexicon)
    kept = []
    for token, tag in zip(tokens, tags, strict=True):
        in_date = any(s <= token.start < e for s, e, _ in date_spans)
        content = token.text.isalpha() and token.text.casefold() not in commands
        if not in_date and (tag == "T" or (content and tag == "O")):
            kept.append(token)
    if not kept:
        return "", due
    title = message[kept[0].start : kept[-1].end]
    return squeeze(title.strip(" ,;:-?!¿¡.")), due


def _date_spans(message: str, language: str, clock: Clock) -> list[tuple[int, int, str]]:
    if language == "en":
        return [(d.start, d.end, d.iso) for d in find_dates(message, clock)]
    local = clock.local.replace(tzinfo=None)
    found = search_dates(
        message,
        languages=[language],
        settings={"RELATIVE_BASE": local, "PREFER_DATES_FROM": "future"},
    )
    spans: list[tuple[int, int, str]] = []
    cursor = 0
    for phrase, when in found or []:
        start = message.find(phrase, cursor)
        if start < 0 or phrase.strip().isdigit():
            continue
        cursor = start + len(phrase)
        at = when if _has_time(phrase, when) else datetime.combine(when.date(), time(23, 59))
        spans.append((start, cursor, at.replace(tzinfo=clock.tz).isoformat()))
    return spans


def _has_time(phrase: str, when: datetime) -> bool:
    return any(c.isdigit() for c in phrase) and (when.hour, when.minute) != (0, 0)


def _looks_like_a_task(message: str) -> bool:
    """A short imperative or noun phrase, not a question."""
    words = message.split()
    if not words or "?" in message or len(words) > 10:
        return False
    return fold(words[0]).strip("¿¡") not in _QUESTION_WORDS


def capital_title(title: str) -> str:
    return capitalise(title)
