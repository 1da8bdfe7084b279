"""Errors on the form, through the real QML: what the applicant sees when Next finds
problems (GOV.UK's error summary and error message patterns).

The message sits above the input, below the label; the input in error has a thick red
border; the summary at the top of the page lists every problem, each entry taking the
applicant to its field; at 1280x800 all five entries of a page show at once. The parts of
an address each have a visible label.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtQuick import QQuickItem

from tests.ui.conftest import Kiosk

ITEM = "elderly-card"
# A blank first page of the elderly card: five problems.
PARTS = ("province", "city", "district", "detail")
ADDRESS_LABELS = {
    "zh_CN": ("省", "市", "区县", "详细地址（街道、门牌号）"),
    "en_US": ("Province", "City", "District or county", "Street address (street and number)"),
}


@pytest.fixture
def english(kiosk: Kiosk) -> Iterator[Kiosk]:
    """The kiosk in English; its translator goes with the test (it is the process's)."""
    kiosk.click("lang_en_US")
    kiosk.wait(lambda: str(kiosk.shell.language) == "en_US")
    yield kiosk
    kiosk.app.languages.switch("zh_CN")


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _blank_first_page(k: Kiosk) -> list[dict[str, Any]]:
    k.choose(ITEM, category="personal")
    k.click("beginButton")
    k.wait_screen("form")
    # Next is pressed at the foot of the page: the summary brings the page to its top.
    view = k.get("formFlick")
    view.setProperty("contentY", view.property("contentHeight") - view.height())
    k.wait(lambda: view.property("contentY") > 0)
    k.click("nextButton")
    k.wait(lambda: k.journey.errors.count == 5, lambda: str(k.journey.errors.rows()))
    k.settle()
    rows: list[dict[str, Any]] = k.journey.errors.rows()
    return rows


def _scene_y(item: QQuickItem) -> float:
    return item.mapToScene(QPointF(0, 0)).y()


def _border(entry: QQuickItem) -> tuple[float, QColor]:
    """The width and colour of an input's border (TextEntry's, which its frame draws)."""
    return float(entry.property("borderWidth")), QColor(entry.property("borderColor"))


def test_the_message_is_above_the_input_and_the_input_has_a_red_border(kiosk: Kiosk) -> None:
    k = kiosk
    rows = _blank_first_page(k)
    assert {r["fieldId"] for r in rows} >= {"applicant_name", "applicant_id", "home_address"}
    name = next(r for r in rows if r["fieldId"] == "applicant_name")
    assert name["message"] == "请输入老年人姓名"
    message = k.get("fieldError_applicant_name")
    field = k.get("field_applicant_name")
    assert message.isVisible() and k.text("fieldError_applicant_name") == "请输入老年人姓名"
    assert _scene_y(message) + message.height() <= _scene_y(field)  # above the input
    width, red = _border(field)
    assert width >= 4
    page = QColor("#eef3f8")  # the page's background in normal text
    assert _contrast(red, page) >= 3 and _contrast(red, QColor("white")) >= 3
    assert k.get("errorBar_applicant_name").isVisible()
    # A field without a problem keeps its ordinary border.
    assert _border(k.get("field_applicant_phone"))[0] < 4
    assert k.find("fieldError_applicant_phone") is None
    # Every empty part of the address is marked, each under its own label.
    for part in PARTS:
        entry = k.get(f"addr_home_address_{part}")
        assert _border(entry)[0] >= 4
    # Typing an answer clears the field's error and its red border.
    k.type_into("field_applicant_name", "王")
    k.wait(lambda: k.find("fieldError_applicant_name") is None)
    assert _border(k.get("field_applicant_name"))[0] < 4


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_the_summary_lists_every_problem_and_each_entry_goes_to_its_field(
    kiosk: Kiosk, large: bool
) -> None:
    k = kiosk
    if large:
        k.click("largeText")
        k.wait(lambda: k.shell.largeText)
    rows = _blank_first_page(k)
    summary = k.get("errorSummary")
    assert summary.isVisible()
    assert k.text("errorSummaryTitle") == "请修改以下内容"
    assert k.text("errorSummaryCount") == "有 5 处需要修改"
    window = k.app.window
    assert (window.width(), window.height()) == (1280, 800)
    view = k.get("formFlick")
    view_top, view_bottom = _scene_y(view), _scene_y(view) + view.height()
    for row in rows:
        entry = k.get(f"error_{row['fieldId']}")
        assert entry.property("text") == row["line"]
        # every entry shows whole, without scrolling, at 1280x800
        top, bottom = _scene_y(entry), _scene_y(entry) + entry.height()
        assert top >= 0 and bottom <= window.height(), (row["fieldId"], top, bottom)
        assert k.in_view(entry), row["fieldId"]
        assert view_top <= top and bottom <= view_bottom, (row["fieldId"], top, bottom)
    assert "此项" not in " ".join(r["line"] for r in rows)
    # A tap on an entry focuses its field and scrolls it into view.
    k.click("error_applicant_id")
    field = k.get("field_applicant_id")
    k.wait(lambda: field.hasActiveFocus())
    # The keyboard slides in over frames that a busy machine spaces out: waited for.
    k.wait(lambda: k.in_view(field), lambda: "the field stays out of view")
    k.click("error_home_address")
    k.wait(lambda: k.get("addr_home_address_province").hasActiveFocus())


def test_the_summary_counts_in_english(english: Kiosk) -> None:
    k = english
    rows = _blank_first_page(k)
    assert k.text("errorSummaryTitle") == "There is a problem"
    assert k.text("errorSummaryCount") == "Correct 5 answers"
    assert k.text("fieldError_applicant_name") == "Enter the name"
    assert all("This is required" not in r["line"] for r in rows)
    k.type_into("field_applicant_name", "Wang")
    k.type_into("addr_home_address_province", "Jilin")
    k.click("nextButton")
    k.wait(lambda: k.journey.errors.count == 4)
    k.settle()
    assert k.text("errorSummaryCount") == "Correct 4 answers"
    address = next(r for r in k.journey.errors.rows() if r["fieldId"] == "home_address")
    assert address["line"] == ("Enter the city, district and street address of the home address")


@pytest.mark.parametrize("language", sorted(ADDRESS_LABELS))
def test_every_address_part_has_a_visible_label(
    request: pytest.FixtureRequest, language: str
) -> None:
    k: Kiosk = request.getfixturevalue("english" if language == "en_US" else "kiosk")
    k.choose(ITEM, category="personal")
    k.click("beginButton")
    k.wait_screen("form")
    for part, label in zip(PARTS, ADDRESS_LABELS[language], strict=True):
        caption = k.get(f"addrLabel_home_address_{part}")
        entry = k.get(f"addr_home_address_{part}")
        k.scroll_into_view(entry)
        k.settle()
        assert caption.isVisible() and k.text(f"addrLabel_home_address_{part}") == label
        # above its own input, not beside another's
        assert _scene_y(caption) + caption.height() <= _scene_y(entry)
        assert abs(caption.mapToScene(QPointF(0, 0)).x() - entry.mapToScene(QPointF(0, 0)).x()) < 1
