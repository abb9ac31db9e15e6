"""Typo tolerance: misspelt command and date words put right before anything reads them.

A word the corpus has never seen is compared with the corpus's command and date words (the
``learned`` model's lexicon; at the start, the words that open a command) by optimal string
alignment distance (rapidfuzz): one edit for short words, two for long ones, first letter
kept. Only words at the start of the message
(the command) may be short; elsewhere only long lexicon words are targets, so a title's own
words ('cat', 'bad') are never turned into commands.
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from chatmodels.nlu.learned.classifier import fold
from chatmodels.nlu.learned.model import load_model
from chatmodels.nlu.text import TASK_VERBS

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_LEADS = frozenset({"pls", "plz", "please", "ok", "okay", "hey", "hi", "so", "and", "now"})


@cache
def _targets(leading: bool) -> tuple[str, ...]:
    model = load_model()
    if leading:
        return tuple(w for w in model.openers if len(w) >= 3 and w.isalpha())
    return tuple(w for w in model.lexicon if len(w) >= 6)


def _correct(word: str, targets: tuple[str, ...]) -> str | None:
    lower = word.casefold()
    limit = 2 if len(lower) >= 8 else 1
    found = process.extract(lower, targets, scorer=OSA.distance, score_cutoff=limit, limit=5)
    if len(lower) <= 3:  # short words: only a dropped letter ('ad' -> 'add')
        found = [f for f in found if len(f[0]) == len(lower) + 1]
    found = [f for f in found if not lower.startswith(f[0])]  # 'completed', 'thanks': no typos
    if not found:
        return None
    best = [c for c, d, _ in found if c[0] == lower[0] and d == min(x[1] for x in found)]
    if len(best) != 1:
        return None
    return best[0].capitalize() if word[:1].isupper() else best[0]


@cache
def _known() -> frozenset[str]:
    """Every word of the corpus, and the verbs that open task titles."""
    model = load_model()
    return frozenset(model.vocabulary | set(model.lexicon) | TASK_VERBS)


def correct_typos(text: str) -> str:
    """``text`` with unknown words near a command or date word replaced by it."""
    known = _known()
    out: list[str] = []
    last = 0
    leading = True
    for m in _WORD.finditer(text):
        word = m.group(0)
        lower = word.casefold()
        fixed: str | None = None
        if (
            "'" not in word
            and "’" not in word
            and fold(lower) not in known
            and len(lower) >= (2 if leading else 5)
        ):
            fixed = _correct(word, _targets(leading))
        if leading and lower not in _LEADS:
            leading = False
        out.append(text[last : m.start()] + (fixed or word))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def similar_words(a: str, b: str) -> bool:
    """Two words that are the same but for a typo: 'membrship' and 'membership'."""
    return min(len(a), len(b)) >= 4 and fuzz.ratio(a.casefold(), b.casefold()) >= 80
