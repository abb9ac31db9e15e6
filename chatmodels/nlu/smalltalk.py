"""Messages that need no tools: greetings, thanks, help, goodbyes, acknowledgements.

Anything else that is not about tasks counts as out of scope.
"""

from __future__ import annotations

import re
from typing import Literal

from chatmodels.nlu.text import normalise

ChatKind = Literal["greeting", "thanks", "help", "farewell", "ack", "clarify", "out_of_scope"]

_GREETING = re.compile(
    r"^(?:hi+|hello+|hey+|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening|day)|"
    r"hola|bonjour|hallo|sup|what'?s\s+up|how\s+are\s+you(?:\s+doing)?(?:\s+today)?|"
    r"how\s+is\s+it\s+going|nice\s+to\s+meet\s+you)\b",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"\b(?:thanks|thank\s+you|thx|ty|cheers|much\s+appreciated|appreciate\s+it|great\s+job|"
    r"well\s+done|perfect|awesome)\b",
    re.IGNORECASE,
)
_HELP = re.compile(
    r"\b(?:help|what\s+can\s+you\s+do|what\s+do\s+you\s+do|what\s+are\s+you|who\s+are\s+you|"
    r"how\s+does\s+(?:this|it)\s+work|how\s+do\s+i\s+use|what\s+are\s+your\s+(?:features|capabilities|"
    r"commands)|what\s+can\s+i\s+(?:ask|say|do)|how\s+can\s+you\s+help|what\s+is\s+this|"
    r"capabilities|features|commands|instructions|usage|how\s+to\s+use|"
    r"how\s+(?:do|can|would|should)\s+i\s+(?:add|create|delete|remove|complete|mark|list|see|use|"
    r"change|edit|update|make|plan|set))\b",
    re.IGNORECASE,
)
_FAREWELL = re.compile(
    r"^(?:bye|goodbye|good\s+bye|see\s+you|see\s+ya|later|good\s+night|goodnight|take\s+care|"
    r"that'?s\s+all|that\s+is\s+all|i'?m\s+done\s+for\s+(?:now|today))\b",
    re.IGNORECASE,
)
_ACK = re.compile(
    r"^(?:ok(?:ay)?|k|cool|great|nice|got\s+it|sure|alright|all\s+right|fine|sounds\s+good|"
    r"yes|yep|yeah|no|nope|nah|understood|good|perfect|awesome|wow|lol|hmm+)[\s.!,]*$",
    re.IGNORECASE,
)


def classify_chat(text: str) -> ChatKind:
    """What kind of tool-free message this is (called once task operations were ruled out)."""
    clean = normalise(text).strip()
    if _HELP.search(clean):
        return "help"
    if _GREETING.match(clean):
        return "greeting"
    if _FAREWELL.match(clean):
        return "farewell"
    if _THANKS.search(clean):
        return "thanks"
    if _ACK.match(clean):
        return "ack"
    return "out_of_scope"
