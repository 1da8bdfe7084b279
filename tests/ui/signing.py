"""A finger signing on the screen's signature pad: real mouse events on the window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import Kiosk

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)


def draw(k: Kiosk, strokes: list[list[tuple[float, float]]], pad: str = "signaturePad") -> None:
    """Each stroke pressed, moved through and released, in the pad's fractions (0..1)."""
    item = k.get(pad)
    k.scroll_into_view(item)
    k.settle()
    for stroke in strokes:
        points = [item.mapToScene(QPointF(x * item.width(), y * item.height())) for x, y in stroke]
        at = [QPoint(round(p.x()), round(p.y())) for p in points]
        QTest.mousePress(k.window, LEFT, NONE, at[0])
        for point in at[1:]:
            QTest.mouseMove(k.window, point)
        QTest.mouseRelease(k.window, LEFT, NONE, at[-1])
    k.settle()


# A name's worth of ink: three strokes across most of the pad.
NAME = [
    [(0.10, 0.60), (0.15, 0.30), (0.20, 0.62), (0.25, 0.35), (0.30, 0.60)],
    [(0.35, 0.40), (0.50, 0.40), (0.42, 0.30), (0.44, 0.65)],
    [(0.55, 0.55), (0.65, 0.35), (0.75, 0.60), (0.85, 0.32), (0.92, 0.58)],
]
TAP = [[(0.5, 0.5)]]


def sign(k: Kiosk) -> None:
    """Sign, and confirm the commitment."""
    draw(k, NAME)
    k.click("acceptCommitment")
    k.wait(lambda: bool(k.journey.commitmentAccepted))
