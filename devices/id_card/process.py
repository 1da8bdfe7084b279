"""The kiosk's side of the reader's process: start it, watch it, restart it, hear it.

`CardReaderProcess` runs devices.id_card.worker as a child process (a vendor's library
may hang or crash; the kiosk must not). A supervisor thread starts the child and reads
its events off a queue fed by a second thread that reads the child's stdout; a child
that dies (a crash, kill -9) or sends no heartbeat within ``alive_timeout_s`` is killed
and started again after a backoff (``restart_backoff_s``, the last repeated; back to the
first after a child that lived longer than the longest wait), and the status says so.

The callbacks (``on_card``, ``on_unreadable``, ``on_status``) are called on the
supervisor thread, never the caller's: a Qt caller re-emits them as signals (queued to
its own thread); they must return quickly and are shielded (an exception in one is
logged, the supervision goes on). The card is handed to ``on_card`` and to no log.

Lines from the child are bounded (`MAX_LINE`): a runaway child cannot make the kiosk
hold an unbounded line; it is skipped to its end. `close()` ends the child (stdin
closed, then terminate, then kill) and joins both threads: nothing is left running.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Final

from devices.id_card.card import IdCard
from devices.id_card.faults import BadSettings, unreadable_message
from devices.id_card.settings import ReaderSettings
from kiosk.i18n import Text, text

__all__ = [
    "CardReaderProcess",
    "ReaderSettings",
    "ReaderState",
    "ReaderStatus",
    "status_text",
    "worker_command",
]

log = logging.getLogger(__name__)

MAX_LINE: Final = 64 * 1024  # a card's line is under 2 KB
EXIT_BAD_SETTINGS: Final = 2  # the worker's exit status for settings it refused
_EOF: Final = b""
_QUEUE: Final = 1000  # lines waiting for the supervisor; more are dropped


class ReaderState(StrEnum):
    STARTING = "starting"
    READY = "ready"
    NO_READER = "no_reader"
    FAULT = "fault"
    RESTARTING = "restarting"
    STOPPED = "stopped"


@dataclass(frozen=True)
class ReaderStatus:
    """``detail``: the worker's code for the state (e.g. "sam_not_ready"), or why the
    child is restarting; ``last_fault``: the last reason the child was restarted."""

    state: ReaderState
    detail: str = ""
    restarts: int = 0
    last_fault: str = ""


_CHILD_STATES: Final = {
    "ready": ReaderState.READY,
    "no_reader": ReaderState.NO_READER,
    "fault": ReaderState.FAULT,
}
_FAULT_WORDS: Final = {
    "sam_not_ready": text("读卡器安全模块未就绪", "ID card reader's security module not ready"),
    "no_answer": text("读卡器无应答", "ID card reader not answering"),
    "link_broken": text("读卡器连接中断", "ID card reader's link broken"),
    "garbled": text("读卡器通信受干扰", "ID card reader's answers arrive damaged"),
    "library_missing": text("读卡器驱动库缺失", "ID card reader's vendor library missing"),
    "library_failed": text("读卡器驱动库出错", "ID card reader's vendor library failed"),
    "bad_settings": text("读卡器配置有误", "ID card reader's settings are wrong"),
}


def status_text(status: ReaderStatus, where: str) -> Text:
    """The technician's words for `status`; `where` is the port or the library."""
    state, detail = status.state, status.detail
    if state is ReaderState.READY:
        return text(f"读卡器就绪（{where}）", f"ID card reader ready ({where})")
    if state is ReaderState.NO_READER:
        return text(f"读卡器未连接（{where}）", f"ID card reader not connected ({where})")
    if state is ReaderState.FAULT:
        words = _FAULT_WORDS.get(detail)
        if words is None:
            words = text(f"读卡器故障：{detail}", f"ID card reader fault: {detail}")
        return text(f"{words.zh}（{where}）", f"{words.en} ({where})")
    if state is ReaderState.RESTARTING:
        n = status.restarts
        return text(
            f"读卡器进程重启中（第 {n} 次：{status.last_fault}）",
            f"ID card reader process restarting (restart {n}: {status.last_fault})",
        )
    if state is ReaderState.STARTING:
        return text("读卡器启动中", "ID card reader starting")
    return text("读卡器已停止", "ID card reader stopped")


