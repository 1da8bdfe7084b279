"""Work off the UI thread: the store on one worker, results back on the UI thread.

As in Anki's task manager: the UI thread never waits on SQLite, the network or the
printer. `Tasks.run(fn, done)` runs `fn` on a serial worker and calls `done(result)`
(or `failed(error)`) back on the thread that owns the Tasks object.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class Tasks(QObject):
    """A serial worker whose results are delivered by a queued signal."""

    # One object per result: PySide6 (on Python 3.11) miscounts references to None
    # passed through queued signals, which crashes after enough of them.
    _finished = Signal(object)
    busyChanged = Signal()

    def __init__(self, name: str = "store", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._finished.connect(self._deliver)
        self._running = 0

    @property
    def busy(self) -> bool:
        return self._running > 0

    def run(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
        *,
        busy: bool = True,
    ) -> Future[Any]:
        """Run `fn` on the worker; `busy=False` for bookkeeping the applicant never waits on."""
        if busy:
            self._running += 1
            self.busyChanged.emit()

        def job() -> None:
            try:
                result = fn()
            except BaseException as error:  # handed over to the UI thread
                self._finished.emit(_Delivery(failed or _log_failure, error, busy))
            else:
                self._finished.emit(_Delivery(done, result, busy))

        return self._pool.submit(job)

    @Slot(object)
    def _deliver(self, delivery: _Delivery) -> None:
        if delivery.counted:
            self._running -= 1
            self.busyChanged.emit()
        delivery.callback(delivery.value)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


class _Delivery:
    """A callback and the value (result or error) to call it with."""

    __slots__ = ("callback", "counted", "value")

    def __init__(self, callback: Callable[[Any], None], value: Any, counted: bool) -> None:
        self.callback = callback
        self.value = value
        self.counted = counted


def _log_failure(error: BaseException) -> None:
    log.error("background task failed", exc_info=error)
