"""The on-screen keyboard and the form's focus: Enter (下一项) moves from field to field
and on the last one to the next page; the focused field shows whole (label, message,
input) above the keyboard; each field opens its own keyboard, whoever came before; digit
pads in the phone's order; pinyin candidates large enough to read and tap."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from tests.ui.conftest import PINYIN, Kiosk, _descendants, call, candidates
from tests.ui.test_keyboard import inner_keyboard, keyboard_keys

LATIN = 0  # QVirtualKeyboardInputEngine::InputMode::Latin


def _open_form(k: Kiosk, item: str = "elderly-card") -> None:
    k.choose(item)
    k.click("beginButton")
    k.wait_screen("form")


def _focused_name(k: Kiosk) -> str:
    item = k.window.activeFocusItem()
    return item.objectName() if item is not None else ""


def _enter(k: Kiosk, keys: Any) -> None:
    """The keyboard's Enter key, pressed as its key panel does."""
    call(keys, "key", int(Qt.Key.Key_Return))


def _enter_key(k: Kiosk) -> QQuickItem:
    (key,) = [
        i
        for i in _descendants(k.keyboard())
        if i.isVisible() and i.metaObject().indexOfProperty("actionId") >= 0
    ]
    return key


def _text_inputs(k: Kiosk) -> list[str]:
    """The page's text inputs in order, as the applicant meets them."""
    names: list[str] = []
    for row in k.field_rows():
        fid, kind = row["fieldId"], row["type"]
        if kind == "address":
            names += [f"addr_{fid}_{p}" for p in ("province", "city", "district", "detail")]
        elif kind not in ("single_choice", "multiple_choice", "yes_no"):
            names.append(f"field_{fid}")
    return names


def test_enter_moves_through_the_page_and_then_to_the_next_page(kiosk: Kiosk, keys: Any) -> None:
    k = kiosk
    _open_form(k)
    names = _text_inputs(k)
    assert names[:3] == ["field_applicant_name", "field_applicant_id", "addr_home_address_province"]
    k.click(names[0])
    k.wait(lambda: k.keyboard().property("active"))
    # The Enter key reads 下一项 in letters large enough (the style's are 15 px).
    (label,) = [i for i in _descendants(_enter_key(k)) if i.objectName() == "enterKeyLabel"]
    k.wait(lambda: label.property("text") == "下一项")
    assert label.property("font").pixelSize() >= 24 and label.property("contentHeight") >= 24
    for name in names[1:]:
        assert _enter_key(k).property("displayText") == "下一项"
        _enter(k, keys)
        k.wait(lambda n=name: _focused_name(k) == n, lambda: _focused_name(k))
        k.wait(lambda: k.keyboard().property("active"))
    # The last field's Enter reads 下一步 and goes on (here: the page's errors, nothing
    # being answered).
    k.wait(lambda: _enter_key(k).property("displayText") == "下一步")
    _enter(k, keys)
    k.wait(lambda: k.journey.errors.count > 0)
    assert k.get("errorSummary").isVisible()


def test_enter_on_the_last_field_goes_to_the_next_page(kiosk: Kiosk, keys: Any) -> None:
    k = kiosk
    _open_form(k)
    k.fill_page(
        {
            "applicant_name": "王婧",
            "applicant_id": "11010519491231002X",
            "hukou": "local",
            "home_address": {
                "province": "吉林省",
                "city": "长春市",
                "district": "经开区",
                "detail": "自由大路 1 号",
            },
            "applicant_phone": "13800138000",
        }
    )
    page = k.journey.journey.page_id
    last = _text_inputs(k)[-1]
    k.click(last)
    k.wait(lambda: _enter_key(k).property("displayText") == "下一步")
    _enter(k, keys)
    k.wait(lambda: k.journey.journey.page_id != page, lambda: str(k.journey.errors.rows()))


def _candidate_view(k: Kiosk) -> QQuickItem:
    (view,) = [i for i in _descendants(k.keyboard()) if i.objectName() == "wordCandidateView"]
    return view


def _geometry(k: Kiosk, item: QQuickItem) -> tuple[float, float, bool]:
    top = item.mapToScene(QPointF(0, 0)).y()
    return top, top + item.height(), _visible_above_keyboard(k, item)


