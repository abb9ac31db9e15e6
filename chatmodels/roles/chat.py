"""Tool-free replies: the responder's answers to greetings, thanks, help and off-topic asks."""

from __future__ import annotations

from chatmodels.nlu.smalltalk import ChatKind

_CAPABILITIES = (
    "I can add tasks (with due dates, priorities, tags and repeats), list and search them, "
    "mark them done, change or delete them, and plan bigger goals into steps."
)

_REPLIES: dict[ChatKind, str] = {
    "greeting": f"Hi! I'm your task assistant. {_CAPABILITIES} What would you like to do?",
    "help": (
        f"I help you manage your tasks. {_CAPABILITIES} Try 'Add buy milk tomorrow', "
        "'What's pending?' or 'Mark task 2 as done'."
    ),
    "thanks": "You're welcome! Let me know if there's anything else to do with your tasks.",
    "farewell": "Goodbye! Your tasks will be here when you come back.",
    "ack": "Okay! Tell me whenever you want to add, check or change a task.",
    "clarify": (
        "I'm not sure what you'd like me to do with that: should I add it as a new task, or "
        "change one you already have (say which)?"
    ),
    "out_of_scope": (
        "Sorry, I can only help with your tasks, so I can't answer that. I can add, list, "
        "complete, change or delete tasks, or plan a goal into steps."
    ),
}


def chat_reply(kind: ChatKind) -> str:
    return _REPLIES[kind]
