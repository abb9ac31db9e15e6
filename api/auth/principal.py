"""The verified user a request acts for, and the scopes read from their token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from api.auth.errors import InvalidToken

SCOPE_CLAIMS = ("scope", "scopes", "permissions")


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a verified token speaks for (``sub``), what they may do, and every claim."""

    user_id: str
    scopes: frozenset[str]
    claims: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def has(self, scope: str) -> bool:
        return scope in self.scopes


def parse_scopes(value: str) -> frozenset[str]:
    """The scopes of a space-separated string (``"tasks:read chat"``)."""
    return frozenset(value.split())


def scopes_from_claims(claims: Mapping[str, Any], default: frozenset[str]) -> frozenset[str]:
    """Exactly the scopes a token carries, or ``default`` when it carries no scope claim.

    ``scope`` is a space-separated string (RFC 8693); ``scopes`` and ``permissions`` are
    lists of strings (a string is read like ``scope``). A scope claim of the wrong shape
    refuses the token rather than falling back to the defaults.
    """
    present = [name for name in SCOPE_CLAIMS if name in claims]
    if not present:
        return default
    scopes: set[str] = set()
    for name in present:
        value = claims[name]
        if isinstance(value, str):
            scopes.update(value.split())
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            scopes.update(item for item in value if item)
        else:
            raise InvalidToken("invalid token")
    return frozenset(scopes)


def principal_from_claims(claims: Mapping[str, Any], default_scopes: frozenset[str]) -> Principal:
    """The principal of verified claims; ``sub`` must be a non-empty string."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip():
        raise InvalidToken("missing subject")
    return Principal(
        user_id=subject,
        scopes=scopes_from_claims(claims, default_scopes),
        claims=MappingProxyType(dict(claims)),
    )
