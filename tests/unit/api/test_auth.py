"""Sign-in verification: the refusal matrix, the good tokens, and the JWKS over real HTTP.

The JWKS is served by a small ``http.server`` on 127.0.0.1 started per test; the cache's
clock is a fake the tests advance, so TTLs and rate limits are checked without sleeping.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm
from pydantic import SecretStr

from api.auth import InvalidToken, KeysUnavailable, Principal, TokenVerifier
from settings import Settings

SECRET = "a-test-better-auth-secret-of-more-than-32-bytes"
ISSUER = "https://auth.example.test"
AUDIENCE = "https://chat.example.test"
DEFAULT_SCOPES = frozenset({"tasks:read", "tasks:write", "chat"})
TTL = 300.0
INTERVAL = 30.0
REMOVE = object()


# --- the JWKS server ------------------------------------------------------------------------


class JwksServer:
    """Serves ``document`` as the JWKS; ``mode`` makes it fail or hang; counts the requests."""

    def __init__(self) -> None:
        self.document: dict[str, Any] = {"keys": []}
        self.mode: Literal["ok", "error", "garbage", "hang"] = "ok"
        self.requests = 0
        self.release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/api/auth/jwks"

    def publish(self, *jwks: dict[str, Any]) -> None:
        self.document = {"keys": list(jwks)}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests += 1
                if owner.mode == "hang":
                    owner.release.wait()
                    return
                status, body = 200, json.dumps(owner.document).encode()
                if owner.mode == "error":
                    status, body = 500, b"upstream down"
                elif owner.mode == "garbage":
                    body = b"<html>not a key set</html>"
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    def __enter__(self) -> JwksServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# --- keys and tokens ------------------------------------------------------------------------


@dataclass(frozen=True)
class Keys:
    ed: ed25519.Ed25519PrivateKey
    ed_2: ed25519.Ed25519PrivateKey
    rsa: rsa.RSAPrivateKey
    ec: ec.EllipticCurvePrivateKey

    def jwk(self, kid: str) -> dict[str, Any]:
        """The public JWK published for ``kid`` (as Better Auth publishes: kid, alg, use)."""
        if kid == "rsa-1":
            data, alg = RSAAlgorithm.to_jwk(self.rsa.public_key(), as_dict=True), "RS256"
        elif kid == "ec-1":
            data, alg = ECAlgorithm.to_jwk(self.ec.public_key(), as_dict=True), "ES256"
        else:
            key = self.ed if kid == "ed-1" else self.ed_2
            data, alg = OKPAlgorithm.to_jwk(key.public_key(), as_dict=True), "EdDSA"
        return {**data, "kid": kid, "alg": alg, "use": "sig"}

    def sign(self, kid: str, claims: dict[str, Any], alg: str | None = None) -> str:
        private: Any = {"rsa-1": self.rsa, "ec-1": self.ec, "ed-1": self.ed}.get(kid, self.ed_2)
        default = {"rsa-1": "RS256", "ec-1": "ES256"}.get(kid, "EdDSA")
        return jwt.encode(claims, private, algorithm=alg or default, headers={"kid": kid})


@pytest.fixture(scope="session")
def keys() -> Keys:
    return Keys(
        ed=ed25519.Ed25519PrivateKey.generate(),
        ed_2=ed25519.Ed25519PrivateKey.generate(),
        rsa=rsa.generate_private_key(public_exponent=65537, key_size=2048),
        ec=ec.generate_private_key(ec.SECP256R1()),
    )


def claims(**changes: object) -> dict[str, Any]:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "sub": "alice",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=10),
    }
    for name, value in changes.items():
        if value is REMOVE:
            values.pop(name, None)
        else:
            values[name] = value
    return values


def hs256(payload: dict[str, Any], secret: str = SECRET) -> str:
    return jwt.encode(payload, secret, algorithm="HS256")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _json(payload: dict[str, Any]) -> bytes:
    body = {k: int(v.timestamp()) if isinstance(v, datetime) else v for k, v in payload.items()}
    return json.dumps(body).encode()


def swap_payload(token: str, payload: dict[str, Any]) -> str:
    header, _, signature = token.split(".")
    return f"{header}.{_b64(_json(payload))}.{signature}"


def forge(header: dict[str, Any], payload: dict[str, Any], mac_key: bytes | None) -> str:
    """A token assembled by hand: HMAC-SHA256 over it with ``mac_key``, or no signature."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(_json(payload))}"
    signature = b"" if mac_key is None else hmac.digest(mac_key, signing_input.encode(), "sha256")
    return f"{signing_input}.{_b64(signature)}"


