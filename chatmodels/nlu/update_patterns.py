"""Patterns for update requests, as (kind, regex) pairs tried in order by ``changes``.

Each regex names the target phrase ``t`` and, where there is one, the new value ``v`` (and
``f`` for the field when the user named it).
"""

from __future__ import annotations

LEVEL = r"(?:high|higher|highest|low|lower|lowest|medium|normal|top|urgent|important|critical)"
_FIELD = (
    r"title|name|priority|due\s+date|due|deadline|date|description|note|notes|details|tags?"
    r"|recurrence"
)
_T = r"(?P<t>.+?)"
_V = r"(?P<v>.+)"
_MOVE = (
    r"move|reschedule|postpone|push|bump|shift|delay|defer|put\s+off|push\s+back|bring\s+forward"
    r"|move\s+up"
)
UPDATE: list[tuple[str, str]] = [
    (
        "reopen",
        rf"^(?:mark|set|flag|put|move)\s+{_T}\s+(?:as\s+|to\s+|back\s+to\s+)?(?:not\s+(?:yet\s+)?"
        r"(?:done|complete|completed|finished)|incomplete|undone|unfinished|pending|open|to\s?do|"
        r"active|uncompleted)$",
    ),
    (
        "reopen",
        r"^(?:reopen|re-open|uncomplete|un-complete|unmark|undo|restore|reactivate|untick|uncheck)"
        r"\s+(?P<t>.+?)(?:\s+(?:as\s+)?(?:done|complete|completed|finished))?$",
    ),
    (
        "reopen",
        rf"^{_T}\s+(?:isn'?t|is\s+not|wasn'?t|was\s+not|is\s+still\s+not|aren'?t|are\s+not)\s+"
        r"(?:actually\s+|really\s+)?(?:done|finished|complete|completed)(?:\s+(?:yet|after\s+all))?$",
    ),
    (
        "cleardue",
        r"^(?:remove|clear|delete|drop|unset|take\s+off)\s+(?:the\s+)?(?:due\s+date|deadline|date)"
        r"\s+(?:from|of|for|on)\s+(?P<t>.+)$",
    ),
    (
        "stoprepeat",
        r"^(?:stop\s+(?:repeating|recurring)|don'?t\s+repeat|no\s+longer\s+repeat)\s+(?P<t>.+)$",
    ),
    (
        "stoprepeat",
        rf"^(?:make|set)\s+{_T}\s+(?:not\s+(?:recurring|repeating|repeat)|non-recurring|one-off|"
        r"a\s+one-(?:off|time)(?:\s+task)?)$",
    ),
    (
        "parent",
        rf"^(?:make|set|turn)\s+{_T}\s+(?:into\s+)?(?:a\s+)?(?:subtask|sub-task|child)\s+(?:of|under|for)"
        r"\s+(?P<v>(?:task\s*)?#?\d+)$",
    ),
    (
        "parent",
        rf"^(?:move|put|nest)\s+{_T}\s+(?:under|into|inside)\s+(?P<v>(?:task\s*)?#?\d+)$",
    ),
    (
        "tags+",
        r"^(?:add|put)\s+(?:the\s+|a\s+)?(?:tags?|labels?)\s+(?P<v>.+?)\s+(?:to|on)\s+(?P<t>.+)$",
    ),
    (
        "tags-",
        r"^(?:remove|delete|drop|take\s+off)\s+(?:the\s+)?(?:tags?|labels?)\s+(?P<v>.+?)"
        r"\s+(?:from|off)\s+(?P<t>.+)$",
    ),
    ("tags+", rf"^(?:tag|label)\s+{_T}\s+(?:as|with|under)\s+{_V}$"),
    (
        "tags-",
        r"^(?:remove|delete|drop|take\s+off)\s+(?:the\s+)?(?P<v>[\w-]+)\s+(?:tag|label)\s+(?:from|off)\s+"
        r"(?P<t>.+)$",
    ),
    (
        "tags+",
        r"^(?:tag|label)\s+(?P<t>(?:task\s*)?#?\d+|it|that|this|them)"
        r"\s+(?P<v>[\w#-]+(?:\s+and\s+[\w#-]+)?)$",
    ),
    (
        "description",
        rf"^(?:add|put|attach|write)\s+(?:a\s+|the\s+)?(?:note|description|comment|details)"
        rf"\s+(?:to|on|for)\s+{_T}\s*(?::|saying|that\s+says|-)\s*{_V}$",
    ),
    ("title", rf"^(?:rename|retitle|re-title|re-name)\s+{_T}\s+(?:to|as|into)\s+{_V}$"),
    ("title", rf"^(?:call|name|title)\s+(?P<t>it|that|this|task\s*#?\d+)\s+{_V}$"),
    (
        "title",
        rf"^(?:rename|retitle)\s+(?P<t>(?:task\s*)?#?\d+|it|that|this|that\s+one)\s+{_V}$",
    ),
    (
        "field",
        rf"^(?:change|update|edit|modify|set|switch|make)\s+(?:the\s+)?(?P<f>{_FIELD})"
        rf"\s+(?:of|for|on)\s+{_T}\s+(?:to|into|as|=|:)\s*{_V}$",
    ),
    (
        "field",
        rf"^(?:change|update|edit|modify|set|switch)\s+{_T}(?:'s|s')\s+(?P<f>{_FIELD})"
        rf"\s+(?:to|into|as)\s+{_V}$",
    ),
    (
        "field",
        rf"^(?:change|set|update|make)\s+{_T}\s+(?P<f>priority|due\s+date|deadline|title|name)"
        rf"\s+(?:to|as)\s+{_V}$",
    ),
    (
        "field",
        rf"^(?:set|give)\s+{_T}\s+(?:a\s+)?(?P<f>priority|due\s+date|deadline|title|name)"
        rf"\s+(?:of|to)\s+{_V}$",
    ),
    (
        "shift",
        rf"^(?:postpone|push\s+back|push|delay|defer|put\s+off|bump)\s+{_T}"
        rf"\s+(?:back\s+|out\s+)?by\s+{_V}$",
    ),
    (
        "due",
        rf"^(?:{_MOVE})\s+{_T}\s+(?:back\s+|out\s+|forward\s+)?"
        rf"(?:to|until|till|for|back\s+to|out\s+to|on)\s+{_V}$",
    ),
    (
        "priority",
        rf"^(?:make|mark|set|flag|bump|change|put)\s+{_T}\s+(?:as\s+|to\s+|at\s+)?(?:a\s+)?"
        rf"(?P<v>{LEVEL}(?:[\s-]+prio(?:rity)?)?)$",
    ),
    ("priority", r"^(?:prioriti[sz]e|escalate)\s+(?P<t>.+)$"),
    (
        "priority",
        rf"^{_T}\s+(?:is|should\s+be|needs\s+to\s+be|must\s+be)\s+(?:now\s+)?(?:a\s+)?"
        rf"(?P<v>{LEVEL}[\s-]+prio(?:rity)?)$",
    ),
    (
        "low",
        r"^(?:lower|decrease|reduce|downgrade|drop)\s+(?:the\s+)?prio(?:rity)?\s+(?:of|for|on)\s+"
        r"(?P<t>.+)$",
    ),
    (
        "priority",
        r"^(?:raise|increase|bump(?:\s+up)?|upgrade|boost)\s+(?:the\s+)?prio(?:rity)?\s+"
        r"(?:of|for|on)\s+(?P<t>.+)$",
    ),
    ("low", r"^(?:de-?prioriti[sz]e)\s+(?P<t>.+)$"),
    ("due", rf"^(?:make|set)\s+{_T}\s+(?:due|for)\s+{_V}$"),
    (
        "due",
        rf"^{_T}\s+(?:is|should\s+be|will\s+be)\s+(?:now\s+)?due\s+(?P<v>.+?)"
        r"(?:\s+now|\s+instead)?$",
    ),
    (
        "recurrence",
        rf"^(?:make|set)\s+{_T}\s+(?:to\s+)?(?:repeat|recur|recurring|repeating)?\s*"
        r"(?P<v>daily|weekly|monthly|every\s+(?:day|week|month))$",
    ),
    ("colon", rf"^(?:update|change|edit|modify)\s+{_T}\s*:\s*{_V}$"),
    (
        "value",
        rf"^(?:change|update|edit|modify|switch|turn|set)\s+{_T}\s+"
        rf"(?:to|into|as|so\s+(?:it|that\s+it)(?:\s+is|\s+says|\s+reads)?)\s+{_V}$",
    ),
]
