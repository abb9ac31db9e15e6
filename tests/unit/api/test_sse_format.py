"""The SSE wire format: event, one data line, id, CRLF; field values cannot break lines."""

from __future__ import annotations

from api.sse import HEARTBEAT, format_event


def test_an_event_with_an_id() -> None:
    assert (
        format_event("values", '{"a":1}', 7) == b'event: values\r\ndata: {"a":1}\r\nid: 7\r\n\r\n'
    )


def test_an_event_without_an_id() -> None:
    assert format_event("end", "{}") == b"event: end\r\ndata: {}\r\n\r\n"


def test_names_cannot_inject_lines() -> None:
    assert format_event("values\r\nevent: evil", "{}", "1\n2") == (
        b"event: valuesevent: evil\r\ndata: {}\r\nid: 12\r\n\r\n"
    )


def test_heartbeat_is_a_comment() -> None:
    assert HEARTBEAT.startswith(b":")
    assert HEARTBEAT.endswith(b"\r\n\r\n")
