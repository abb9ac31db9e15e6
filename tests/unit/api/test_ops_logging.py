"""Request ids (accepted or replaced) and the JSON log lines that carry them."""

from __future__ import annotations

import json
import logging
import logging.config
import re
import sys

import pytest

from api.ops import JsonFormatter, RequestIdFilter, current_request_id, log_config
from api.ops.requestid import accept_request_id, bind_request_id, reset_request_id
from settings import Settings


@pytest.mark.parametrize(
    "value",
    ["0f1e2d3c4b5a69788796a5b4c3d2e1f0", "req-2024.01:abc_DEF", "01HZX3J8K9M2N4P6Q8R0S2T4V6"],
)
def test_sane_ids_are_kept(value: str) -> None:
    assert accept_request_id(value) == value


@pytest.mark.parametrize(
    "value", [None, "", "short", "with space 123", "new\nline12345", "x" * 129, "-leading-dash1"]
)
def test_other_ids_are_replaced(value: str | None) -> None:
    replaced = accept_request_id(value)
    assert replaced != value
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def _record(message: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("tests.ops", logging.INFO, __file__, 1, message, None, None)
    record.__dict__.update(extra)
    return record


def test_json_line_carries_the_current_request_id_and_extras() -> None:
    token = bind_request_id("req-12345678")
    try:
        assert current_request_id() == "req-12345678"
        record = _record("turn %s", status=200)
        record.args = ("done",)
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        reset_request_id(token)
    assert current_request_id() is None
    assert line["message"] == "turn done"
    assert line["request_id"] == "req-12345678"
    assert line["status"] == 200
    assert (line["level"], line["logger"]) == ("INFO", "tests.ops")
    assert line["time"].endswith("+00:00")


def test_json_line_outside_a_request_and_with_an_error() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record("failed")
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] is None
    assert "ValueError: boom" in line["error"]


def test_log_config_is_a_valid_dict_config() -> None:
    config = log_config(Settings(_env_file=None, log_level="warning"))  # type: ignore[call-arg]
    # Build the pieces the way dictConfig would, without touching this process's logging.
    configurator = logging.config.DictConfigurator(config)
    formatter = configurator.configure_custom(dict(config["formatters"]["default"]))
    assert isinstance(formatter, JsonFormatter)
    assert config["root"]["level"] == "WARNING"
    assert config["loggers"]["uvicorn.access"]["propagate"] is False