def _visible_above_keyboard(k: Kiosk, item: QQuickItem) -> bool:
    """The whole item inside the form's view, and above the keyboard."""
    flick = k.get("formFlick")
    top = item.mapToItem(flick, QPointF(0, 0)).y()
    bottom = top + item.height()
    if top < -0.5 or bottom > flick.height() + 0.5:
        return False
    panel = k.keyboard()
    if panel.property("active"):
        scene_bottom = item.mapToScene(QPointF(0, item.height())).y()
        if scene_bottom > panel.mapToScene(QPointF(0, 0)).y() + 0.5:
            return False
    nav = k.get("nextButton")  # and the 上一步/下一步 row is not over it
    return item.mapToScene(QPointF(0, item.height())).y() <= nav.mapToScene(QPointF(0, 0)).y()


@pytest.mark.parametrize(
    ("size", "large"), [((1280, 800), False), ((1280, 800), True), ((1080, 1920), True)]
)
def test_the_focused_field_shows_whole_above_the_keyboard(
    kiosk: Kiosk, keys: Any, size: tuple[int, int], large: bool
) -> None:
    k = kiosk
    k.window.resize(*size)
    if large:
        k.click("largeText")
        k.wait(lambda: k.shell.largeText)
    _open_form(k)
    k.click("nextButton")  # every field gets its message, above its input
    k.wait(lambda: k.journey.errors.count > 0)
    k.settle()
    names = _text_inputs(k)
    k.click(names[0])
    for at, name in enumerate(names):
        if at:
            _enter(k, keys)
        k.wait(lambda n=name: _focused_name(k) == n, lambda: _focused_name(k))
        k.wait(lambda: k.keyboard().property("active"))
        k.settle()
        k.settle()
        fid = name.split("_", 1)[1] if name.startswith("field_") else "home_address"
        shown = [k.get(name)]
        if name.startswith("field_") or name.endswith("_province"):
            shown += [k.get(f"fieldLabel_{fid}")]
            if k.find(f"fieldError_{fid}") is not None:
                shown.append(k.get(f"fieldError_{fid}"))
        else:  # an address's later part: with its own label
            shown.append(k.get(name.replace("addr_", "addrLabel_")))
        why = lambda n=name, s=shown: (  # noqa: E731
            f"{n} not whole above the keyboard at {size}: "
            + str([(i.objectName(), _geometry(k, i)) for i in s])
        )
        k.wait(lambda s=shown: all(_visible_above_keyboard(k, i) for i in s), why)
        if at == 0:  # pinyin being typed: the candidates' row is up too
            for letter in "wang":
                call(keys, "press", letter)
            view = _candidate_view(k)
            k.wait(lambda v=view: v.height() > 0 and v.property("y") <= -v.height() + 0.5)
            k.wait(lambda s=shown: all(_visible_above_keyboard(k, i) for i in s), why)
            QGuiApplication.inputMethod().reset()


def test_a_drag_with_the_keyboard_open_moves_the_form_a_finger_s_length(kiosk: Kiosk) -> None:
    """With the keyboard open (1280x800, large text) a finger drawn up the visible form,
    bottom to top, moves it at least 200 px while it is down (it was under 100 px: the
    form showed a strip between the page's title and its buttons)."""
    k = kiosk
    k.click("largeText")
    k.wait(lambda: k.shell.largeText)
    _open_form(k, "construction-permit")
    k.click("field_project_name")
    k.wait(lambda: k.keyboard().property("active"))
    flick = k.get("formFlick")
    k.settle()
    k.settle()
    start = flick.mapToScene(QPointF(flick.width() - 40, flick.height() - 5))
    end = flick.mapToScene(QPointF(flick.width() - 40, 5))
    before = float(flick.property("contentY"))
    device = QTest.createTouchDevice()
    at, to = QPoint(round(start.x()), round(start.y())), round(end.y())
    QTest.touchEvent(k.window, device).press(0, at, k.window)
    steps = 20
    for step in range(1, steps + 1):  # one move a frame: a finger's pace
        k.settle()
        y = round(at.y() + (to - at.y()) * step / steps)
        QTest.touchEvent(k.window, device).move(0, QPoint(at.x(), y), k.window)
    k.settle()
    dragged = float(flick.property("contentY")) - before  # under the finger, before any flick
    QTest.touchEvent(k.window, device).release(0, QPoint(at.x(), to), k.window)
    k.wait(lambda: not flick.property("moving"))
    assert dragged >= 200, (flick.height(), dragged)


