"""What the serial and evdev scanners share: one reading thread of their own, started
once and ended by `close()` (within its read timeout), reporting through a Reporter."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from devices.scanner.status import Reporter, ScannerStatus

log = logging.getLogger(__name__)

JOIN_TIMEOUT_S = 5.0


class ReadingThread:
    """A scanner read on a thread of its own; subclasses read in `_run` until `_stop`."""

    def __init__(
        self,
        name: str,
        on_code: Callable[[str], None],
        on_status: Callable[[ScannerStatus], None],
    ) -> None:
        self.name = name
        self._reporter = Reporter(name, on_code, on_status)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def status(self) -> ScannerStatus | None:
        """The last status reported (None before the thread reported any)."""
        return self._reporter.last

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """End the thread (within a read timeout), which closes the device; "stopped"
        last."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(JOIN_TIMEOUT_S)
            if thread.is_alive():  # a driver stuck in a read: say so, do not hang
                log.error("%s: the reading thread did not end", self.name)

    def _run(self) -> None:
        raise NotImplementedError