# --- fixtures -------------------------------------------------------------------------------


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "better_auth_secret": SecretStr(SECRET),
        "jwks_url": None,
        "jwt_issuer": ISSUER,
        "jwt_audience": AUDIENCE,
        "default_scopes": " ".join(sorted(DEFAULT_SCOPES)),
        "jwks_cache_ttl_seconds": TTL,
        "jwks_refetch_interval_seconds": INTERVAL,
        "jwks_timeout_seconds": 0.5,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def server(keys: Keys) -> Iterator[JwksServer]:
    with JwksServer() as running:
        running.publish(keys.jwk("ed-1"), keys.jwk("rsa-1"), keys.jwk("ec-1"))
        yield running


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def verifier(server: JwksServer, clock: FakeClock) -> TokenVerifier:
    return TokenVerifier.from_settings(make_settings(jwks_url=server.url), clock=clock)


async def refusal(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(InvalidToken) as refused:
        await verifier.verify(token)
    return refused.value.reason


# --- the refusal matrix ---------------------------------------------------------------------

Forger = Callable[[Keys], str]

REFUSALS: dict[str, tuple[Forger, str]] = {
    "no token": (lambda k: "", "missing bearer token"),
    "not a jwt": (lambda k: "not-a-token", "malformed token"),
    "three junk segments": (lambda k: "abc.def.ghi", "malformed token"),
    "hs256 wrong secret": (lambda k: hs256(claims(), "x" * 40), "invalid signature"),
    "eddsa foreign key": (
        lambda k: jwt.encode(
            claims(), ed25519.Ed25519PrivateKey.generate(), "EdDSA", headers={"kid": "ed-1"}
        ),
        "invalid signature",
    ),
    "payload swapped under a good signature": (
        lambda k: swap_payload(k.sign("ed-1", claims()), claims(sub="mallory")),
        "invalid signature",
    ),
    "alg none": (
        lambda k: forge({"alg": "none", "typ": "JWT"}, claims(), None),
        "unsupported algorithm",
    ),
    "alg None, kid set": (
        lambda k: forge({"alg": "None", "kid": "ed-1"}, claims(), None),
        "unsupported algorithm",
    ),
    "alg HS512": (lambda k: jwt.encode(claims(), SECRET * 2, "HS512"), "unsupported algorithm"),
    "alg PS256 on an RSA kid": (
        lambda k: jwt.encode(claims(), k.rsa, "PS256", headers={"kid": "rsa-1"}),
        "unsupported algorithm",
    ),
    "expired": (
        lambda k: hs256(claims(exp=datetime.now(UTC) - timedelta(minutes=2))),
        "token expired",
    ),
    "expired eddsa": (
        lambda k: k.sign("ed-1", claims(exp=datetime.now(UTC) - timedelta(minutes=2))),
        "token expired",
    ),
    "nbf in the future": (
        lambda k: hs256(claims(nbf=datetime.now(UTC) + timedelta(minutes=2))),
        "token not yet valid",
    ),
    "iat in the future": (
        lambda k: hs256(claims(iat=datetime.now(UTC) + timedelta(minutes=2))),
        "token not yet valid",
    ),
    "no exp": (lambda k: hs256(claims(exp=REMOVE)), "invalid token"),
    "wrong audience": (
        lambda k: hs256(claims(aud="https://other.example.test")),
        "invalid audience",
    ),
    "no audience": (lambda k: k.sign("ed-1", claims(aud=REMOVE)), "invalid audience"),
    "wrong issuer": (
        lambda k: k.sign("rsa-1", claims(iss="https://evil.example.test")),
        "invalid issuer",
    ),
    "no issuer": (lambda k: hs256(claims(iss=REMOVE)), "invalid issuer"),
    "no sub": (lambda k: hs256(claims(sub=REMOVE)), "missing subject"),
    "empty sub": (lambda k: k.sign("ec-1", claims(sub="")), "missing subject"),
    "blank sub": (lambda k: hs256(claims(sub="  ")), "missing subject"),
    "numeric sub": (lambda k: hs256(claims(sub=42)), "missing subject"),
    "scope of the wrong shape": (lambda k: hs256(claims(scope=7)), "invalid token"),
    "unknown kid": (lambda k: k.sign("ed-9", claims()), "unknown signing key"),
    "jwks alg without kid": (
        lambda k: jwt.encode(claims(), k.ed, algorithm="EdDSA"),
        "unknown signing key",
    ),
    "RS256 header on the EdDSA kid": (
        lambda k: jwt.encode(claims(), k.rsa, "RS256", headers={"kid": "ed-1"}),
        "unsupported algorithm",
    ),
    "ES256 header on the RSA kid": (
        lambda k: jwt.encode(claims(), k.ec, "ES256", headers={"kid": "rsa-1"}),
        "unsupported algorithm",
    ),
    # HS/RS confusion: the RSA public key (PEM or DER) used as the HMAC secret.
    "HS256 signed with the RSA public key PEM": (
        lambda k: forge(
            {"alg": "HS256", "typ": "JWT", "kid": "rsa-1"},
            claims(),
            k.rsa.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ),
        ),
        "invalid signature",
    ),
    "HS256 signed with the RSA public key DER": (
        lambda k: forge(
            {"alg": "HS256"},
            claims(),
            k.rsa.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            ),
        ),
        "invalid signature",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
async def test_refuses(case: str, keys: Keys, verifier: TokenVerifier) -> None:
    forger, reason = REFUSALS[case]
    assert await refusal(verifier, forger(keys)) == reason


async def test_hs256_is_refused_when_only_the_jwks_is_trusted(
    keys: Keys, server: JwksServer, clock: FakeClock
) -> None:
    jwks_only = TokenVerifier.from_settings(
        make_settings(environment="production", **_production(), jwks_url=server.url),
        clock=clock,
    )
    assert await refusal(jwks_only, hs256(claims())) == "unsupported algorithm"
    public_pem = keys.rsa.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    confused = forge({"alg": "HS256", "kid": "rsa-1"}, claims(), public_pem)
    assert await refusal(jwks_only, confused) == "unsupported algorithm"
    assert (await jwks_only.verify(keys.sign("ed-1", claims()))).user_id == "alice"


async def test_symmetric_keys_in_the_jwks_are_never_used(
    keys: Keys, server: JwksServer, verifier: TokenVerifier
) -> None:
    shared = b"an-oct-key-published-in-the-jwks-0123456789"
    server.publish(keys.jwk("ed-1"), {"kty": "oct", "kid": "sym", "k": _b64(shared)})
    as_hs256 = forge({"alg": "HS256", "kid": "sym"}, claims(), shared)
    assert await refusal(verifier, as_hs256) == "invalid signature"
    as_eddsa = forge({"alg": "EdDSA", "kid": "sym"}, claims(), shared)
    assert await refusal(verifier, as_eddsa) == "unknown signing key"


async def test_a_private_key_published_by_mistake_is_ignored(
    keys: Keys, server: JwksServer, verifier: TokenVerifier
) -> None:
    leaked = OKPAlgorithm.to_jwk(keys.ed_2, as_dict=True)
    server.publish({**leaked, "kid": "ed-2", "alg": "EdDSA"})
    assert await refusal(verifier, keys.sign("ed-2", claims())) == "unknown signing key"


# --- good tokens ----------------------------------------------------------------------------


async def test_good_hs256_token_gives_the_user_default_scopes(verifier: TokenVerifier) -> None:
    principal = await verifier.verify(hs256(claims(email="alice@example.test")))
    assert principal == Principal("alice", DEFAULT_SCOPES)
    assert principal.claims["email"] == "alice@example.test"
    assert principal.has("tasks:write")
    assert not principal.has("admin")


@pytest.mark.parametrize("kid", ["ed-1", "rsa-1", "ec-1"])
async def test_good_jwks_tokens(kid: str, keys: Keys, verifier: TokenVerifier) -> None:
    principal = await verifier.verify(keys.sign(kid, claims(sub=f"user-{kid}")))
    assert principal.user_id == f"user-{kid}"
    assert principal.scopes == DEFAULT_SCOPES


async def test_expiry_within_the_leeway_is_accepted(keys: Keys, verifier: TokenVerifier) -> None:
    just_expired = claims(exp=datetime.now(UTC) - timedelta(seconds=5))
    assert (await verifier.verify(keys.sign("ed-1", just_expired))).user_id == "alice"


@pytest.mark.parametrize(
    ("scope_claims", "expected"),
    [
        ({"scope": "tasks:read chat"}, {"tasks:read", "chat"}),
        ({"scopes": ["tasks:read"]}, {"tasks:read"}),
        ({"permissions": ["admin"], "scope": "chat"}, {"admin", "chat"}),
        ({"scope": ""}, set()),
        ({"permissions": []}, set()),
    ],
)
async def test_a_token_with_scopes_gets_exactly_those(
    scope_claims: dict[str, Any], expected: set[str], keys: Keys, verifier: TokenVerifier
) -> None:
    principal = await verifier.verify(keys.sign("ed-1", claims(**scope_claims)))
    assert principal.scopes == frozenset(expected)


async def test_issuer_and_audience_are_not_checked_when_not_configured(
    keys: Keys, server: JwksServer, clock: FakeClock
) -> None:
    lenient = TokenVerifier.from_settings(
        make_settings(jwks_url=server.url, jwt_issuer=None, jwt_audience=None), clock=clock
    )
    token = keys.sign(
        "ed-1", claims(iss="https://any.example.test", aud="https://any.example.test")
    )
    assert (await lenient.verify(token)).user_id == "alice"


# --- key rotation and the JWKS endpoint -----------------------------------------------------


async def test_keys_are_fetched_once_and_cached(
    keys: Keys, server: JwksServer, verifier: TokenVerifier
) -> None:
    for kid in ["ed-1", "rsa-1", "ec-1", "ed-1"]:
        await verifier.verify(keys.sign(kid, claims()))
    assert server.requests == 1


async def test_a_new_kid_is_accepted_after_one_rate_limited_refetch(
    keys: Keys, server: JwksServer, verifier: TokenVerifier, clock: FakeClock
) -> None:
    await verifier.verify(keys.sign("ed-1", claims()))
    server.publish(keys.jwk("ed-1"), keys.jwk("ed-2"))
    rotated = keys.sign("ed-2", claims(sub="bob"))

    clock.advance(INTERVAL / 2)
    assert await refusal(verifier, rotated) == "unknown signing key"
    assert server.requests == 1  # too soon after the last fetch: refused without fetching

    clock.advance(INTERVAL / 2)
    assert (await verifier.verify(rotated)).user_id == "bob"
    assert server.requests == 2


async def test_forged_kids_cost_one_fetch_per_interval(
    keys: Keys, server: JwksServer, verifier: TokenVerifier, clock: FakeClock
) -> None:
    await verifier.verify(keys.sign("ed-1", claims()))
    clock.advance(INTERVAL)
    forged = [forge({"alg": "EdDSA", "kid": f"forged-{i}"}, claims(), None) for i in range(5)]
    results = await asyncio.gather(*map(verifier.verify, forged), return_exceptions=True)
    assert all(isinstance(r, InvalidToken) and r.reason == "unknown signing key" for r in results)
    assert server.requests == 2


async def test_concurrent_requests_for_a_new_kid_share_one_fetch(
    keys: Keys, server: JwksServer, verifier: TokenVerifier, clock: FakeClock
) -> None:
    await verifier.verify(keys.sign("ed-1", claims()))
    server.publish(keys.jwk("ed-2"))
    clock.advance(INTERVAL)
    token = keys.sign("ed-2", claims())
    principals = await asyncio.gather(*(verifier.verify(token) for _ in range(5)))
    assert {p.user_id for p in principals} == {"alice"}
    assert server.requests == 2


async def test_a_removed_key_is_refused_once_the_cache_expires(
    keys: Keys, server: JwksServer, verifier: TokenVerifier, clock: FakeClock
) -> None:
    token = keys.sign("ed-1", claims())
    await verifier.verify(token)
    server.publish(keys.jwk("ed-2"))

    clock.advance(TTL - 1)
    assert (await verifier.verify(token)).user_id == "alice"  # still cached
    assert server.requests == 1

    clock.advance(1)
    assert await refusal(verifier, token) == "unknown signing key"
    assert server.requests == 2


@pytest.mark.parametrize("mode", ["error", "garbage"])
async def test_a_failing_jwks_is_a_clear_refusal(
    mode: Literal["error", "garbage"], keys: Keys, server: JwksServer, verifier: TokenVerifier
) -> None:
    server.mode = mode
    with pytest.raises(KeysUnavailable) as refused:
        await verifier.verify(keys.sign("ed-1", claims()))
    assert refused.value.reason == "signing keys unavailable"
    assert refused.value.retry_after == INTERVAL


async def test_a_hanging_jwks_times_out_instead_of_hanging(
    keys: Keys, server: JwksServer, verifier: TokenVerifier
) -> None:
    server.mode = "hang"
    async with asyncio.timeout(10):  # a guard: the verifier's own timeout is 0.5 s
        with pytest.raises(KeysUnavailable):
            await verifier.verify(keys.sign("ed-1", claims()))
    assert server.requests == 1


async def test_an_unreachable_jwks_fails_fast_then_recovers(
    keys: Keys, server: JwksServer, verifier: TokenVerifier, clock: FakeClock
) -> None:
    server.mode = "error"
    token = keys.sign("ed-1", claims())
    with pytest.raises(KeysUnavailable):
        await verifier.verify(token)

    clock.advance(INTERVAL / 3)
    with pytest.raises(KeysUnavailable) as again:
        await verifier.verify(token)
    assert again.value.retry_after == 20
    assert server.requests == 1  # backed off: no request while the interval runs
    assert (await verifier.verify(hs256(claims()))).user_id == "alice"  # the secret still works

    server.mode = "ok"
    clock.advance(INTERVAL)
    assert (await verifier.verify(token)).user_id == "alice"
    assert server.requests == 2


async def test_a_closed_port_is_a_clear_refusal(keys: Keys, clock: FakeClock) -> None:
    with JwksServer() as gone:
        url = gone.url
    verifier = TokenVerifier.from_settings(make_settings(jwks_url=url), clock=clock)
    with pytest.raises(KeysUnavailable):
        await verifier.verify(keys.sign("ed-1", claims()))


def _production() -> dict[str, Any]:
    return {"mcp_token_secret": SecretStr("m" * 40), "better_auth_secret": None}
