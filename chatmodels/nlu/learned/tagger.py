"""An averaged-perceptron token tagger: which words are the title, a date, a priority.

Features are the word, its affixes and shape, its neighbours and the previous tag; decoding
is greedy left to right. Training visits the examples in corpus order for a fixed number of
epochs, so the weights are the same on every run; they are rounded when saved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chatmodels.nlu.learned.classifier import fold

TAGS = ("O", "T", "D", "P")
EPOCHS = 8


def token_features(words: Sequence[str], index: int, previous: str) -> list[str]:
    word = fold(words[index])
    before = fold(words[index - 1]) if index > 0 else "<s>"
    before2 = fold(words[index - 2]) if index > 1 else "<s>"
    after = fold(words[index + 1]) if index + 1 < len(words) else "</s>"
    after2 = fold(words[index + 2]) if index + 2 < len(words) else "</s>"
    shape = "d" if word.isdigit() else ("p" if not word[:1].isalnum() else "w")
    return [
        "bias",
        f"w={word}",
        f"s3={word[-3:]}",
        f"p3={word[:3]}",
        f"shape={shape}",
        f"first={index == 0}",
        f"-1={before}",
        f"-2={before2}",
        f"+1={after}",
        f"+2={after2}",
        f"t-1={previous}",
        f"t-1w={previous}|{word}",
        f"-1w={before}|{word}",
    ]


@dataclass(frozen=True)
class Tagger:
    weights: Mapping[str, Mapping[str, float]]

    def tag(self, words: Sequence[str]) -> list[str]:
        out: list[str] = []
        for index in range(len(words)):
            previous = out[-1] if out else "<s>"
            out.append(self._best(token_features(words, index, previous)))
        return out

    def _best(self, feats: Sequence[str]) -> str:
        scores = dict.fromkeys(TAGS, 0.0)
        for f in feats:
            for tag, weight in self.weights.get(f, {}).items():
                scores[tag] += weight
        return max(TAGS, key=lambda t: (scores[t], -TAGS.index(t)))

    @classmethod
    def train(cls, examples: Sequence[tuple[Sequence[str], Sequence[str]]]) -> Tagger:
        weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        totals: dict[tuple[str, str], float] = defaultdict(float)
        stamps: dict[tuple[str, str], int] = defaultdict(int)
        step = 0

        def update(feature: str, tag: str, delta: float) -> None:
            key = (feature, tag)
            totals[key] += (step - stamps[key]) * weights[feature][tag]
            stamps[key] = step
            weights[feature][tag] += delta

        for _ in range(EPOCHS):
            for words, gold in examples:
                previous = "<s>"
                for index, truth in enumerate(gold):
                    step += 1
                    feats = token_features(words, index, previous)
                    guess = Tagger(weights)._best(feats)
                    if guess != truth:
                        for f in feats:
                            update(f, truth, 1.0)
                            update(f, guess, -1.0)
                    previous = truth
        averaged: dict[str, dict[str, float]] = {}
        for feature, by_tag in sorted(weights.items()):
            kept = {}
            for tag, weight in sorted(by_tag.items()):
                key = (feature, tag)
                total = totals[key] + (step - stamps[key]) * weight
                value = round(total / step, 4)
                if value:
                    kept[tag] = value
            if kept:
                averaged[feature] = kept
        return cls(weights=averaged)