def worker_command(settings: ReaderSettings) -> list[str]:
    """How to start the worker: the bundle's own executable, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--id-card-reader", settings.to_json()]
    return [sys.executable, "-m", "devices.id_card.worker", settings.to_json()]


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "ended"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
        return f"killed by signal {-code}"
    return f"exited with status {code}"


def _read_lines(stream: IO[bytes], lines: queue.Queue[bytes]) -> None:
    """The child's stdout, a bounded line at a time, until it closes."""
    try:
        while line := stream.readline(MAX_LINE + 1):
            if len(line) > MAX_LINE:
                while line and not line.endswith(b"\n"):  # the rest of the runaway line
                    line = stream.readline(MAX_LINE + 1)
                log.warning("the ID card reader's process wrote a line over %d bytes", MAX_LINE)
                continue
            with contextlib.suppress(queue.Full):
                lines.put_nowait(line)
    except (OSError, ValueError):
        pass  # the pipe closed under us (close())
    finally:
        with contextlib.suppress(queue.Full):
            lines.put_nowait(_EOF)


class CardReaderProcess:
    """The reader's process, supervised (see the module's docstring)."""

    def __init__(
        self,
        settings: ReaderSettings,
        *,
        on_card: Callable[[IdCard], None],
        on_unreadable: Callable[[Text], None],
        on_status: Callable[[ReaderStatus], None],
        command: Sequence[str] | None = None,
        alive_timeout_s: float = 10.0,
        restart_backoff_s: tuple[float, ...] = (1, 2, 5, 10, 30),
    ) -> None:
        self.settings = settings
        self._on_card, self._on_unreadable, self._on_status = on_card, on_unreadable, on_status
        self._command = list(command) if command is not None else worker_command(settings)
        self._alive_timeout_s = alive_timeout_s
        self._backoff = tuple(restart_backoff_s) or (1.0,)
        self._status = ReaderStatus(ReaderState.STOPPED)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._close_timeout = 5.0
        self._child: subprocess.Popen[bytes] | None = None
        self._lines: queue.Queue[bytes] | None = None
        self._supervisor: threading.Thread | None = None

    # -- what the kiosk calls ----------------------------------------------------------

    @property
    def status(self) -> ReaderStatus:
        with self._lock:
            return self._status

    @property
    def restarts(self) -> int:
        return self.status.restarts

    @property
    def pid(self) -> int | None:
        """The running child's process id (None between children)."""
        child = self._child
        return None if child is None else child.pid

    def status_text(self) -> Text:
        return status_text(self.status, self.settings.where)

    def start(self) -> None:
        """Start the child and its supervision (once; after close() it stays closed)."""
        if self._supervisor is not None or self._stopping.is_set():
            return
        with self._lock:  # told to on_status from the supervisor thread, as all else is
            self._status = ReaderStatus(ReaderState.STARTING)
        self._supervisor = threading.Thread(target=self._supervise, name="id-card-reader")
        self._supervisor.start()

    def close(self, timeout: float = 5.0) -> None:
        """Stop the child (stdin closed, then terminate, then kill) and join the threads."""
        self._close_timeout = timeout
        self._stopping.set()
        lines = self._lines
        if lines is not None:
            with contextlib.suppress(queue.Full):
                lines.put_nowait(_EOF)  # wake the supervisor at once
        supervisor = self._supervisor
        if supervisor is not None:
            supervisor.join()  # it says STOPPED last
        else:
            with self._lock:
                self._status = ReaderStatus(ReaderState.STOPPED)

    def fake_place(self) -> None:
        """The "fake" backend: put the demo's card on the reader."""
        self._send({"do": "place"})

    def fake_lift(self) -> None:
        """The "fake" backend: lift the demo's card."""
        self._send({"do": "lift"})

    def __enter__(self) -> CardReaderProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the supervisor thread ---------------------------------------------------------

    def _set_status(
        self,
        state: ReaderState,
        detail: str,
        *,
        restarts: int | None = None,
        last_fault: str | None = None,
    ) -> None:
        with self._lock:
            old = self._status
            status = ReaderStatus(
                state,
                detail,
                old.restarts if restarts is None else restarts,
                old.last_fault if last_fault is None else last_fault,
            )
            if status == old:
                return
            self._status = status
        self._call(self._on_status, status)

    def _call(self, callback: Callable[..., None], arg: object) -> None:
        try:
            callback(arg)
        except Exception:
            log.exception("an ID card reader callback failed")

    def _send(self, command: dict[str, str]) -> None:
        child = self._child
        if child is None or child.stdin is None:
            return
        with contextlib.suppress(OSError, ValueError):
            child.stdin.write(json.dumps(command).encode() + b"\n")
            child.stdin.flush()

    def _supervise(self) -> None:
        self._call(self._on_status, self.status)  # STARTING
        try:
            self._supervise_children()
        finally:
            self._set_status(ReaderState.STOPPED, "")

    def _supervise_children(self) -> None:
        attempt = 0
        while not self._stopping.is_set():
            started = time.monotonic()
            reason = self._run_child()
            if reason is None or self._stopping.is_set():
                break
            if time.monotonic() - started > max(self._backoff):
                attempt = 0  # it had been running well: start over at the shortest wait
            delay = self._backoff[min(attempt, len(self._backoff) - 1)]
            attempt += 1
            log.warning("the ID card reader's process %s: restarting in %g s", reason, delay)
            self._set_status(
                ReaderState.RESTARTING,
                reason,
                restarts=self.status.restarts + 1,
                last_fault=reason,
            )
            if self._stopping.wait(delay):
                break

    def _run_child(self) -> str | None:
        """Run one child until it dies or hangs (why, for the restart) or until closing
        (None, as for a child that refused its settings: restarting would not help)."""
        lines: queue.Queue[bytes] = queue.Queue(_QUEUE)
        try:
            child = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                # Its own session: a Ctrl-C at the kiosk's terminal is the kiosk's to handle.
                start_new_session=sys.platform != "win32",
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError as exc:
            return f"could not start ({exc.strerror or exc})"
        assert child.stdout is not None
        reader = threading.Thread(
            target=_read_lines, args=(child.stdout, lines), name="id-card-reader-out"
        )
        self._child, self._lines = child, lines
        reader.start()
        try:
            return self._watch(child, lines)
        finally:
            self._end_child(child, reader)
            self._child = self._lines = None

    def _watch(self, child: subprocess.Popen[bytes], lines: queue.Queue[bytes]) -> str | None:
        alive_by = time.monotonic() + self._alive_timeout_s
        while not self._stopping.is_set():
            wait = alive_by - time.monotonic()
            if wait <= 0:
                return f"sent no heartbeat for {self._alive_timeout_s:g} s"
            try:
                line = lines.get(timeout=min(wait, 0.5))
            except queue.Empty:
                continue
            if line == _EOF:
                if self._stopping.is_set():
                    return None
                try:
                    code: int | None = child.wait(timeout=self._alive_timeout_s)
                except subprocess.TimeoutExpired:
                    code = None  # it closed its stdout and lives on: killed below
                if code == EXIT_BAD_SETTINGS:
                    self._set_status(ReaderState.FAULT, BadSettings.code)
                    return None
                return _describe_exit(code)
            if self._event(line):
                alive_by = time.monotonic() + self._alive_timeout_s
        return None

    def _event(self, line: bytes) -> bool:
        """Act on one line of the child; whether it was one of its events."""
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):  # RecursionError: nesting thousands deep
            return False
        if not isinstance(event, dict):
            return False
        state = event.get("state")
        if isinstance(state, str) and state in _CHILD_STATES:
            detail = event.get("detail")
            self._set_status(_CHILD_STATES[state], detail if isinstance(detail, str) else "")
        card = event.get("card")
        if isinstance(card, dict):
            try:
                read = IdCard.from_wire(card)
            except ValueError:
                log.warning("the ID card reader's process sent a malformed card")
            else:
                self._call(self._on_card, read)
        unreadable = event.get("unreadable")
        if isinstance(unreadable, str):
            self._call(self._on_unreadable, unreadable_message(unreadable))
        return True

    def _end_child(self, child: subprocess.Popen[bytes], reader: threading.Thread) -> None:
        """Stop the child: closing its stdin asks it to end; then terminate, then kill."""
        stopping = self._stopping.is_set()
        grace = self._close_timeout if stopping else 0.0
        if child.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                child.stdin.close()
        for ask, wait in ((None, grace * 0.6), (child.terminate, grace * 0.3)):
            if child.poll() is not None:
                break
            if ask is not None:
                with contextlib.suppress(OSError):
                    ask()
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=wait)
        if child.poll() is None:
            with contextlib.suppress(OSError):
                child.kill()
            child.wait()
        reader.join(timeout=5.0)  # EOF comes with the child's end (unless it forked)
        if reader.is_alive():
            log.warning("the ID card reader's process left its stdout open")
        elif child.stdout is not None:
            child.stdout.close()
