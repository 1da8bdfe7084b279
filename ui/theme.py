"""The palette for QML: `theme.<role>` in every screen, switched with large text.

Each role of `ui.palette.Palette` is a property of `Theme`; its one signal fires when the
text size changes, so every colour binding follows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from PySide6.QtCore import Property, QObject, Signal, Slot

from ui.palette import LARGE, NORMAL, Palette

ROLES = tuple(f.name for f in fields(Palette))


def _role(name: str) -> Callable[[Theme], str]:
    return lambda self: str(getattr(self.palette, name))


class Theme(QObject):
    """The colours QML binds to: one property per palette role."""

    changed = Signal()

    # One Property per role, made from the palette's fields, so QML reads `theme.text`
    # and a role cannot be in the palette without being here (the class namespace is
    # the class body's locals).
    for _name in ROLES:
        vars()[_name] = Property(str, _role(_name), notify=changed)
    del _name

    def __init__(self, large: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._large = large
        self._shown = large()

    @property
    def palette(self) -> Palette:
        return LARGE if self._shown else NORMAL

    @Slot()
    def follow(self) -> None:
        """The text size may have changed: switch the palette if it did."""
        large = self._large()
        if large != self._shown:
            self._shown = large
            self.changed.emit()


__all__ = ["ROLES", "Theme"]
