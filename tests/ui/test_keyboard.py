"""Typing a Chinese name with the on-screen pinyin keyboard (Qt Virtual Keyboard).

The keys are pressed through the keyboard's input engine, as its key panels do, and the
Hanzi is chosen from its word candidate list: the same path as a tap on the keyboard.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt
from PySide6.QtQml import QQmlComponent

from tests.ui.conftest import Kiosk

LATIN, PINYIN = 0, 3  # QVirtualKeyboardInputEngine::InputMode
DRIVER = b"""
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

QtObject {
    function locale() { return InputContext.locale }
    function setLocale(name) { VirtualKeyboardSettings.locale = name }
    function press(t) {
        return InputContext.inputEngine.virtualKeyClick(t.toUpperCase().charCodeAt(0), t, 0)
    }
    function preedit() { return InputContext.preeditText }
    function mode() { return InputContext.inputEngine.inputMode }
    function candidates() {
        const model = InputContext.inputEngine.wordCandidateListModel
        let out = []
        for (let i = 0; i < model.count; ++i) out.push(String(model.dataAt(i)))
        return out.join("\\n")
    }
    function pick(i) { InputContext.inputEngine.wordCandidateListModel.selectItem(i) }
}
"""


@pytest.fixture
def keys(kiosk: Kiosk) -> Any:
    """A small QML object in the kiosk's own engine that presses the keyboard's keys."""
    component = QQmlComponent(kiosk.app.engine)
    component.setData(DRIVER, "file:///keyboard_driver.qml")
    driver = component.create()
    assert driver is not None, component.errorString()
    yield driver
    driver.deleteLater()


def call(driver: QObject, name: str, *args: str | int) -> Any:
    """Call a function of the QML driver (its arguments and result are QVariants)."""
    return QMetaObject.invokeMethod(
        driver,
        name,
        Qt.ConnectionType.DirectConnection,
        Q_RETURN_ARG("QVariant"),
        *[Q_ARG("QVariant", a) for a in args],
    )


def candidates(driver: Any) -> list[str]:
    return str(call(driver, "candidates")).split("\n")


def type_pinyin(k: Kiosk, driver: Any, syllables: str, hanzi: str) -> None:
    for letter in syllables:
        call(driver, "press", letter)
    k.wait(lambda: call(driver, "preedit") == syllables, lambda: call(driver, "preedit"))
    k.wait(lambda: hanzi in candidates(driver), lambda: str(candidates(driver)[:30]))
    call(driver, "pick", candidates(driver).index(hanzi))
    k.wait(lambda: call(driver, "preedit") == "")


def test_typing_a_name_with_the_pinyin_keyboard(kiosk: Kiosk, keys: Any) -> None:
    k = kiosk
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    field = k.click("field_applicant_name")
    k.wait(lambda: field.hasActiveFocus())
    k.wait(lambda: k.keyboard().property("active"))
    k.settle()
    assert call(keys, "locale") == "zh_CN"
    type_pinyin(k, keys, "wang", "王")
    type_pinyin(k, keys, "jing", "婧")
    k.wait(lambda: field.property("text") == "王婧")
    assert k.journey.journey.answers["applicant_name"] == "王婧"


def test_the_keyboard_learns_nothing_for_the_next_applicant(kiosk: Kiosk, keys: Any) -> None:
    """The pinyin engine would offer a phrase it learned (a name) first: it must not."""
    k = kiosk

    def type_wangjing_in_a_new_form() -> None:
        k.choose("elderly-card")
        k.click("beginButton")
        k.wait_screen("form")
        k.click("field_applicant_name")
        k.wait(lambda: k.keyboard().property("active"))
        for letter in "wangjing":
            call(keys, "press", letter)
        k.wait(lambda: call(keys, "preedit") == "wang jing")
        assert "王婧" not in candidates(keys)

    type_wangjing_in_a_new_form()
    for hanzi in "王婧":  # one phrase from two choices: what the engine would learn
        k.wait(lambda h=hanzi: h in candidates(keys))
        call(keys, "pick", candidates(keys).index(hanzi))
    k.wait(lambda: k.text("field_applicant_name") == "王婧")

    k.idle.expire_now()
    k.wait_screen("home")
    type_wangjing_in_a_new_form()


def test_each_kind_of_field_gets_its_keypad(kiosk: Kiosk, keys: Any) -> None:
    """Pinyin for names, Latin capitals (no pinyin) for ID numbers, a dial pad for
    mobiles, a number pad (with "-") for landlines."""
    k = kiosk
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    (inner,) = [
        o
        for o in k._objects()
        if o.objectName() == "keyboard" and o.metaObject().className().startswith("Keyboard_")
    ]
    expected = {
        "field_applicant_name": ("main", PINYIN),
        "field_applicant_id": ("main", LATIN),
        "field_applicant_phone": ("dialpad", None),
        "field_home_landline": ("numbers", None),
    }
    for name, (layout, mode) in expected.items():
        k.click(name)
        k.wait(lambda n=name: k.get(n).hasActiveFocus())
        k.wait(lambda lay=layout: inner.property("layoutType") == lay, lambda n=name: n)
        if mode is not None:
            k.wait(lambda m=mode: call(keys, "mode") == m, lambda n=name: n)


def test_search_while_pinyin_is_being_typed(kiosk: Kiosk, keys: Any) -> None:
    """Initials on the pinyin keyboard stay a composition ("l n z") until a Hanzi is
    chosen: the list follows what is shown, and finds 老年证 before any choice."""
    k = kiosk
    k.click("startButton")
    k.wait_screen("services")
    field = k.click("searchField")
    k.wait(lambda: k.keyboard().property("active"))
    for letter in "lnz":
        call(keys, "press", letter)
    k.wait(lambda: call(keys, "preedit") == "l n z")
    assert field.property("text") == ""  # nothing committed yet
    k.wait(lambda: k.journey.services.rows()[0]["itemId"] == "elderly-card")
