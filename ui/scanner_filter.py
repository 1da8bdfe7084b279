"""The keyboard-wedge scanner in the window: one event filter that takes a scanned code's
key presses out of the typing, and the one `scanned` signal every scanner's codes come by.

Installed on the QGuiApplication (or on one QQuickWindow), `ScannerFilter` sees each
physical key press at the window it goes to, before any item. A printable key or Enter
goes through devices.scanner.wedge's `WedgeDetector`: held back while it may be part of
a code, swallowed with the rest of the code when Enter completes one (`scanned` emits the
code, Enter stripped; no field is typed into), or, when it was typing, re-delivered in
order, press and release, to the window it was going to, which hands it to its focus
object as it would have. A single-shot timer releases the held keys when no next key
comes in time, so typing is late by the detector's gap (35 ms) and never lost.

Timing is the key events' own (`QKeyEvent.timestamp()`, milliseconds from the window
system), so a test posts events with set timestamps. A key event with timestamp 0 was
made by software, not a keyboard: the on-screen keyboard (Qt Virtual Keyboard sends its
Latin letters, Enter and Backspace as key events with none; its pinyin commits through the
input method, which this filter never sees), a test's or an accessibility tool's. Those
pass untouched, after anything held.

Other scanners (serial, evdev) call `deliver(code)` from their own threads. Every code,
the wedge's too, is emitted by `scanned` on this object's thread (the UI thread) through
a queued signal: never at once, inside the event or the call that brought it, and not at
all after `close()`.
"""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent

from devices.scanner.wedge import ENTER, Action, WedgeDetector

_KEYS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
_ENTERS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Keys that type nothing by themselves: they pass without breaking a run (a scanner
# presses Shift around each upper-case letter and symbol).
_MODIFIERS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_ScrollLock,
    }
)
# A character typed with these held is a shortcut, not text.
_CHORDS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_TIMER_SLACK_MS = 2  # fire a little after the gap, never just before it


class ScannerFilter(QObject):
    """`install(target)`, `close()`; `scanned(code)` for every scanner; `deliver(code)`
    from any thread. `detector`: the timing (a WedgeDetector with its defaults)."""

    scanned = Signal(str)
    _delivered = Signal(str)

    def __init__(
        self, parent: QObject | None = None, *, detector: WedgeDetector | None = None
    ) -> None:
        super().__init__(parent)
        self._detector = detector or WedgeDetector()
        self._held: list[tuple[QObject, QKeyEvent]] = []  # copies, in arrival order
        self._held_down: set[int] = set()  # held presses whose release has not come
        self._swallowed: set[int] = set()  # a code's keys whose release is to be swallowed
        self._replaying = False
        self._target: QObject | None = None
        self._last_timestamp = 0
        self._since_last = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._flush)
        self._closed = False
        self._lock = threading.Lock()  # _closed is read on the scanners' threads
        # Queued even from this thread: a code arrives after the event that caused it.
        self._delivered.connect(self._emit_delivered, Qt.ConnectionType.QueuedConnection)

    def install(self, target: QObject) -> None:
        """Watch `target`'s key events: the QGuiApplication (every window) or a window."""
        if self._target is not None:
            self._target.removeEventFilter(self)
        self._target = target
        target.installEventFilter(self)

    def close(self) -> None:
        """Stop watching and delivering. Keys still held (at most the last gap's typing)
        are dropped: the window is closing."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._timer.stop()
        self._delivered.disconnect(self._emit_delivered)
        target, self._target = self._target, None
        if target is not None and shiboken6.isValid(target):
            target.removeEventFilter(self)
        self._held.clear()
        self._held_down.clear()
        self._swallowed.clear()

    def deliver(self, code: str) -> None:
        """A code from another scanner, on any thread: emitted by `scanned` later, on
        this object's thread."""
        with self._lock:
            if self._closed:
                return
            self._delivered.emit(code)

    @Slot(str)
    def _emit_delivered(self, code: str) -> None:
        if not self._closed:
            self.scanned.emit(code)

    # -- the key events ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _KEYS or self._replaying or self._closed:
            return False
        if not watched.isWindowType():
            return False  # the window's own delivery to its items: seen at the window
        if not isinstance(event, QKeyEvent):
            return False
        if event.timestamp() == 0:  # made by software (see the module): not a scanner
            self._release(self._detector.interrupt())
            return False
        if event.type() == QEvent.Type.KeyPress:
            return self._press(watched, event)
        return self._key_up(watched, event)

    def _press(self, window: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        self._swallowed.discard(key)  # pressed again: its old release is not coming
        char = _character(event)
        if char is None:
            if key not in _MODIFIERS:  # Backspace, an arrow: what is held was typing
                self._release(self._detector.interrupt())
            return False
        verdict = self._detector.feed(char, event.timestamp(), repeat=event.isAutoRepeat())
        self._release(verdict.release)
        if verdict.action is Action.PASS:
            return False
        if verdict.action is Action.CODE:
            self._timer.stop()
            self._swallowed |= self._held_down | {key}
            self._held.clear()
            self._held_down.clear()
            # Queued as every scanner's codes are: what it sets off (a view changing) runs
            # after this key event, not inside its delivery.
            self._delivered.emit(verdict.code or "")
            return True
        self._held.append((window, event.clone()))
        self._held_down.add(key)
        self._last_timestamp = event.timestamp()
        self._since_last.start()
        self._timer.start(self._detector.max_gap_ms + _TIMER_SLACK_MS)
        return True

    def _key_up(self, window: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        if key in self._held_down:  # its press is held: so is its release, after it
            self._held_down.discard(key)
            self._held.append((window, event.clone()))
            return True
        if key in self._swallowed:
            self._swallowed.discard(key)
            return True
        return False

    @Slot()
    def _flush(self) -> None:
        if self._closed:
            return
        # The event clock at this moment: the last held key's time, plus the time since.
        now = self._last_timestamp + self._since_last.elapsed()
        released = self._detector.flush(now)
        if released:
            self._release(released)
        elif self._detector.deadline is not None:
            self._timer.start(max(1, self._detector.deadline - now) + _TIMER_SLACK_MS)

    def _release(self, released: tuple[str, ...]) -> None:
        """The held keys were typing: re-deliver them all, presses and releases, in order."""
        if not released:
            return
        held, self._held = self._held, []
        self._held_down.clear()
        self._timer.stop()
        self._replaying = True  # our own events come back through this filter
        try:
            for window, event in held:
                receiver = window if shiboken6.isValid(window) else QGuiApplication.focusObject()
                if receiver is not None:
                    QGuiApplication.sendEvent(receiver, event)
        finally:
            self._replaying = False


def _character(event: QKeyEvent) -> str | None:
    """What the detector is fed for this press: ENTER, one printable character, or None
    (a key of another kind, or a shortcut)."""
    if event.modifiers() & _CHORDS:
        return None
    if event.key() in _ENTERS:
        return ENTER
    typed = event.text()
    return typed if len(typed) == 1 and typed.isprintable() else None
