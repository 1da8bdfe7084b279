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
        idle_s: int,
        countdown_s: int,
        wipe: Callable[[], None],
        active: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._idle_s, self._countdown_s = idle_s, countdown_s
        self._wipe, self._active = wipe, active
        self._remaining = 0
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_s * 1000)
        self._idle.timeout.connect(self._ask)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self._idle.start()

    warning = Property(bool, lambda s: s._remaining > 0, notify=changed)
    countdown = Property(int, lambda s: s._remaining, notify=changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self._remaining == 0:
            self._idle.start()  # any touch starts the wait again
        return False

    def _ask(self) -> None:
        if not self._active():  # nobody there: nothing to ask or wipe
            self._idle.start()
            return
        self._remaining = self._countdown_s
        self._tick.start()
        self.changed.emit()

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
        self._remaining = 0
        self._tick.stop()
        self._idle.start()
        self.changed.emit()

    def ask_now(self) -> None:
        """For tests and the bench: behave as if the idle wait had passed (the dialog)."""
        self._idle.stop()
        self._ask()

    def expire_now(self) -> None:
        """For tests and the bench: behave as if the whole timeout had passed."""
        self._ask()
        while self._remaining > 0:
            self._count_down()
