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

    _finished = Signal(object, object, object)  # callback, result, error
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
    ) -> Future[Any]:
        self._running += 1
        self.busyChanged.emit()

        def job() -> None:
            try:
                result = fn()
            except BaseException as error:
                self._finished.emit(failed or _log_failure, None, error)
            else:
                self._finished.emit(done, result, None)

        return self._pool.submit(job)

    @Slot(object, object, object)
    def _deliver(self, callback: Callable[[Any], None], result: Any, error: Any) -> None:
        self._running -= 1
        self.busyChanged.emit()
        callback(error if error is not None else result)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


def _log_failure(error: BaseException) -> None:
    log.error("background task failed", exc_info=error)
