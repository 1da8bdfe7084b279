"""A fake ESC/POS network printer on loopback (127.0.0.1, a free port), faults included.

It serves one connection at a time, like a port-9100 printer. It records the ticket
bytes it receives and answers ``DLE EOT 1/2/4`` with the status byte of its current
state. Modes: ``silent`` (reads but never answers), ``close_after=N`` (closes the
connection once it has N ticket bytes), ``paper_runs_out_after=N`` (reports paper out
after N ticket bytes), ``bytes_per_s=R`` (takes its time to print, as paper moves: status
answers come after the bytes before them are printed). After ``stop()`` the port refuses
connections. Every loop is
bounded by a stop flag, a short poll timeout and an overall lifetime.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Literal

State = Literal["ready", "offline", "cover_open", "near_end", "paper_out"]

# Replies to DLE EOT n = 1, 2, 4 (fixed bits 0b0xx1xx10 = 0x12).
STATUS_BYTES: dict[str, dict[int, int]] = {
    "ready": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "offline": {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12},  # n=1 bit 3
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},  # n=2 bit 2
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},  # n=4 bits 2-3
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},  # n=2 bit 5, n=4 bits 2-3 and 5-6
}
DLE, EOT = 0x10, 0x04
POLL = 0.02  # seconds: how often the loops look at the stop flag


class FakePrinter:
    """A thread serving a fake printer on ``(host, port)``; use as a context manager."""

    def __init__(
        self,
        state: State = "ready",
        *,
        silent: bool = False,
        close_after: int | None = None,
        paper_runs_out_after: int | None = None,
        bytes_per_s: float | None = None,
        lifetime: float = 20.0,
    ) -> None:
        self.state: State = state
        self.silent = silent
        self.close_after = close_after
        self.paper_runs_out_after = paper_runs_out_after
        self.bytes_per_s = bytes_per_s
        self.queries: list[int] = []
        self.connections = 0
        self.error: BaseException | None = None
        self._received = bytearray()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._deadline = time.monotonic() + lifetime
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(POLL)
        self.host: str = "127.0.0.1"
        self.port: int = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    @property
    def received(self) -> bytes:
        """The ticket bytes received so far (status queries left out)."""
        with self._lock:
            return bytes(self._received)

    def __enter__(self) -> FakePrinter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving, join the thread, close the port (it then refuses connections)."""
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()
        if self._thread.is_alive():
            raise RuntimeError("the fake printer's thread did not stop")
        if self.error is not None:
            raise RuntimeError("the fake printer failed") from self.error

    def _running(self) -> bool:
        return not self._stop.is_set() and time.monotonic() < self._deadline

    def _serve(self) -> None:
        try:
            while self._running():
                try:
                    conn, _ = self._listener.accept()
                except TimeoutError:
                    continue
                with conn:
                    self.connections += 1
                    conn.settimeout(POLL)
                    self._talk(conn)
        except BaseException as exc:  # reported by stop(), never lost in the thread
            self.error = exc

    def _talk(self, conn: socket.socket) -> None:
        pending = b""
        while self._running():
            try:
                chunk = conn.recv(256 if self.bytes_per_s else 4096)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            if self.bytes_per_s:  # the paper moves: these bytes take their time to print
                self._stop.wait(len(chunk) / self.bytes_per_s)
            pending, answers, closing = self._feed(pending + chunk)
            if answers and not self.silent:
                try:
                    conn.sendall(answers)
                except OSError:
                    return
            if closing:
                return  # closing with unread bytes: the peer sees a reset

    def _status(self, n: int) -> int:
        state = self.state
        runs_out = self.paper_runs_out_after
        if runs_out is not None and len(self._received) >= runs_out:
            state = "paper_out"
        return STATUS_BYTES[state][n]

    def _feed(self, buf: bytes) -> tuple[bytes, bytes, bool]:
        """Consume ``buf``: (bytes kept for later, status answers, close now?)."""
        answers = bytearray()
        i = 0
        with self._lock:
            while i < len(buf):
                if buf[i] == DLE and (
                    i + 1 == len(buf) or (buf[i + 1] == EOT and i + 2 == len(buf))
                ):
                    break  # maybe a query split across reads: wait for the rest
                if buf[i] == DLE and buf[i + 1] == EOT and buf[i + 2] in STATUS_BYTES["ready"]:
                    self.queries.append(buf[i + 2])
                    answers.append(self._status(buf[i + 2]))
                    i += 3
                    continue
                if self.close_after is not None and len(self._received) >= self.close_after:
                    return b"", bytes(answers), True
                self._received.append(buf[i])
                i += 1
            closing = self.close_after is not None and len(self._received) >= self.close_after
        return buf[i:], bytes(answers), closing


def refused_port() -> int:
    """A loopback port where a fake printer served and stopped: connecting is refused."""
    printer = FakePrinter()
    printer.stop()
    return printer.port
