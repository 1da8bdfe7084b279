"""Signals (SIGTERM, Ctrl+C) handled at once while Qt's event loop runs.

Python runs a signal handler only when the interpreter next runs bytecode, and inside
Qt's event loop it may not for a long time. A wake-up file descriptor makes the signal
write a byte that a QSocketNotifier reads: Python gets control and runs the handler at
once, with no timer polling for it.
"""

from __future__ import annotations

import contextlib
import signal
import socket

from PySide6.QtCore import QObject, QSocketNotifier


class SignalWaker(QObject):
    """Owned by the application: `close()` restores the previous wake-up descriptor."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)
        self._previous = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(lambda *_: self._drain())

    def _drain(self) -> None:
        # Reading runs Python bytecode: the pending handler runs right after this.
        with contextlib.suppress(BlockingIOError, OSError):
            self._read.recv(512)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous)
        self._read.close()
        self._write.close()
