"""The on-screen keyboard as the screens see it: whether it is open, where, and the two
things a screen asks of it (drop the pinyin being composed; close).

QML reaches Qt's input method through this object rather than `Qt.inputMethod`: with
PySide6 6.8 (the oldest admitted), a second QML engine in the same process could read
`Qt.inputMethod` as some other object's value (seen as the keyboard's layout name), so a
tap on a button raised a TypeError. The application's QInputMethod outlives any engine;
forwarding it through a plain QObject the engine owns avoids the engine's own wrapper.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, QRectF, Signal, Slot
from PySide6.QtGui import QGuiApplication


class InputKeys(QObject):
    """`visible` and `rect` follow the input method; `settle()`, `hide()` and
    `dismiss()` act on it."""

    visibleChanged = Signal()
    rectChanged = Signal()

    def __init__(self) -> None:
        # Owned by the KioskApp (Python), not by the engine: its connections to the
        # application's input method end with detach(), before the engine goes.
        super().__init__()
        self._method = QGuiApplication.inputMethod()
        self._method.visibleChanged.connect(self._visible_changed)
        self._method.keyboardRectangleChanged.connect(self._rect_changed)

    def detach(self) -> None:
        """Stop following the input method (the kiosk is closing)."""
        self._method.visibleChanged.disconnect(self._visible_changed)
        self._method.keyboardRectangleChanged.disconnect(self._rect_changed)

    def _visible_changed(self) -> None:
        self.visibleChanged.emit()

    def _rect_changed(self) -> None:
        self.rectChanged.emit()

    def _visible(self) -> bool:
        return self._method.isVisible()

    def _rect(self) -> QRectF:
        return self._method.keyboardRectangle()

    visible = Property(bool, _visible, notify=visibleChanged)
    rect = Property(QRectF, _rect, notify=rectChanged)

    @Slot()
    def settle(self) -> None:
        """Drop the pinyin not yet chosen (a composition is never committed for them)."""
        self._method.reset()

    @Slot()
    def hide(self) -> None:
        """Close the keyboard, keeping what was typed and chosen."""
        self._method.hide()

    @Slot()
    def dismiss(self) -> None:
        """Drop the composition and close the keyboard (before a tap changes the view)."""
        self._method.reset()
        self._method.hide()
