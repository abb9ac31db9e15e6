"""A stand-in LangSmith that keeps datasets, examples and experiments, for ``eval --langsmith``.

Like ``capture.py`` it listens on a loopback port and records every request, and it answers
the tracing endpoints the same way; it also keeps what the client creates, as the real
service does, so the client's reads find it again: datasets (``/datasets``), examples
(``/examples``, ``/examples/bulk``), experiments (``/sessions``) and feedback
(``/feedback``). Only the fields the langsmith client reads back are filled in.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.integration.tracing.capture import INFO, Captured, CaptureServer

TENANT = "00000000-0000-4000-8000-000000000001"


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class LangSmithStandIn(CaptureServer):
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)
    examples: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    feedback: list[dict[str, Any]] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Any:
        """The JSON reply, or None for a path this stand-in does not know (404)."""
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/info":
            return INFO
        if parts[0] == "datasets":
            return self._datasets(method, parts[1:], query, body)
        if parts[0] == "examples":
            return self._examples(method, parts[1:], query, body)
        if parts[0] == "sessions":
            return self._sessions(method, parts[1:], query, body)
        if method == "POST" and path == "/feedback":
            self.feedback.append(body)
            return {"id": body.get("id") or str(uuid.uuid4())}
        if method in {"POST", "PATCH"} and parts[0] == "runs":
            return {}
        return None

    def _datasets(
        self, method: str, rest: list[str], query: dict[str, list[str]], body: Any
    ) -> Any:
        if method == "POST" and not rest:
            dataset = {
                "id": str(uuid.uuid4()),
                "name": body["name"],
                "description": body.get("description"),
                "data_type": body.get("data_type", "kv"),
                "created_at": _now(),
                "modified_at": _now(),
                "tenant_id": TENANT,
                "example_count": 0,
            }
            self.datasets[dataset["id"]] = dataset
            return dataset
        if method == "GET" and not rest:
            names = query.get("name")
            return [d for d in self.datasets.values() if not names or d["name"] in names]
        if method == "GET" and len(rest) == 1:
            return self.datasets.get(rest[0])
        return None

    def _examples(
        self, method: str, rest: list[str], query: dict[str, list[str]], body: Any
    ) -> Any:
        if rest == ["bulk"] and method == "POST":
            created = []
            for item in body:
                example = {**item, "id": str(item.get("id") or uuid.uuid4())}
                example.update(created_at=_now(), modified_at=_now())
                self.examples[example["id"]] = example
                created.append(example)
            return created
        if rest == ["bulk"] and method == "PATCH":
            for item in body:
                self.examples[str(item["id"])].update(
                    {k: v for k, v in item.items() if k != "id"}, modified_at=_now()
                )
            return {"count": len(body)}
        if method == "GET" and not rest:
            wanted = set(query.get("id", []))
            datasets = set(query.get("dataset", []))
            found = [
                e
                for e in self.examples.values()
                if (not wanted or e["id"] in wanted)
                and (not datasets or e["dataset_id"] in datasets)
            ]
            offset = int(query.get("offset", ["0"])[0])
            return found[offset : offset + int(query.get("limit", ["100"])[0])]
        return None

    def _sessions(
        self, method: str, rest: list[str], query: dict[str, list[str]], body: Any
    ) -> Any:
        if method == "POST" and not rest:
            session = {
                **body,
                "id": str(body.get("id") or uuid.uuid4()),
                "tenant_id": TENANT,
                "start_time": body.get("start_time") or _now(),
            }
            self.sessions[session["id"]] = session
            return session
        if method == "GET" and not rest:
            names = query.get("name")
            return [s for s in self.sessions.values() if not names or s["name"] in names]
        if len(rest) == 1 and rest[0] in self.sessions:
            if method == "PATCH":
                changes = {k: v for k, v in (body or {}).items() if v is not None}
                self.sessions[rest[0]].update(changes)
            return self.sessions[rest[0]]
        return None


def _handler(server: LangSmithStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            content_type = self.headers.get("Content-Type", "")
            with server.lock:
                server.requests.append(Captured(method, url.path, content_type, raw))
                body = json.loads(raw) if raw and "json" in content_type else None
                reply = server.answer(method, url.path, parse_qs(url.query), body)
                if reply is None:
                    server.unanswered.append(f"{method} {url.path}")
            status = 404 if reply is None else 202 if url.path == "/runs/multipart" else 200
            data = json.dumps({"detail": "Not found"} if reply is None else reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PATCH(self) -> None:
            self._serve("PATCH")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def langsmith_stand_in() -> Iterator[LangSmithStandIn]:
    """Serve on 127.0.0.1 (a free port) until the block exits."""
    stand_in = LangSmithStandIn(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    httpd.daemon_threads = True
    stand_in.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, name="langsmith-stand-in", daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
