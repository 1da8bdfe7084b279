"""The privacy timeout: after a while without a touch, ask; then forget the applicant."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QEvent, QObject, QTimer, Signal, Slot

INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class IdleModel(QObject):
    """Watches every touch; shows "do you need more time?" and wipes when it runs out."""

    changed = Signal()

    def __init__(
        self,
        idle_s: float,
        countdown_s: int,
        wipe: Callable[[], None],
        active: Callable[[], bool],
        parent: QObject | None = None,
        *,
        tick_ms: int = 1000,
    ) -> None:
        super().__init__(parent)
        self._idle_s, self._countdown_s = idle_s, countdown_s
        self._wipe, self._active = wipe, active
        self._remaining = 0
        self._closed = False
        # Both timers are this object's: close() stops them, and they die with it.
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(round(idle_s * 1000))
        self._idle.timeout.connect(self._ask)
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)  # one countdown second (tests make it shorter)
        self._tick.timeout.connect(self._count_down)
        self._idle.start()

    def close(self) -> None:
        """Stop both timers for good: a closed kiosk never asks or wipes."""
        self._closed = True
        self._idle.stop()
        self._tick.stop()
        self._idle.timeout.disconnect(self._ask)
        self._tick.timeout.disconnect(self._count_down)

    @property
    def timers(self) -> tuple[QTimer, QTimer]:
        return self._idle, self._tick

    warning = Property(bool, lambda s: s._remaining > 0, notify=changed)
    countdown = Property(int, lambda s: s._remaining, notify=changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._closed and event.type() in INPUT_EVENTS and self._remaining == 0:
            self._idle.start()  # any touch starts the wait again
        return False

    @Slot()
    def _ask(self) -> None:
        if self._closed:
            return
        if not self._active():  # nobody there: nothing to ask; the next touch starts it again
            return
        self._remaining = self._countdown_s
        self._tick.start()
        self.changed.emit()

    @Slot()
    def _count_down(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self._remaining = 0
            self._tick.stop()
            self._wipe()
            self._idle.start()
        self.changed.emit()

    @Slot()
    def stillHere(self) -> None:
        """The large "continue" button."""
        if self._closed:
            return
        self._remaining = 0
        self._tick.stop()
        self._idle.start()
        self.changed.emit()

    def ask_now(self) -> None:
        """For tests and the bench: behave as if the idle wait had passed (the dialog)."""
        self._idle.stop()
        self._ask()

    def expire_now(self) -> None:
        """For tests: behave as if the whole timeout had passed."""
        self._ask()
        while self._remaining > 0:
            self._count_down()
