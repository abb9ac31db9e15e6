"""Which user ids a token may carry: what every store and log can hold without surprise."""

from __future__ import annotations

MAX_SUBJECT_CHARS = 255


def valid_subject(subject: object) -> bool:
    """A non-blank string of at most 255 characters with no control or unpaired characters."""
    if not isinstance(subject, str) or not subject.strip() or len(subject) > MAX_SUBJECT_CHARS:
        return False
    if not subject.isprintable():  # control, format and separator characters other than ' '
        return False
    try:
        subject.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True
