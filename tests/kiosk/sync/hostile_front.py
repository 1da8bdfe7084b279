"""A hostile front for the real central server: an HTTP server on loopback that forwards
every request to the central server and relays its answer, except on the routes it is
told to make hostile, where it answers what no honest server would:

- ``huge``: an endless JSON body, no Content-Length (the client must cut it off);
- ``huge_declared``: a Content-Length of 64 MB (refused before reading);
- ``malformed``: JSON cut off in the middle;
- ``deep``: JSON arrays nested 100,000 levels deep;
- ``wrong_types``: valid JSON of the wrong shape and types;
- ``hang``: no answer at all, until the test ends (the client's timeout);
- ``drip``: a small body, one byte every 0.2 s (the client's deadline);
- ``drip_headers``: the status line and headers, one byte every 0.2 s (its watchdog);
- ``storm``: 500 with a problem document, every time.

Every request is recorded (method, path, status, and the kinds of events posted);
`wait_for` blocks on a condition notified at each one, never sleeps-and-polls.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

HUGE_LIMIT = 64 * 1024 * 1024  # the front stops there even if the client reads on
FORWARDED_HEADERS = ("Authorization", "If-None-Match", "Content-Type", "User-Agent")
RELAYED_HEADERS = ("ETag", "Content-Type", "Retry-After", "WWW-Authenticate")
BEHAVIOURS = (
    "huge",
    "huge_declared",
    "malformed",
    "deep",
    "wrong_types",
    "hang",
    "drip",
    "drip_headers",
    "storm",
)


@dataclass
class Seen:
    method: str
    path: str
    status: int  # 0 until answered; stays 0 when not (hang, or the client went away)
    kinds: list[str] = field(default_factory=list)  # POST /events: the kinds in the batch


class HostileFront:
    """Listens on 127.0.0.1 (a free port); forwards to the central server at host:port."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.hostile: dict[str, str] = {}  # "GET /api/v1/catalog" -> a behaviour
        self.seen: list[Seen] = []
        self.changed = threading.Condition()
        self.closing = threading.Event()
        front = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                front._handle(self, "GET")

            def do_POST(self) -> None:
                front._handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.closing.set()  # a hanging answer ends now
        self.server.shutdown()
        self.server.server_close()

    # -- what the test looks at -----------------------------------------------------------

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 30.0) -> bool:
        with self.changed:
            return self.changed.wait_for(predicate, timeout)

    def count(self, method: str, path: str) -> int:
        with self.changed:
            return sum(1 for s in self.seen if s.method == method and s.path == path)

    def posted_kinds(self) -> list[str]:
        """The kinds of events in the batches the server answered 200."""
        with self.changed:
            return [k for s in self.seen if s.status == 200 for k in s.kinds]

    def log(self) -> list[Seen]:
        with self.changed:
            return list(self.seen)

    def _record(self, seen: Seen) -> None:
        with self.changed:
            self.seen.append(seen)
            self.changed.notify_all()

    # -- answering --------------------------------------------------------------------------

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        path = urlsplit(h.path).path
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        kinds: list[str] = []
        if method == "POST" and path == "/api/v1/events" and body:
            kinds = [e.get("kind", "?") for e in json.loads(body).get("events", [])]
        behaviour = self.hostile.get(f"{method} {path}")
        seen = Seen(method, path, 0, kinds)
        self._record(seen)  # on arrival: a hanging request counts too
        try:
            if behaviour is None:
                status = self._forward(h, method, body)
            else:
                status = self._hostile(h, behaviour)
        except (BrokenPipeError, ConnectionResetError):
            return  # the terminal gave up on the answer, as it should
        with self.changed:
            seen.status = status
            self.changed.notify_all()

    def _forward(self, h: BaseHTTPRequestHandler, method: str, body: bytes) -> int:
        conn = http.client.HTTPConnection(*self.upstream, timeout=30)
        try:
            headers = {k: v for k in FORWARDED_HEADERS if (v := h.headers.get(k))}
            conn.request(method, h.path, body=body or None, headers=headers)
            answer = conn.getresponse()
            data = answer.read()
            h.send_response(answer.status)
            for name in RELAYED_HEADERS:
                if (value := answer.getheader(name)) is not None:
                    h.send_header(name, value)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
            return answer.status
        finally:
            conn.close()

    def _hostile(self, h: BaseHTTPRequestHandler, behaviour: str) -> int:
        if behaviour == "hang":
            self.closing.wait(60)
            h.close_connection = True
            return 0
        if behaviour == "storm":
            return _send(h, 500, b'{"detail": "internal error"}')
        if behaviour == "malformed":
            return _send(h, 200, b'{"version": "abc", "files": {"a.toml": "id = ')
        if behaviour == "deep":
            return _send(h, 200, b"[" * 100_000 + b"]" * 100_000)
        if behaviour == "wrong_types":
            wrong = {"version": ["x"], "files": [1, 2], "cursor": "7", "calls": {"id": 1}}
            wrong["calendar"] = 5
            return _send(h, 200, json.dumps(wrong).encode(), etag='"wrong"')
        if behaviour == "huge_declared":
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(HUGE_LIMIT))
            h.end_headers()
            h.wfile.write(b'{"version": "huge", "files": {"a.toml": "')
            h.close_connection = True
            return 200
        if behaviour == "huge":
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Connection", "close")
            h.end_headers()
            h.close_connection = True
            h.wfile.write(b'{"version": "huge", "files": {"a.toml": "')
            chunk = b"a" * 65536
            for _ in range(HUGE_LIMIT // len(chunk)):
                if self.closing.is_set():
                    break
                h.wfile.write(chunk)
            return 200
        if behaviour == "drip":
            data = b'{"version": "drip", "files": {}}' + b" " * 200
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            for i in range(len(data)):
                if self.closing.wait(0.2):  # the slow server itself, not the test waiting
                    break
                h.wfile.write(data[i : i + 1])
                h.wfile.flush()
            return 200
        if behaviour == "drip_headers":
            head = b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 2000 + b"\r\n"
            for i in range(len(head)):
                if self.closing.wait(0.2):
                    break
                h.wfile.write(head[i : i + 1])
                h.wfile.flush()
            h.close_connection = True
            return 200
        raise ValueError(f"unknown behaviour {behaviour!r}")


def _send(h: BaseHTTPRequestHandler, status: int, data: bytes, etag: str | None = None) -> int:
    h.send_response(status)
    h.send_header("Content-Type", "application/json")
    if etag is not None:
        h.send_header("ETag", etag)
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)
    return status
