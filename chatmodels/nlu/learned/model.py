"""The trained understanding model: intent and language classifiers and the slot tagger.

``model.json`` beside this module is built from ``corpus.tsv`` by ``make nlu-model``; the
same corpus always gives the same bytes (a unit test rebuilds it and compares).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from chatmodels.nlu.learned.classifier import Classifier, fold
from chatmodels.nlu.learned.corpus import CORPUS, Example, load_corpus, tokenize
from chatmodels.nlu.learned.tagger import Tagger

MODEL = Path(__file__).with_name("model.json")
FORMAT = 1


@dataclass(frozen=True)
class Model:
    corpus_sha256: str
    intents: Classifier
    languages: Classifier
    tagger: Tagger
    lexicon: tuple[str, ...]  # command, filler and date words of the corpus (typo targets)
    openers: tuple[str, ...]  # the command words that open an utterance
    vocabulary: frozenset[str]  # every word of the corpus, folded

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": FORMAT,
            "corpus_sha256": self.corpus_sha256,
            "intents": {"docs": self.intents.docs, "counts": self.intents.counts},
            "languages": {"docs": self.languages.docs, "counts": self.languages.counts},
            "tagger": self.tagger.weights,
            "lexicon": list(self.lexicon),
            "openers": list(self.openers),
            "vocabulary": sorted(self.vocabulary),
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"model.json has format {data.get('format')!r}, expected {FORMAT}")
        return cls(
            corpus_sha256=data["corpus_sha256"],
            intents=Classifier(**data["intents"]),
            languages=Classifier(**data["languages"]),
            tagger=Tagger(weights=data["tagger"]),
            lexicon=tuple(data["lexicon"]),
            openers=tuple(data["openers"]),
            vocabulary=frozenset(data["vocabulary"]),
        )


def train(examples: list[Example], corpus_sha256: str) -> Model:
    return Model(
        corpus_sha256=corpus_sha256,
        intents=Classifier.train((e.intent, e.text) for e in examples),
        languages=Classifier.train((e.language, e.text) for e in examples),
        tagger=Tagger.train([([t.text for t in tokenize(e.text)], e.tags) for e in examples]),
        lexicon=_lexicon(examples),
        vocabulary=frozenset(fold(t.text) for e in examples for t in tokenize(e.text)),
        openers=tuple(
            sorted({e.text.split()[0].casefold() for e in examples if e.tags and e.tags[0] == "O"})
        ),
    )


def _lexicon(examples: list[Example]) -> tuple[str, ...]:
    words = {
        token.text.casefold()
        for e in examples
        for token, tag in zip(tokenize(e.text), e.tags, strict=True)
        if tag in {"O", "D"} and token.text.isalpha()
    }
    return tuple(sorted(words))


def train_corpus(path: Path = CORPUS) -> Model:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return train(load_corpus(path), digest)


@cache
def load_model(path: Path = MODEL) -> Model:
    """The committed model (read once per process; it never changes while running)."""
    return Model.from_json(path.read_text(encoding="utf-8"))
