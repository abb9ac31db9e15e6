"""One conversational turn, the same for the CLI, the evaluation and the server.

``config`` (thread and ``RunnableConfig``), ``approvals`` (the request and the resume),
``summary`` (what the turn did) and ``runner`` (streaming it, and ``run_turn``).
"""

from engine.turns.approvals import (
    Answer,
    Approval,
    answer_for,
    approval_answers,
    approval_of,
    resume,
)
from engine.turns.config import (
    Turn,
    session_thread_id,
    session_turn,
    thread_config,
    turn_config,
    user_hash,
)
from engine.turns.runner import (
    Approver,
    EventSink,
    TurnTimeoutError,
    resume_turn,
    run_turn,
    stream_turn,
    user_input,
)
from engine.turns.summary import TurnResult, fallback_note, last_reply, summarize

__all__ = [
    "Answer",
    "Approval",
    "Approver",
    "EventSink",
    "Turn",
    "TurnResult",
    "TurnTimeoutError",
    "answer_for",
    "approval_answers",
    "approval_of",
    "fallback_note",
    "last_reply",
    "resume",
    "resume_turn",
    "run_turn",
    "session_thread_id",
    "session_turn",
    "stream_turn",
    "summarize",
    "thread_config",
    "turn_config",
    "user_hash",
    "user_input",
]
