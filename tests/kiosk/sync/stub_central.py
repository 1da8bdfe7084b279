"""A scripted stand-in for the central server on loopback, for the worker's unit tests.

It speaks the protocol's shapes (docs/sync-protocol.md) over real HTTP, stores each event
id once like the real server, and can be told to answer the next requests with a given
status and headers. Every request is recorded; `wait_for` blocks on a condition rather
than sleeping.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Gate:
    """Holds one request on the server: `arrived` once it is there, answered on `release`."""

    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


@dataclass
class Scripted:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


class StubCentral:
    """Accepts events (once per id), serves catalog, calendar, help calls and tickets."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.requests: list[Recorded] = []
        self.stored: dict[str, dict[str, Any]] = {}  # event id -> event, in arrival order
        self.reject_kinds: set[str] = set()
        self.script: list[Scripted] = []  # answered before anything else, first first
        self.catalog: dict[str, Any] | None = None
        self.calendar: dict[str, Any] | None = None
        self.help_calls: list[dict[str, Any]] = []
        self.staff: dict[str, Any] | None = None  # GET /staff's body (None: 404)
        self.in_service: list[int] | None = None  # GET /terminals/in-service (None: 404)
        self.date: str | None = None  # the Date header of every answer, when set
        self.ticket: dict[str, Any] = {"number": "A017", "sequence": 17, "ahead": 4}
        self.hold: threading.Event | None = None  # set: answers wait for it
        self.gates: dict[str, Gate] = {}  # path -> the next request there waits on it
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def date_time_string(self, timestamp: float | None = None) -> str:
                # The Date header of every answer: the real time unless a test sets one.
                return stub.date or super().date_time_string(timestamp)

            def do_GET(self) -> None:
                stub._handle(self, "GET")

            def do_POST(self) -> None:
                stub._handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def hold_next_post(self, path: str = "/api/v1/events") -> Gate:
        """The next POST to `path` waits on the server until `release` is set."""
        gate = self.gates[path] = Gate()
        return gate

    def close(self) -> None:
        if self.hold is not None:
            self.hold.set()
        for gate in self.gates.values():
            gate.release.set()
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self.lock:
            return self.lock.wait_for(predicate, timeout)

    def paths(self, method: str, path: str) -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if r.method == method and r.path == path]

    def kinds(self) -> list[str]:
        with self.lock:
            return [e["kind"] for e in self.stored.values()]

    # -- answering -----------------------------------------------------------------------

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        record = Recorded(method, parts.path, parse_qs(parts.query), dict(h.headers), body)
        if self.hold is not None:
            self.hold.wait(10)
        gate = self.gates.pop(parts.path, None) if method == "POST" else None
        if gate is not None:
            gate.arrived.set()
            gate.release.wait(10)
        with self.lock:
            self.requests.append(record)
            answer = self.script.pop(0) if self.script else self._answer(record)
            self.lock.notify_all()
        data = b"" if answer.body is None else json.dumps(answer.body).encode()
        try:
            h.send_response(answer.status)
            for name, value in answer.headers.items():
                h.send_header(name, value)

            h.send_header("Content-Length", str(len(data)))
            if data:
                h.send_header("Content-Type", "application/json")
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client's deadline passed first
            h.close_connection = True

    def _answer(self, r: Recorded) -> Scripted:
        if r.method == "POST" and r.path == "/api/v1/events":
            results = []
            for e in r.body["events"]:
                if e["kind"] in self.reject_kinds:
                    results.append(
                        {
                            "id": e["id"],
                            "status": "rejected",
                            "reason": f"unknown kind {e['kind']!r}",
                        }
                    )
                elif e["id"] in self.stored:
                    results.append({"id": e["id"], "status": "duplicate"})
                else:
                    self.stored[e["id"]] = e
                    results.append({"id": e["id"], "status": "accepted"})
            return Scripted(200, body={"results": results})
        if r.method == "GET" and r.path == "/api/v1/catalog":
            return self._versioned(r, self.catalog)
        if r.method == "GET" and r.path == "/api/v1/calendar":
            return self._versioned(r, self.calendar)
        if r.method == "GET" and r.path == "/api/v1/help-calls":
            since = int(r.query.get("since", ["0"])[0])
            calls = [c for c in self.help_calls if c["changed"] > since]
            cursor = max([since, *(c["changed"] for c in self.help_calls)])
            return Scripted(200, body={"cursor": cursor, "calls": calls})
        if r.method == "GET" and r.path == "/api/v1/staff":
            return self._versioned(r, self.staff)
        if r.method == "GET" and r.path == "/api/v1/terminals/in-service":
            if self.in_service is None:
                return Scripted(404, body={"detail": "not found"})
            return Scripted(200, body={"terminals": self.in_service})
        if r.method == "POST" and r.path == "/api/v1/tickets":
            return Scripted(200, body=self.ticket)
        return Scripted(404, body={"detail": "not found"})

    @staticmethod
    def _versioned(r: Recorded, doc: dict[str, Any] | None) -> Scripted:
        if doc is None:
            return Scripted(404, body={"detail": "none"})
        etag = f'"{doc["version"]}"'
        if r.headers.get("If-None-Match") == etag:
            return Scripted(304, headers={"ETag": etag})
        return Scripted(200, headers={"ETag": etag}, body=doc)
