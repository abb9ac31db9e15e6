"""Which algorithms we accept, and which JWKs may verify them.

HS256 is for the shared secret only; EdDSA, RS256 and ES256 are for JWKS keys only, and a
key verifies only the algorithm its type implies (OKP → EdDSA, RSA → RS256, EC P-256 →
ES256). Symmetric (``oct``) keys, private keys and encryption keys in a JWKS are ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from jwt import PyJWK, PyJWTError

SHARED_SECRET_ALGORITHM = "HS256"
JWKS_ALGORITHMS = frozenset({"EdDSA", "RS256", "ES256"})

_OKP_CURVES = frozenset({"Ed25519", "Ed448"})
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "k"})

logger = logging.getLogger(__name__)


def algorithm_for_jwk(jwk: Mapping[str, Any]) -> str | None:
    """The one allowed algorithm this JWK may verify, or None when it may verify none."""
    kty, crv, declared = jwk.get("kty"), jwk.get("crv"), jwk.get("alg")
    if kty == "OKP" and crv in _OKP_CURVES:
        algorithm = "EdDSA"
    elif kty == "EC" and crv == "P-256":
        algorithm = "ES256"
    elif kty == "RSA":
        algorithm = "RS256"
    else:
        return None
    if declared is not None and declared != algorithm:
        return None
    return algorithm


def parse_jwks(document: object) -> dict[str, PyJWK]:
    """The usable public signing keys of a JWK Set by ``kid`` (the first wins on a repeat).

    Raises ``ValueError`` when ``document`` is not a JWK Set at all; unusable members
    are skipped so that one odd key does not lock everyone out.
    """
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JWK Set")
    keys: dict[str, PyJWK] = {}
    for jwk in document["keys"]:
        key = _signing_key(jwk)
        if key is not None:
            keys.setdefault(key[0], key[1])
    return keys


def _signing_key(jwk: object) -> tuple[str, PyJWK] | None:
    if not isinstance(jwk, dict):
        return None
    kid = jwk.get("kid")
    if not isinstance(kid, str) or not kid:
        return None
    if jwk.get("use", "sig") != "sig" or _PRIVATE_MEMBERS & jwk.keys():
        logger.warning("JWKS key %r skipped: not a public signing key", kid)
        return None
    algorithm = algorithm_for_jwk(jwk)
    if algorithm is None:
        logger.warning("JWKS key %r skipped: key type or algorithm not allowed", kid)
        return None
    try:
        return kid, PyJWK(jwk, algorithm=algorithm)
    except PyJWTError:
        logger.warning("JWKS key %r skipped: not a valid key", kid)
        return None
