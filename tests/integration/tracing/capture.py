"""A stand-in LangSmith on a loopback port that records what the client sends.

It answers the endpoints the langsmith client calls when tracing: ``GET /info`` (once,
from the client's background thread; no compression flag, so runs come as plain
multipart), ``POST /runs/multipart`` (the default ingestion) and ``POST /runs/batch``
(the JSON fallback). With ``hang=True`` it reads each request and answers nothing
until it is stopped, like a LangSmith that accepts connections and then stalls.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

INFO = {
    "version": "0.10.0",
    "instance_flags": {},
    "batch_ingest_config": {
        "use_multipart_endpoint": True,
        "size_limit": 100,
        "size_limit_bytes": 20_971_520,
        "scale_up_qsize_trigger": 1000,
        "scale_up_nthreads_limit": 16,
        "scale_down_nempty_trigger": 4,
    },
}


@dataclass(frozen=True)
class Captured:
    method: str
    path: str
    content_type: str
    body: bytes

    def parts(self) -> dict[str, Any]:
        """A multipart body's parts by name (``post.<id>``, ``patch.<id>.outputs``, …)."""
        head = f"Content-Type: {self.content_type}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + self.body)
        parts: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            parts[str(name)] = json.loads(payload) if isinstance(payload, bytes) else None
        return parts


@dataclass
class CaptureServer:
    url: str
    requests: list[Captured] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def multipart_parts(self) -> dict[str, Any]:
        """Every part of every ``POST /runs/multipart`` received so far."""
        merged: dict[str, Any] = {}
        for request in self.requests:
            if request.method == "POST" and request.path == "/runs/multipart":
                merged.update(request.parts())
        return merged

    def runs(self) -> dict[str, dict[str, Any]]:
        """Each traced run by id: its post merged with its patch (fields and extras)."""
        runs: dict[str, dict[str, Any]] = {}
        for name, value in self.multipart_parts().items():
            kind, run_id, *extra = name.split(".")
            run = runs.setdefault(run_id, {})
            if extra:
                run[extra[0]] = value
            elif kind in {"post", "patch"}:
                run.update(value)
        return runs


def _handler(server: CaptureServer, hang: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _record(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = self.path.split("?", 1)[0]
            content_type = self.headers.get("Content-Type", "")
            server.requests.append(Captured(method, path, content_type, body))
            if hang:
                server.release.wait()
                self.close_connection = True
                return
            reply = json.dumps(INFO if path == "/info" else {}).encode()
            self.send_response(202 if path == "/runs/multipart" else 200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def do_GET(self) -> None:
            self._record("GET")

        def do_POST(self) -> None:
            self._record("POST")

        def do_PATCH(self) -> None:
            self._record("PATCH")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def capture_server(*, hang: bool = False) -> Iterator[CaptureServer]:
    """Serve on 127.0.0.1 (a free port) until the block exits; hung requests are then let go."""
    capture = CaptureServer(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(capture, hang))
    httpd.daemon_threads = True
    capture.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, name="langsmith-capture", daemon=True)
    thread.start()
    try:
        yield capture
    finally:
        capture.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
