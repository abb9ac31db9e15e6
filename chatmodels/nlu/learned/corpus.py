"""Reading the training corpus: one utterance a line, with its intent, language and slots.

A line is ``intent<TAB>language<TAB>utterance``; in the utterance ``{T words}`` marks the
task's title, ``{D words}`` a date or time, ``{P words}`` a priority. Other words are tagged
``O`` (command words and filler). ``#`` starts a comment line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).with_name("corpus.tsv")
_TOKEN = re.compile(r"\w+['’](?=\w)|\w+|[^\w\s]")
_SLOT = re.compile(r"\{([TDP]) ([^{}]+)\}")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Example:
    intent: str
    language: str
    text: str
    tags: tuple[str, ...]  # one per token of ``text``


class CorpusError(ValueError):
    """A corpus line that cannot be read, with its number."""


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def parse_line(line: str) -> Example:
    intent, language, marked = line.split("\t")
    spans: list[tuple[int, int, str]] = []
    plain = ""
    last = 0
    for m in _SLOT.finditer(marked):
        plain += marked[last : m.start()]
        spans.append((len(plain), len(plain) + len(m.group(2)), m.group(1)))
        plain += m.group(2)
        last = m.end()
    plain += marked[last:]
    if "{" in plain or "}" in plain:
        raise ValueError("unbalanced slot braces")
    tags = tuple(
        next((tag for start, end, tag in spans if start <= tok.start < end), "O")
        for tok in tokenize(plain)
    )
    return Example(intent=intent.strip(), language=language.strip(), text=plain, tags=tags)


def load_corpus(path: Path = CORPUS) -> list[Example]:
    examples: list[Example] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            examples.append(parse_line(line))
        except ValueError as error:
            raise CorpusError(f"{path.name}:{number}: {error}") from error
    return examples
