"""What the input guard refuses (``api.ops.oddinput``), and what it lets through unchanged."""

from __future__ import annotations

import json

import pytest

from api.ops.oddinput import (
    MAX_DEPTH,
    body_problem,
    path_problem,
    query_problem,
)


@pytest.mark.parametrize(
    ("body", "loc", "message"),
    [
        (rb'{"title": "a\u0000b"}', ["body", "title"], "control character U+0000"),
        (rb'{"title": "a\ud800b"}', ["body", "title"], "lone surrogate U+D800"),
        (rb'{"t": "\udc00"}', ["body", "t"], "lone surrogate U+DC00"),
        (rb'{"m": [{"c": "\u001b"}]}', ["body", "m", 0, "c"], "control character U+001B"),
        (rb'{"m": {"a\u0000": 1}}', ["body", "m"], "a key of body.m must not contain"),
        (b'{"n": 1e999999999}', ["body", "n"], "body.n must be a finite number"),
        (b'{"n": -1e999}', ["body", "n"], "must be a finite number"),
        (b'{"n": NaN}', ["body", "n"], "must be a finite number"),
        (b'{"n": Infinity}', ["body", "n"], "must be a finite number"),
        (b'{"n": 9223372036854775808}', ["body", "n"], "must be an integer between"),
        (b'{"n": -' + b"9" * 5000 + b"}", ["body", "n"], "must be an integer between"),
        (b'"\xed\xa0\x80"', ["body"], "body must be UTF-8 encoded JSON"),
        (b"\xff", ["body"], "body must be UTF-8 encoded JSON"),
        (b"[" * 100000 + b"]" * 100000, ["body"], "nested more than"),
        (b"[" * (MAX_DEPTH + 2) + b"]" * (MAX_DEPTH + 2), ["body"], "nested more than"),
    ],
)
def test_odd_bodies_are_named(body: bytes, loc: list[str | int], message: str) -> None:
    problem = body_problem(body)
    assert problem is not None
    assert problem.error()["loc"] == loc
    assert message in problem.error()["msg"]
    json.dumps(problem.error(), ensure_ascii=False).encode()  # always encodable


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",  # FastAPI answers malformed JSON itself
        rb'{"title": "tab\there\nnew line\r\n", "emoji": "\ud83d\ude00 \u00e9"}',
        b'{"n": 9223372036854775807, "m": -9223372036854775807, "f": 1e308, "z": null}',
        b"[" * MAX_DEPTH + b"]" * MAX_DEPTH,
    ],
)
def test_ordinary_bodies_pass(body: bytes) -> None:
    assert body_problem(body) is None


@pytest.mark.parametrize(
    ("query", "loc", "message"),
    [
        (b"search=a%00b", ["query", "search"], "query.search must not contain a control"),
        (b"a%01=1", ["query"], "a query parameter name must not contain"),
        (b"tag=%ED%A0%80", ["query"], "the query string must be UTF-8"),
        (b"tag=%FF", ["query"], "the query string must be UTF-8"),
    ],
)
def test_odd_queries_are_named(query: bytes, loc: list[str], message: str) -> None:
    problem = query_problem(query)
    assert problem is not None
    assert problem.error()["loc"] == loc
    assert message in problem.error()["msg"]


def test_ordinary_queries_and_paths_pass() -> None:
    assert query_problem(b"search=caf%C3%A9+au+lait&tag=&sort=due") is None
    assert path_problem(b"/api/caf%C3%A9/tasks/3") is None


@pytest.mark.parametrize("path", [b"/threads/%00", b"/threads/%07", b"/threads/%ED%A0%80"])
def test_odd_paths_are_refused(path: bytes) -> None:
    problem = path_problem(path)
    assert problem is not None
    assert problem.error()["loc"] == ["path"]
