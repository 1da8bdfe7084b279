"""What the serial and evdev scanners share: one reading thread of their own, started
once and ended by `close()` (within its read timeout), reporting through a Reporter."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from devices.scanner.status import STOPPED, Reporter, ScannerStatus

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

    retry_s = 3.0

    def _run(self) -> None:
        """Open, read until the device goes, close; again every `retry_s` until closed."""
        try:
            while not self._stop.is_set():
                handle = self._open()
                if handle is None:
                    self._stop.wait(self.retry_s)
                    continue
                try:
                    self._read(handle)
                finally:
                    self._shut(handle)
                if not self._stop.is_set():
                    self._stop.wait(self.retry_s)
        except Exception:  # a bug here: logged, the thread ends as if closed
            log.exception("%s: reading", self.name)
        finally:
            self._reporter.status(ScannerStatus("stopped", STOPPED))

    # The device's own: None from _open when it cannot be opened (its status said why).
    def _open(self) -> Any:
        raise NotImplementedError

    def _read(self, handle: Any) -> None:
        raise NotImplementedError

    def _shut(self, handle: Any) -> None:
        raise NotImplementedError
