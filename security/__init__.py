"""Secrets the product makes for itself: random keys kept in a file only the owner reads."""

from security.keyfile import KeyFileError, load_or_create_key
from security.subjects import MAX_SUBJECT_CHARS, valid_subject

__all__ = ["MAX_SUBJECT_CHARS", "KeyFileError", "load_or_create_key", "valid_subject"]
