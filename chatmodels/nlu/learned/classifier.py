"""A multinomial naive Bayes classifier over character n-grams and words.

Character n-grams (2 to 4 letters, inside word boundaries) carry a message's meaning across
typos, inflections and languages ("ajoute"/"ajouter", "remnd"/"remind"); the first word adds
the imperative's weight. Counts are integers, so training is exact and the artifact is the
same on every machine.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

ALPHA = 0.1


def fold(text: str) -> str:
    """Lower case without accents: 'Réserver' -> 'reserver', 'Füge' -> 'fuge'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def features(text: str) -> Counter[str]:
    words = [w for w in "".join(c if c.isalnum() else " " for c in fold(text)).split() if w]
    out: Counter[str] = Counter()
    for index, word in enumerate(words):
        out[f"w={word}"] += 1
        if index == 0:
            out[f"f={word}"] += 1
        padded = f"<{word}>"
        for n in (2, 3, 4):
            for i in range(len(padded) - n + 1):
                out[padded[i : i + n]] += 1
    return out


@dataclass(frozen=True)
class Classifier:
    """Per-label document counts and feature counts."""

    docs: Mapping[str, int]
    counts: Mapping[str, Mapping[str, int]]

    @classmethod
    def train(cls, examples: Iterable[tuple[str, str]]) -> Classifier:
        docs: Counter[str] = Counter()
        counts: dict[str, Counter[str]] = {}
        for label, text in examples:
            docs[label] += 1
            counts.setdefault(label, Counter()).update(features(text))
        return cls(docs=dict(docs), counts={k: dict(v) for k, v in counts.items()})

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(f for c in self.counts.values() for f in c)

    @cached_property
    def totals(self) -> dict[str, float]:
        return {k: sum(c.values()) + ALPHA * len(self.vocabulary) for k, c in self.counts.items()}

    def probabilities(self, text: str) -> dict[str, float]:
        """Each label's posterior, with the evidence scaled per feature (better calibrated)."""
        feats = features(text)
        known = {f: n for f, n in feats.items() if f in self.vocabulary}
        size = max(1, sum(known.values()))
        total_docs = sum(self.docs.values())
        scores: dict[str, float] = {}
        for label, counts in self.counts.items():
            total = self.totals[label]
            evidence = sum(
                n * math.log((counts.get(f, 0) + ALPHA) / total) for f, n in known.items()
            )
            scores[label] = math.log(self.docs[label] / total_docs) / size + evidence / size
        top = max(scores.values())
        exp = {k: math.exp(8.0 * (v - top)) for k, v in scores.items()}
        norm = sum(exp.values())
        return {k: v / norm for k, v in sorted(exp.items())}

    def known_share(self, text: str) -> float:
        """How much of the message the corpus has seen (0 for gibberish)."""
        feats = features(text)
        total = sum(feats.values())
        return sum(n for f, n in feats.items() if f in self.vocabulary) / total if total else 0.0
