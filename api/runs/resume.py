"""The resume value of a run's ``command``: an answer to an approval request, or 422.

Every interrupt in these graphs is an approval request (``nodes.approval``), so a resume
is ``{"decisions": [...]}``, ``{"approved": bool}`` (or a bare ``true``/``false``), or a
map of interrupt id to those. Anything else is refused before a run exists: an answer
nobody can read must not reach the graph (and must never pass for a rejection).
"""

from __future__ import annotations

from api.runs.errors import Unsupported
from api.runs.payloads import CommandPayload
from nodes.decisions import InvalidAnswerError, answers_in


def check_resume(command: CommandPayload | None) -> None:
    """``Unsupported`` (422) when ``command.resume`` answers no approval request."""
    if command is None or not command.is_resume:
        return
    try:
        answers_in(command.resume)
    except InvalidAnswerError as error:
        raise Unsupported(f"command.resume: {error}") from None
