"""The per-user token bucket, on a fake clock."""

from __future__ import annotations

import pytest

from api.ops import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_burst_then_refill_at_the_rate(clock: Clock) -> None:
    limiter = RateLimiter(per_minute=6, burst=3, clock=clock)  # a token every 10 s
    assert [limiter.take("alice") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("alice") == pytest.approx(10.0)
    clock.now += 4
    assert limiter.take("alice") == pytest.approx(6.0)
    clock.now += 6
    assert limiter.take("alice") == 0.0
    assert limiter.take("alice") == pytest.approx(10.0)


def test_refill_never_exceeds_the_burst(clock: Clock) -> None:
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock)
    limiter.take("alice")
    clock.now += 3600
    assert [limiter.take("alice") for _ in range(2)] == [0.0, 0.0]
    assert limiter.take("alice") > 0


def test_users_have_their_own_buckets(clock: Clock) -> None:
    limiter = RateLimiter(per_minute=1, burst=1, clock=clock)
    assert limiter.take("alice") == 0.0
    assert limiter.take("alice") == pytest.approx(60.0)
    assert limiter.take("bob") == 0.0


def test_zero_rate_turns_the_limit_off(clock: Clock) -> None:
    limiter = RateLimiter(per_minute=0, burst=1, clock=clock)
    assert not limiter.enabled
    assert all(limiter.take("alice") == 0.0 for _ in range(100))


def test_memory_stays_bounded(clock: Clock) -> None:
    limiter = RateLimiter(per_minute=60, burst=1, clock=clock, max_keys=3)
    for user in ("a", "b", "c"):
        limiter.take(user)
    clock.now += 0.5  # nobody has refilled: the oldest is dropped to make room
    limiter.take("d")
    assert limiter.take("a") == 0.0  # forgotten, so it starts full again
    assert limiter.take("d") > 0  # still remembered
    clock.now += 10  # everyone refilled: all can be forgotten
    limiter.take("e")
    assert len(limiter._buckets) <= 3
