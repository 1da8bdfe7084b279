"""Typing a Chinese name with the on-screen pinyin keyboard (Qt Virtual Keyboard).

The keys are pressed through the keyboard's input engine, as its key panels do, and the
Hanzi is chosen from its word candidate list: the same path as a tap on the keyboard
(the `keys` driver of tests/ui/conftest.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtQuick import QQuickItem

from kiosk.validators import is_valid_resident_id
from tests.ui.conftest import PINYIN, Kiosk, _descendants, call, candidates, type_pinyin


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
    """Pinyin for names, a digit keypad for ID numbers (their X is a key of its own,
    below), a dial pad for mobiles, a number pad (with "-") for landlines."""
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
        "field_applicant_id": ("digits", None),
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


def inner_keyboard(k: Kiosk) -> QObject:
    """The InputPanel's Keyboard: its layoutType names the layout shown."""
    (inner,) = [
        o
        for o in k._objects()
        if o.objectName() == "keyboard" and o.metaObject().className().startswith("Keyboard_")
    ]
    return inner


def keyboard_keys(k: Kiosk) -> dict[str, QQuickItem]:
    """The keys shown on the on-screen keyboard, by the character they type."""
    keys: dict[str, QQuickItem] = {}
    for item in _descendants(k.keyboard()):
        # No QMetaObject in a variable: a traceback would keep its wrapper (see tappable()
        # in test_random_touch.py).
        has_key = item.metaObject().indexOfProperty("key") >= 0
        if has_key and item.isVisible() and item.property("text"):
            keys[str(item.property("text"))] = item
    return keys


def open_id_field(k: Kiosk) -> QQuickItem:
    k.choose("elderly-card")
    k.click("beginButton")
    k.wait_screen("form")
    field = k.click("field_applicant_id")
    k.wait(lambda: field.hasActiveFocus())
    k.wait(lambda: k.keyboard().property("active"))
    k.settle()
    return field


def test_resident_id_on_the_digit_keypad_with_its_x_key(kiosk: Kiosk) -> None:
    """An ID number ending in X, tapped on the on-screen keyboard: 17 digits on the digit
    keypad (which has no X), then the X key beside the field."""
    k = kiosk
    number = "11010519491231002X"
    assert is_valid_resident_id(number)
    field = open_id_field(k)
    k.wait(lambda: inner_keyboard(k).property("layoutType") == "digits")
    keys = keyboard_keys(k)
    assert set("0123456789") <= set(keys) and "X" not in keys and "x" not in keys
    for digit in number[:17]:
        k.tap(keys[digit])
    k.wait(lambda: field.property("text") == number[:17], lambda: str(field.property("text")))
    x_key = k.get("extraKey_applicant_id")
    assert x_key.property("text") == "X"
    k.tap(x_key)
    k.wait(lambda: k.journey.journey.answers.get("applicant_id") == number)
    assert field.property("text") == number
    assert is_valid_resident_id(str(k.journey.journey.answers["applicant_id"]))
    # The field kept the focus: the keypad is still open for a correction.
    assert field.hasActiveFocus() and k.keyboard().property("active")
    assert not x_key.isEnabled()  # 18 characters: nothing more fits
    k.click("nextButton")  # the page's other answers are missing; this one is accepted
    k.wait(lambda: k.journey.errors.count > 0)
    assert "applicant_id" not in {r["fieldId"] for r in k.journey.errors.rows()}


def test_the_x_key_types_at_the_cursor_and_only_for_id_fields(kiosk: Kiosk) -> None:
    k = kiosk
    field = open_id_field(k)
    k.type_into("field_applicant_id", "110105194912310020")
    k.press(Qt.Key.Key_Backspace)  # the last digit was wrong: X replaces it
    x_key = k.get("extraKey_applicant_id")
    assert x_key.width() >= 60 and x_key.height() >= 60
    k.tap(x_key)
    k.wait(lambda: k.journey.journey.answers.get("applicant_id") == "11010519491231002X")
    field.setProperty("cursorPosition", 0)  # in the middle of the text: at the cursor
    k.press(Qt.Key.Key_Delete)
    k.tap(x_key)
    k.wait(lambda: k.journey.journey.answers.get("applicant_id") == "X1010519491231002X")
    assert field.hasActiveFocus()
    # Other fields have no such key; the ID field's goes with its focus.
    k.click("field_applicant_name")
    k.wait(lambda: k.find("extraKey_applicant_id") is None)
    assert not [o for o in k._objects() if o.objectName().startswith("extraKey_") and o.isVisible()]
    # Large text: a bigger key.
    k.click("largeText")
    k.wait(lambda: k.shell.largeText)
    k.click("field_applicant_id")
    k.wait(lambda: k.find("extraKey_applicant_id") is not None)
    k.settle()
    big = k.get("extraKey_applicant_id")
    assert big.width() >= 60 * 1.3 and big.height() >= 60 * 1.3


def test_credit_codes_keep_the_letter_keyboard_without_an_x_key(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("company-address-change")
    k.click("beginButton")
    k.wait_screen("form")
    field = k.click("field_credit_code")
    k.wait(lambda: field.hasActiveFocus())
    k.wait(lambda: inner_keyboard(k).property("layoutType") == "main")
    k.settle()
    assert k.find("extraKey_credit_code") is None
