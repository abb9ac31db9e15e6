"""Word-level helpers: normalising, tokenising and light stemming."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTRACTIONS = {
    "what's": "what is",
    "whats": "what is",
    "i'm": "i am",
    "i've": "i have",
    "i'd": "i would",
    "i'll": "i will",
    "don't": "do not",
    "dont": "do not",
    "didn't": "did not",
    "haven't": "have not",
    "hasn't": "has not",
    "isn't": "is not",
    "aren't": "are not",
    "wasn't": "was not",
    "weren't": "were not",
    "doesn't": "does not",
    "can't": "can not",
    "cannot": "can not",
    "won't": "will not",
    "it's": "it is",
    "that's": "that is",
    "there's": "there is",
    "let's": "let us",
}


def _words(text: str) -> frozenset[str]:
    """A set of words from a text block (one place to keep word lists readable)."""
    return frozenset(text.split())


# Words that never identify a task by themselves.
STOPWORDS = _words(
    """
    a an the my our your his her their this that these those it its one ones task tasks
    todo todos to-do item items thing things entry reminder reminders list on in at of for
    to with about from by as and or please pls thanks thank you me i we is are was be been
    being called named titled which who whose what anything something some any just already
    also now then so up off out really all every everything again do does did have has had
    can could would will should must need want i've i'm i'd ive were which
    """
)


_TYPOS = {
    "delet": "delete", "deleet": "delete", "dlete": "delete", "remvoe": "remove",
    "remoev": "remove", "rmeove": "remove", "compelte": "complete", "complet": "complete",
    "complte": "complete", "comlete": "complete", "mrak": "mark", "makr": "mark", "shwo": "show",
    "hsow": "show", "lsit": "list", "lisst": "list", "taks": "task", "tasl": "task", "tsak": "task",
"chnage": "change", "cahnge": "change", "updtae": "update",
    "upadte": "update", "renmae": "rename", "prioirty": "priority", "priorty": "priority",
    "prority": "priority", "proirity": "priority", "remid": "remind", "remmind": "remind",
    "rmind": "remind", "reminde": "remind", "pendng": "pending", "pnding": "pending",
    "compleetd": "completed", "finshed": "finished", "finsihed": "finished", "overdeu": "overdue",
    "overude": "overdue", "tommorow": "tomorrow", "tomorow": "tomorrow", "tmrw": "tomorrow",
    "tommorrow": "tomorrow", "wendesday": "wednesday", "wedensday": "wednesday",
    "thrusday": "thursday", "firday": "friday", "fridya": "friday", "saturady": "saturday",
    "adn": "and", "teh": "the", "whats": "what's", "wat": "what", "plz": "please",
}  # fmt: skip
_TYPO_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _TYPOS) + r")\b", re.IGNORECASE)


def fix_typos(text: str) -> str:
    """Correct a few common misspellings of command words, whole words only."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        right = _TYPOS[word.lower()]
        return right.capitalize() if word[:1].isupper() else right

    return _TYPO_RE.sub(fix, text)


def normalise(text: str) -> str:
    """Lower-case, unify quotes and dashes, expand common contractions, squeeze spaces."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2013", "-").replace("\u2014", "-")
    lowered = text.lower()
    for short, long in _CONTRACTIONS.items():
        lowered = re.sub(rf"\b{re.escape(short)}\b", long, lowered)
    return re.sub(r"\s+", " ", lowered).strip()


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophes kept inside words."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def stem(word: str) -> str:
    """A deliberately light stemmer: 'calling'->'cal', 'call'->'cal', 'groceries'->'grocery'.

    Both sides of a comparison go through it, so it only has to be consistent, not pretty.
    """
    w = word.lower().strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith(("ies", "ied")):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif (len(w) > 4 and w.endswith("ed") and not w.endswith("eed")) or (
        len(w) > 4 and w.endswith(("ches", "shes", "xes", "sses"))
    ):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


def content_stems(text: str) -> list[str]:
    """Stems of the words that can identify a task (stop words dropped), in order."""
    out: list[str] = []
    for tok in tokens(text):
        if tok in STOPWORDS:
            continue
        s = stem(tok)
        if s and s not in out:
            out.append(s)
    return out


IRREGULAR = {
    "bought": "buy", "paid": "pay", "sent": "send", "took": "take", "taken": "take", "did": "do",
    "made": "make", "wrote": "write", "written": "write", "went": "go", "gave": "give",
    "met": "meet", "ran": "run", "sold": "sell", "built": "build", "fed": "feed", "found": "find",
    "brought": "bring", "caught": "catch", "swept": "sweep", "kept": "keep", "drove": "drive",
    "ate": "eat", "rode": "ride", "chose": "choose", "hung": "hang", "spent": "spend", "won": "win",
    "wore": "wear", "got": "get", "called": "call", "told": "tell", "read": "read", "put": "put",
}  # fmt: skip


def base_form(verb: str) -> str:
    """A past-tense verb's base form, roughly: 'bought'->'buy', 'tidied'->'tidy'."""
    word = verb.lower()
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ed") and len(word) > 4:
        core = word[:-2]
        if len(core) > 2 and core[-1] == core[-2] and core[-1] not in "aeioul":
            return core[:-1]  # stopped -> stop
        return core
    return word


def content_words(text: str) -> list[tuple[str, str]]:
    """(word, stem) pairs of the words that can identify a task (past tenses as base forms)."""
    out: list[tuple[str, str]] = []
    for raw in tokens(text):
        tok = IRREGULAR.get(raw, raw) if raw != "called" else raw
        if tok not in STOPWORDS and all(tok != w for w, _ in out):
            out.append((tok, stem(tok)))
    return out


def capitalise(text: str) -> str:
    """Upper-case the first letter only ('buy iPhone case' -> 'Buy iPhone case')."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def squeeze(text: str) -> str:
    """Collapse runs of white space and trim stray punctuation at both ends."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^[\s,;:.\-]+", "", text)
    return re.sub(r"[\s,;:\-]+$", "", text).strip()


# Verbs that commonly open a task title; used to tell "buy eggs and call mom" (two tasks)
# from "salt and pepper" (one).
TASK_VERBS = _words(
    """
    add answer apply arrange ask attend back bake book bring buy call cancel change charge
    check clean clear collect confirm contact cook count cut deliver deposit do download
    drop email empty feed fetch file fill find finish fix follow get give go grab hang have
    help hire install invite iron join keep learn leave look mail make meet mop move mow
    oil open order organise organize pack paint pay pick plan plant post prepare print put
    read rebook record refill register remind renew rent repair reply replace research
    reserve return review ring run schedule see sell send set shop sign sort start study
    submit sweep take talk tell test text tidy toss track train update upload vacuum visit
    wash watch water weed write walk feed recycle practice practise sew shave shower
    stretch meditate jog swim exercise workout
    """
)


def starts_with_verb(text: str) -> bool:
    words = tokens(text)
    return bool(words) and words[0] in TASK_VERBS
