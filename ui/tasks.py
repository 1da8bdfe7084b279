"""Lane results back on the UI thread: a Future's outcome becomes a queued Qt signal.

As in Anki's task manager: the UI thread never waits on SQLite, the network or the
printer. The terminal's lanes (kiosk.lanes) run the work and complete Futures on their
own threads; `Tasks.watch(future, done, failed)` calls `done(result)` (or
`failed(error)`) on the thread that owns this object, the UI thread. After `close()`
nothing more is delivered: a kiosk being closed never calls into its views.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import CancelledError, Future
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class Tasks(QObject):
    """Delivers lane results to the UI thread; counts what the applicant waits for."""

    # One object per result: PySide6 (on Python 3.11) miscounts references to None
    # passed through queued signals, which crashes after enough of them.
    _finished = Signal(object)
    busyChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._finished.connect(self._deliver)
        self._running = 0
        self._closed = False
        self._lock = threading.Lock()  # _closed is read on the lanes' threads

    @property
    def busy(self) -> bool:
        return self._running > 0

    def watch(
        self,
        future: Future[T],
        done: Callable[[T], None],
        failed: Callable[[BaseException], None] | None = None,
        *,
        busy: bool = True,
    ) -> Future[T]:
        """Call `done` or `failed` on the UI thread once `future` completes.

        `busy=False` for bookkeeping the applicant never waits on (no spinner).
        """
        if busy:
            self._running += 1
            self.busyChanged.emit()

        def complete(f: Future[T]) -> None:
            try:
                value: Any = f.result()
                callback: Callable[[Any], None] = done
            except CancelledError as error:  # the terminal closing: nobody is waiting
                value, callback = error, _ignore
            except BaseException as error:
                value, callback = error, failed or _log_failure
            with self._lock:
                if self._closed:
                    return
                self._finished.emit(_Delivery(callback, value, busy))

        future.add_done_callback(complete)
        return future

    @Slot(object)
    def _deliver(self, delivery: _Delivery) -> None:
        if self._closed:
            return
        if delivery.counted:
            self._running -= 1
            self.busyChanged.emit()
        try:
            delivery.callback(delivery.value)
        except Exception:  # a view-model's bug must not end the kiosk
            log.exception("a task's result could not be shown")

    def close(self) -> None:
        """Deliver nothing more (call before the views and models go)."""
        with self._lock:
            self._closed = True
        self._finished.disconnect(self._deliver)


class _Delivery:
    """A callback and the value (result or error) to call it with."""

    __slots__ = ("callback", "counted", "value")

    def __init__(self, callback: Callable[[Any], None], value: Any, counted: bool) -> None:
        self.callback = callback
        self.value = value
        self.counted = counted


def _log_failure(error: BaseException) -> None:
    log.error("background task failed", exc_info=error)


def _ignore(_: object) -> None:
    pass
