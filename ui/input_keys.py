"""The on-screen keyboard as the interface sees it: whether it is open, where, and what
the screens and the kiosk ask of it (drop the pinyin being composed; close).

QML binds to this view model rather than to `Qt.inputMethod`: the application's
QInputMethod outlives every QML engine, and with PySide6 6.8 a later engine in the same
process read `Qt.inputMethod` as another object's value (the keyboard's layout name), so
a tap on a button raised a TypeError.
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
        """Before the focus, the language or the applicant changes: drop the pinyin not
        yet chosen. A syllable still being composed ("l n z") would otherwise be committed
        as a candidate the applicant never picked, when the focus moves."""
        self._method.reset()

    @Slot()
    def hide(self) -> None:
        """Close the keyboard, keeping what was typed and chosen."""
        self._method.hide()

    @Slot()
    def dismiss(self) -> None:
        """Before a tap changes the view (Next, Back, a result): drop the composition and
        close the keyboard, so the new view shows whole. Buttons take no focus, so the
        field keeps it: a tap on it opens the keyboard again."""
        self._method.reset()
        self._method.hide()
