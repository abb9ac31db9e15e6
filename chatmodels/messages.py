"""The two kinds of human message in a conversation: the user's requests and validator notes.

The validator sends the specialist back to work with a note, a ``HumanMessage`` named
``VALIDATOR_NOTE``. The name is the marker everywhere the message goes: through the
checkpointer (a plain ``HumanMessage``, nothing to allow-list), to clients of the Agent
Protocol and the web page (``message.name``), and to hosted models (OpenAI's ``name``).
Code asks ``is_user_request`` or ``is_validator_note`` rather than comparing names.
"""

from __future__ import annotations

from typing import Any, Final

from langchain_core.messages import HumanMessage

VALIDATOR_NOTE: Final = "validator"


def validator_note(text: str) -> HumanMessage:
    """A note from the validator asking for another try; it is not a request of the user."""
    return HumanMessage(content=text, name=VALIDATOR_NOTE)


def is_validator_note(message: Any) -> bool:
    return isinstance(message, HumanMessage) and message.name == VALIDATOR_NOTE


def is_user_request(message: Any) -> bool:
    """A human message the user sent (a validator note is human too, but not the user's)."""
    return isinstance(message, HumanMessage) and message.name != VALIDATOR_NOTE
