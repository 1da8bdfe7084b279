"""A faulty network between a terminal and the central server: a threaded TCP proxy on
loopback that reads HTTP/1.1 requests one by one and, for each, does what it is told.

Faults (`Fault.kind`), for the next requests queued with `inject`, else `default`:

- ``pass``: forward the request and relay the answer;
- ``drop``: close the terminal's connection without forwarding anything;
- ``delay``: wait `seconds`, then pass;
- ``answer``: answer `status` (with `headers`, e.g. Retry-After) without forwarding;
- ``cut``: forward the request, read the server's whole answer (so it has committed),
  then close the terminal's connection without relaying a byte of it;
- ``hook``: forward the request, run `hook` (e.g. restart the server) while the server
  works on it, then relay whatever comes back (often nothing).

Requests are framed by Content-Length (requests sends no chunked bodies); answers by
Content-Length or chunked encoding. The proxy waits on sockets, never polls.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fault:
    kind: str = "pass"
    seconds: float = 0.0
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    hook: Callable[[], None] | None = None


PASS = Fault()


class _Closed(Exception):
    pass


class _Stream:
    """Buffered reads of whole HTTP messages from a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buf = sock, b""

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise _Closed
        self.buf += chunk

    def until(self, marker: bytes) -> bytes:
        while marker not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(marker, 1)
        return head + marker

    def exactly(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def message(self, *, response: bool = False, method: str = "") -> bytes:
        head = self.until(b"\r\n\r\n")
        headers = {
            k.strip().lower(): v.strip()
            for k, _, v in (
                line.partition(":") for line in head.decode("latin-1").split("\r\n")[1:]
            )
        }
        status = int(head.split(b" ", 2)[1]) if response else 0
        if response and (method == "HEAD" or status in (204, 304) or status < 200):
            return head
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size_line = self.until(b"\r\n")
                size = int(size_line.split(b";")[0], 16)
                body += size_line + self.exactly(size + 2)
                if size == 0:
                    return head + body
        return head + self.exactly(int(headers.get("content-length", "0")))


class FaultProxy:
    """Listens on 127.0.0.1 (a free port); forwards to `upstream` (host, port)."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.default = PASS
        self.only: str | None = None  # a path prefix: other requests always pass
        self._queue: list[Fault] = []
        self._lock = threading.Lock()
        self.seen: Counter[str] = Counter()  # fault kinds applied
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._open: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def inject(self, *faults: Fault) -> None:
        """The next requests meet these faults, in order."""
        with self._lock:
            self._queue.extend(faults)

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            for s in list(self._open):
                _close(s)

    def _next(self) -> Fault:
        with self._lock:
            fault = self._queue.pop(0) if self._queue else self.default
            self.seen[fault.kind] += 1
            return fault

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        with self._lock:
            self._open.add(client)
        try:
            reader = _Stream(client)
            up_reader: _Stream | None = None
            while True:
                request = reader.message()
                method, path = request.split(b" ", 2)[:2]
                method = method.decode("latin-1")
                if self.only and not path.decode("latin-1").startswith(self.only):
                    fault = PASS
                else:
                    fault = self._next()
                if fault.kind == "drop":
                    return
                if fault.kind == "answer":
                    extra = "".join(f"{k}: {v}\r\n" for k, v in fault.headers.items())
                    client.sendall(
                        f"HTTP/1.1 {fault.status} Fault\r\n{extra}"
                        "Content-Length: 0\r\n\r\n".encode()
                    )
                    continue
                if fault.kind == "delay":
                    threading.Event().wait(fault.seconds)  # the slow network itself
                if upstream is None:
                    upstream = socket.create_connection(self.upstream)
                    up_reader = _Stream(upstream)
                    with self._lock:
                        self._open.add(upstream)
                assert up_reader is not None
                upstream.sendall(request)
                if fault.kind == "hook" and fault.hook is not None:
                    fault.hook()
                response = up_reader.message(response=True, method=method)
                if fault.kind == "cut":
                    return  # the server has answered (and committed); the terminal never knows
                client.sendall(response)
        except (_Closed, OSError):
            return
        finally:
            for s in (client, upstream):
                if s is not None:
                    _close(s)
                    with self._lock:
                        self._open.discard(s)


def _close(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()
