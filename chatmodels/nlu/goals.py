"""Goals that need a plan: 'Help me plan my sister's wedding next month: the venue, the music'.

``parse_goal`` recognises a planning request and reads the goal's title, deadline, the areas
the user named, and which domain it belongs to (for sensible default areas).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chatmodels.nlu.dates import Clock, find_dates
from chatmodels.nlu.text import capitalise, normalise, squeeze

_PLAN_VERB = re.compile(
    r"\b(?:help\s+me\s+(?:to\s+)?(?:plan|organi[sz]e|prepare(?:\s+for)?|get\s+ready\s+for|with)|"
    r"(?:can|could|would)\s+you\s+(?:help\s+me\s+)?(?:plan|organi[sz]e)|"
    r"i\s+(?:need|want|have|would\s+like|'d\s+like)\s+to\s+(?:plan|organi[sz]e|prepare\s+for|get\s+ready\s+for)|"
    r"(?:let'?s|let\s+us)\s+(?:plan|organi[sz]e)|"
    r"(?:make|create|draw\s+up|put\s+together|build|give\s+me|write)\s+(?:me\s+)?(?:a|an)\s+"
    r"(?:\w+\s+)?(?:plan|checklist|roadmap|timeline)\s+(?:for|to)|"
    r"(?:break|split)\s+(?:down\s+)?.+?\s+(?:down\s+)?into\s+(?:steps|tasks|subtasks|parts|pieces)|"
    r"^(?:plan|organi[sz]e|prepare\s+for|get\s+ready\s+for|planning|organi[sz]ing))\b",
    re.IGNORECASE,
)
_EXPLICIT_ADD = re.compile(
    r"^(?:please\s+)?(?:add|create\s+(?:a\s+)?(?:task|todo|reminder)|remind\s+me|new\s+task|put)\b",
    re.I,
)

# Cues (word starts) for each kind of goal, checked in this order.
DOMAINS: dict[str, str] = {
    "wedding": "wedding|marriage|marry|elope|reception",
    "move": "move|moving|relocat|new apartment|new house|new flat|house move",
    "trip": "trip|vacation|holiday|travel|journey|getaway|honeymoon|visit to",
    "party": "party|birthday|celebration|shower|anniversary|bbq|barbecue|dinner",
    "job": "job search|job hunt|new job|career|job application|interview",
    "launch": "launch|release|product|app|website|startup|podcast",
    "renovation": "renovat|remodel|redecorat|kitchen|bathroom|garden|repaint",
    "writing": "thesis|dissertation|essay|paper|book|novel|article|report",
    "study": "exam|study|test|course|certification|semester",
    "event": "conference|event|workshop|meetup|fundraiser|festival",
    "holidays": "christmas|thanksgiving|hanukkah|new year|easter|diwali",
}


@dataclass
class Goal:
    title: str
    due: str | None = None  # YYYY-MM-DD
    areas: list[str] = field(default_factory=list)
    domain: str = "generic"


def is_plan_request(text: str) -> bool:
    clean = normalise(text)
    if _EXPLICIT_ADD.match(clean):
        return False
    if re.match(r"^(?:what|how|who|which)\b", clean):
        return bool(re.search(r"\b(?:plan|organi[sz]e)\s+(?:my|a|an|the|our)\b", clean))
    return bool(_PLAN_VERB.search(clean))


def domain_of(text: str) -> str:
    clean = normalise(text)
    for domain, cues in DOMAINS.items():
        if any(re.search(rf"\b{re.escape(cue)}", clean) for cue in cues.split("|")):
            return domain
    return "generic"


def parse_goal(text: str, clock: Clock) -> Goal:
    """The goal's short title, deadline, named areas and domain."""
    body = text.strip().replace("\u2019", "'")
    areas: list[str] = []
    named = re.search(
        r"(?::|\s+-\s+|\b(?:including|covering|with|for|especially|like|such\s+as|focusing\s+on)\s+the\s+)"
        r"\s*(.+)$",
        body,
        re.IGNORECASE,
    )
    if named and _looks_like_list(named.group(1)):
        areas = _split_areas(named.group(1))
        body = body[: named.start()]
    due: str | None = None
    found = find_dates(text, clock)
    if found:
        due = found[0].when.date().isoformat()
        for match in reversed(find_dates(body, clock)):
            body = body[: match.start] + " " + body[match.end :]
    return Goal(title=_goal_title(body), due=due, areas=areas, domain=domain_of(text))


def _looks_like_list(text: str) -> bool:
    return bool(re.search(r",|\band\b|&", text)) and len(text.split()) <= 30


def _split_areas(text: str) -> list[str]:
    parts = re.split(
        r"\s*,\s*(?:and\s+|&\s+)?|\s+and\s+|\s*&\s*|\s*;\s*", text.strip().rstrip(".!?")
    )
    areas: list[str] = []
    for part in parts:
        clean = re.sub(r"^(?:the|a|an|my|our|some|also)\s+", "", part.strip(), flags=re.IGNORECASE)
        clean = squeeze(clean).rstrip(".!?")
        if clean and clean.lower() not in {a.lower() for a in areas}:
            areas.append(capitalise(clean))
    return areas[:6]


def _goal_title(body: str) -> str:
    text = squeeze(body).rstrip(".!?")
    text = re.sub(r"^(?:hi|hey|hello|ok(?:ay)?|so|please)\b[,!]?\s*", "", text, flags=re.I)
    m = re.search(
        r"\b(plan|organi[sz]e|prepare\s+for|get\s+ready\s+for|planning|organi[sz]ing)\s+(.+)$",
        text,
        re.IGNORECASE,
    )
    broken = re.search(
        r"\b(?:break|split)\s+(?:down\s+)?(.+?)\s+(?:down\s+)?into\s+\w+", text, re.IGNORECASE
    )
    if broken and not m:
        verb, obj = "plan", re.sub(r"^(?:the|my)\s+", "my ", broken.group(1), flags=re.I)
    elif m:
        verb = m.group(1).lower()
        verb = {"planning": "plan", "organizing": "organize", "organising": "organise"}.get(
            verb, verb
        )
        obj = re.sub(r"^(?:for|to)\s+", "", m.group(2), flags=re.IGNORECASE)
    else:
        found = re.search(
            r"\b(?:(?:plan|checklist|roadmap|timeline)\s+(?:for|to)|help\s+me\s+with)\s+(.+)$",
            text,
            re.IGNORECASE,
        )
        verb = "plan"
        obj = found.group(1) if found else text
    obj = re.sub(
        r"\s+(?:please|for\s+me|step\s+by\s+step|into\s+steps)$", "", squeeze(obj), flags=re.I
    )
    if re.fullmatch(r"(?:it|this|that|everything|all\s+(?:of\s+)?(?:it|this))", obj, re.I):
        obj = _situation(text) or "my goal"
    return capitalise(f"{verb} {obj}".strip())


def _situation(text: str) -> str | None:
    """'We're renovating the bathroom next spring, help me plan it' -> 'renovating the bathroom'."""
    first = re.split(r"[,;.!?]|\s+(?:and|so|can|could|would|please)\s+", text, maxsplit=1)[0]
    first = re.sub(
        r"^(?:i'?m|i\s+am|we'?re|we\s+are|i'?ll\s+be|we'?ll\s+be|i\s+will\s+be|we\s+will\s+be|"
        r"i\s+have|we\s+have|there'?s|there\s+is)\s+",
        "",
        first.strip(),
        flags=re.IGNORECASE,
    )
    return squeeze(first) or None
