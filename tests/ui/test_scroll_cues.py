"""A list or page that scrolls says so: a scroll bar, and a "more below" cue over its
bottom edge until its end is in view; a tap on the cue scrolls on."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem

from tests.ui.conftest import Kiosk


def _scrolls(view: QQuickItem) -> bool:
    return float(view.property("contentHeight")) > float(view.property("height")) + 1


def _check_cue(k: Kiosk, view_name: str, cue_name: str) -> None:
    view, cue = k.get(view_name), k.find(cue_name)
    assert cue is not None
    k.wait(lambda: _scrolls(view), lambda: f"{view_name} does not scroll here")
    k.wait(lambda: cue.property("more") and cue.property("opacity") == 1)
    bar = view.property("ScrollBar.vertical") or next(
        c for c in view.childItems() if c.metaObject().className().startswith("ScrollBar")
    )
    assert bar.isVisible() and float(bar.property("size")) < 1
    before = float(view.property("contentY"))
    k.tap(cue)
    k.wait(lambda: float(view.property("contentY")) > before)
    view.setProperty("contentY", float(view.property("contentHeight")) - view.height())
    k.wait(lambda: not cue.property("more"), lambda: "the cue stays at the end")
    assert cue.property("opacity") == 0 and not cue.isEnabled()


def test_the_services_list_shows_it_has_more(kiosk: Kiosk) -> None:
    k = kiosk
    k.click("startButton")
    k.wait_screen("services")
    k.wait(lambda: k.journey.services.rowCount() == 12)
    _check_cue(k, "serviceList", "serviceListMore")


def test_a_long_introduction_shows_it_has_more(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("company-startup")
    _check_cue(k, "introPage", "introMore")


def test_a_list_that_fits_shows_no_cue(kiosk: Kiosk) -> None:
    k = kiosk
    k.click("startButton")
    k.wait_screen("services")
    k.type_into("searchField", "lnz")
    k.wait(lambda: k.journey.services.rowCount() == 1)
    QGuiApplication.inputMethod().hide()  # the keyboard done with: the list has its room
    k.wait(lambda: not k.keyboard().property("active"))
    k.settle()
    assert not _scrolls(k.get("serviceList"))
    assert not k.get("serviceListMore").property("more")


def test_in_large_text_the_home_screen_scrolls_to_its_opening_hours(kiosk: Kiosk) -> None:
    """At 1280x800 in large English text the opening hours were cut off the bottom."""
    k = kiosk
    k.click("lang_en_US")
    k.click("largeText")
    k.wait(lambda: k.shell.largeText and k.shell.language == "en_US")
    k.settle()
    assert k.in_view(k.get("startButton"))  # the primary action on screen at once
    hours = k.get("hours")
    if k.in_view(hours, QPointF(hours.width() / 2, hours.height() - 2)):
        raise AssertionError("the hours fit: this size no longer tests the cue")
    k.tap(k.get("homeMore"))
    k.wait(lambda: k.in_view(hours, QPointF(hours.width() / 2, hours.height() - 2)))
    # The translator is the application's, shared with the next test: Chinese again.
    k.click("largeText")
    k.click("lang_zh_CN")
    k.wait(lambda: not k.shell.largeText and k.shell.language == "zh_CN")


def test_a_long_form_page_shows_it_has_more(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("construction-permit")
    k.click("beginButton")
    k.wait_screen("form")
    _check_cue(k, "formFlick", "formMore")
