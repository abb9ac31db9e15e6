"""How often the kept-session pool sweeps, from its idle time."""

from __future__ import annotations

import pytest

from mcpclient.pool import MAX_SWEEP_INTERVAL, SessionPool, sweep_interval


@pytest.mark.parametrize(
    ("idle", "interval"), [(2.0, 1.0), (0.5, 0.25), (60.0, 30.0), (300.0, MAX_SWEEP_INTERVAL)]
)
def test_a_short_idle_time_is_swept_often_enough(idle: float, interval: float) -> None:
    assert sweep_interval(idle) == interval
    assert idle + sweep_interval(idle) <= max(1.5 * idle, idle + MAX_SWEEP_INTERVAL)


def test_a_pool_holds_at_least_one_session() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SessionPool(max_sessions=0)