def test_the_name_field_opens_pinyin_after_an_english_applicant(kiosk: Kiosk, keys: Any) -> None:
    k = kiosk
    k.shell.setLanguage("en_US")
    _open_form(k)
    field = k.click("field_applicant_name")  # in English screens: still pinyin
    k.wait(lambda: field.hasActiveFocus() and k.keyboard().property("active"))
    k.wait(lambda: call(keys, "locale") == "zh_CN", lambda: str(call(keys, "locale")))
    k.wait(lambda: call(keys, "mode") == PINYIN)
    # This applicant switches the keyboard to English letters, then walks away.
    call(keys, "setMode", LATIN)
    k.wait(lambda: call(keys, "mode") == LATIN)
    k.idle.expire_now()
    k.wait_screen("home")
    assert k.shell.language == "zh_CN"
    _open_form(k)
    field = k.click("field_applicant_name")
    k.wait(lambda: field.hasActiveFocus() and k.keyboard().property("active"))
    k.wait(lambda: call(keys, "locale") == "zh_CN", lambda: str(call(keys, "locale")))
    k.wait(lambda: call(keys, "mode") == PINYIN, lambda: str(call(keys, "mode")))


def test_credit_codes_open_the_english_keyboard(kiosk: Kiosk, keys: Any) -> None:
    k = kiosk
    _open_form(k, "company-address-change")
    k.click("field_credit_code")
    k.wait(lambda: k.keyboard().property("active"))
    k.wait(lambda: call(keys, "locale") == "en_GB", lambda: str(call(keys, "locale")))


def _phone_order(k: Kiosk) -> None:
    shown = keyboard_keys(k)
    y = {d: shown[d].mapToScene(QPointF(0, 0)).y() for d in "1470"}
    x = {d: shown[d].mapToScene(QPointF(0, 0)).x() for d in "123"}
    assert y["1"] < y["4"] < y["7"] < y["0"], y
    assert x["1"] < x["2"] < x["3"], x


def test_digit_pads_have_1_2_3_on_top(kiosk: Kiosk) -> None:
    k = kiosk
    _open_form(k)
    for name, layout in (
        ("field_applicant_id", "digits"),
        ("field_applicant_phone", "dialpad"),
        ("field_home_landline", "numbers"),
    ):
        k.click(name)
        k.wait(lambda lay=layout: inner_keyboard(k).property("layoutType") == lay)
        k.settle()
        _phone_order(k)
    # The ID's pad: digits, with X beside the field.
    k.click("field_applicant_id")
    k.wait(lambda: k.find("extraKey_applicant_id") is not None)
    assert k.text("extraKey_applicant_id") == "X"


@pytest.mark.parametrize(("large", "least"), [(False, 24), (True, 30)])
def test_pinyin_candidates_are_large(kiosk: Kiosk, keys: Any, large: bool, least: int) -> None:
    k = kiosk
    if large:
        k.click("largeText")
        k.wait(lambda: k.shell.largeText)
    _open_form(k)
    k.click("field_applicant_name")
    k.wait(lambda: k.keyboard().property("active"))
    for letter in "wang":
        call(keys, "press", letter)
    k.wait(lambda: "王" in candidates(keys))
    view = _candidate_view(k)
    k.wait(lambda: view.height() > 0 and view.property("y") <= -view.height() + 0.5)
    k.settle()
    shown = [
        i
        for i in _descendants(k.keyboard())
        if i.objectName() == "candidate" and i.isVisible() and i.width() > 0
    ]
    assert shown, "no candidates shown"
    for item in shown:
        assert item.height() >= 44 * (1.3 if large else 1) and item.width() >= 44
        (label,) = [c for c in item.childItems() if c.objectName() == "candidateLabel"]
        assert label.property("font").pixelSize() >= least
