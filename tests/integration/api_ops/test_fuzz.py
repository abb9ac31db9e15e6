"""A slice of ``make fuzz`` in the suite: schemathesis against the chat server on
PostgreSQL (where NUL, lone surrogates and 64-bit numbers used to be 500s), fails on any
server error. Bounded and repeatable: the fuzzing phase only, schema-valid data only
(the negative generator spends most of its time rejecting its own path strings), 20
cases an operation, a fixed seed; about 20 s. On the code before the input guard this
seed finds the 500 of a task whose parent_id does not fit 32 bits."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.app import create_app
from api.auth import mint_dev_token
from tests.integration.server.support import server_settings
from tests.support.fuzz import USER, fuzz
from tests.support.threaded import serve_in_thread

pytestmark = pytest.mark.postgres

SEED = 1
MAX_EXAMPLES = 20


def test_fuzzing_finds_no_server_error(tmp_path: Path, postgres_url: str) -> None:
    settings = server_settings(tmp_path, database_url=postgres_url, rate_limit_per_minute=0)
    token = mint_dev_token(settings, USER)
    with serve_in_thread(create_app(settings)) as url:
        report = fuzz(
            url,
            token,
            max_examples=MAX_EXAMPLES,
            seed=SEED,
            phases="fuzzing",
            mode="positive",
            quiet=True,
        )
    assert report.server_errors == [], "\n".join(report.server_errors)
    assert report.cases > 300  # it did fuzz: every operation, many cases each
