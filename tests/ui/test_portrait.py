"""The check and ticket screens on a portrait (1080x1920) screen, in English with large
text (the longest texts): nothing is wider than the window, the buttons are on screen,
and the printed ticket's picture uses the height below the number.

The journey is fast-forwarded through the view-model's slots (the taps are the
journey tests'); what is checked is the layout.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtQuick import QQuickItem

from kiosk.samples import SAMPLES
from tests.ui.conftest import Kiosk


def _on_screen(k: Kiosk, item: QQuickItem) -> bool:
    rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
    window = QRectF(0, 0, k.window.width(), k.window.height())
    return window.contains(rect)


def _to_check(k: Kiosk, item_id: str) -> None:
    vm, j = k.journey, k.journey.journey
    vm.chooseItem(item_id)
    vm.begin()
    answers = SAMPLES[item_id]()
    while j.screen.value == "form":
        for f in j.page.fields if j.page else []:
            if f.id in answers and f.id in j.visible_field_ids():
                vm.setAnswer(f.id, answers[f.id])
        vm.next()
    for m in j.applicable_materials():
        vm.setMaterial(m.id, True)
    vm.next()
    k.wait_screen("check")


def test_check_and_ticket_fit_a_portrait_screen(kiosk: Kiosk) -> None:
    k = kiosk
    k.window.resize(1080, 1920)
    k.shell.setLanguage("en_US")
    k.shell.toggleLargeText()
    _to_check(k, "company-address-change")
    title = k.get("checkTitle")
    assert "Company registration change" in str(title.property("text"))
    assert title.width() <= k.window.width() and _on_screen(k, title)
    for name in ("backButton", "submitButton"):
        assert _on_screen(k, k.get(name)), name
    k.click("submitButton")
    k.wait_screen("result")
    k.click("takeTicket")
    k.wait_screen("ticket")
    k.wait(lambda: k.journey.printed)
    k.settle()
    number, preview = k.get("ticketNumber"), k.get("ticketPreview")
    k.wait(lambda: preview.property("paintedHeight") > 0)  # loaded
    k.settle()
    assert _on_screen(k, number) and _on_screen(k, k.get("finishButton"))
    below = preview.mapToScene(QPointF(0, 0)).y()
    assert below > number.mapToScene(QPointF(0, number.height())).y()  # under the number
    assert preview.property("paintedHeight") > k.window.height() / 3  # large, not a stamp
