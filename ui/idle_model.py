"""The privacy timeout: after a while without a touch, ask; then forget the applicant.

An open help call holds the timeout off: the applicant waiting for the attendant keeps
the form (the dashboard's mean time to acknowledge is about a minute), up to a limit
from the call's start (`[ui] help_hold_s`). When the call is resolved or cancelled the
normal wait starts again from that moment; when the limit passes first, the normal
"do you need more time?" and wipe run (the wipe cancels the call with the applicant).
"""

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
        hold_s: float = 600.0,
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
        # The help call's hold: open (a call is open), over (its limit has passed), and
        # whether the idle wait ran out while it held (then the limit asks at once).
        self._call_open = self._hold_over = self._deferred = False
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self.set_hold_limit(hold_s)
        self._hold.timeout.connect(self._end_hold)
        self._idle.start()

    def close(self) -> None:
        """Stop the timers for good: a closed kiosk never asks or wipes."""
        self._closed = True
        self._idle.stop()
        self._tick.stop()
        self._hold.stop()
        self._idle.timeout.disconnect(self._ask)
        self._tick.timeout.disconnect(self._count_down)
        self._hold.timeout.disconnect(self._end_hold)

    @property
    def timers(self) -> tuple[QTimer, QTimer, QTimer]:
        return self._idle, self._tick, self._hold

    warning = Property(bool, lambda s: s._remaining > 0, notify=changed)
    countdown = Property(int, lambda s: s._remaining, notify=changed)
    # A help call is open and holds the timeout off: the screen says the attendant comes.
    holding = Property(bool, lambda s: s._call_open and not s._hold_over, notify=changed)

    def set_hold_limit(self, hold_s: float) -> None:
        """The config's `[ui] help_hold_s` (known once it is checked); from the next call."""
        self._hold.setInterval(round(hold_s * 1000))

    def call_open(self, open_: bool) -> None:
        """The help call opened (True) or was resolved, cancelled or wiped (False)."""
        if self._closed or open_ == self._call_open:
            return
        self._call_open, self._hold_over = open_, False
        if open_:
            self._hold.start()
            if self._remaining > 0:  # a call made during the countdown (the printer's)
                self._remaining, self._deferred = 0, True
                self._tick.stop()
        else:
            # Helped (or given up): the normal wait again, from this moment.
            self._hold.stop()
            self._remaining, self._deferred = 0, False
            self._tick.stop()
            self._idle.start()
        self.changed.emit()

    @Slot()
    def _end_hold(self) -> None:
        if self._closed:
            return
        self._hold_over = True
        if self._deferred:  # idle all along: "do you need more time?" now
            self._deferred = False
            self._ask()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._closed and event.type() in INPUT_EVENTS and self._remaining == 0:
            self._deferred = False
            self._idle.start()  # any touch starts the wait again
        return False

    @Slot()
    def _ask(self) -> None:
        if self._closed:
            return
        if not self._active():  # nobody there: nothing to ask; the next touch starts it again
            return
        if self._call_open and not self._hold_over:
            self._deferred = True  # waiting for the attendant: asked when the hold ends
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
        """For tests and the bench: behave as if the idle wait had passed (the dialog,
        unless an open call holds it)."""
        self._idle.stop()
        self._ask()

    def expire_now(self) -> None:
        """For tests: behave as if the whole timeout had passed, an open call's hold too
        (`ask_now` is the idle wait alone, which an open call holds)."""
        self.end_hold_now()
        self._ask()
        while self._remaining > 0:
            self._count_down()

    def end_hold_now(self) -> None:
        """For tests: behave as if the open call's hold limit had passed."""
        if self._hold.isActive():
            self._hold.stop()
            self._end_hold()
