"""Database URLs as people write them: which kind, libpq's spelling, and safe to print."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme.split("+", 1)[0].lower() in {"postgresql", "postgres"}


def libpq_url(url: str) -> str:
    """libpq does not know SQLAlchemy's driver suffix: postgresql+psycopg:// → postgresql://."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def redact_url(url: str) -> str:
    """``url`` with its password, if any, replaced by ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
