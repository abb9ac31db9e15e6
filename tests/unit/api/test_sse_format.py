"""The SSE wire format: id, event, one data line, CRLF; field values cannot break lines."""

from __future__ import annotations

from api.sse import heartbeat, server_sent
from runstore import RunEvent


def test_a_run_event_carries_its_sequence_number_as_id() -> None:
    event = server_sent(RunEvent(seq=7, event="values", data='{"a":1}'))
    assert event.encode() == b'id: 7\r\nevent: values\r\ndata: {"a":1}\r\n\r\n'


def test_names_cannot_inject_lines() -> None:
    event = server_sent(RunEvent(seq=1, event="values\r\nevent: evil", data="{}"))
    assert event.encode() == b"id: 1\r\nevent: valuesevent: evil\r\ndata: {}\r\n\r\n"


def test_heartbeat_is_a_comment() -> None:
    assert heartbeat().encode() == b": heartbeat\r\n\r\n"
