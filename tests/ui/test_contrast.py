"""Contrast and visible states (WCAG 1.4.3, 1.4.11, 1.4.1), in normal and large text.

The ratios are computed from the theme's colours (ui.palette); the screens are then walked
through the real QML to show that every colour they paint is one of the theme's, so the
computed ratios are the ones an applicant sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor
from PySide6.QtQml import QQmlProperty
from PySide6.QtQuick import QQuickItem

from kiosk.samples import SAMPLES
from tests.ui.conftest import Kiosk
from ui.palette import LARGE, NORMAL, PAIRS, PALETTES, Kind, Palette, contrast, shortfalls

QML = Path(__file__).resolve().parents[2] / "ui" / "qml"


def test_the_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    # The measurements: the old input border and an old secondary text.
    assert contrast("#bdbdbd", "#eef3f8") == pytest.approx(1.68, abs=0.01)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_every_pairing_of_the_theme_meets_its_minimum(name: str) -> None:
    assert shortfalls(PALETTES[name]) == []


def test_a_shortfall_is_named() -> None:
    pale = Palette(**{**NORMAL.as_dict(), "input_border": "#bdbdbd"})
    found = next(s for s in shortfalls(pale) if s.startswith("input_border #bdbdbd on window"))
    assert "1.68:1 < 3.0:1" in found


def test_the_pairs_cover_text_inputs_focus_and_the_chosen_state() -> None:
    kinds = {(fg, kind) for fg, _, kind in PAIRS}
    for role in ("text", "placeholder", "error", "on_primary", "button_text"):
        assert (role, Kind.TEXT) in kinds
    for role in ("input_border", "focus", "selected_border", "error"):
        assert (role, Kind.NON_TEXT) in kinds


def test_no_screen_paints_a_colour_of_its_own() -> None:
    """Colours come from the theme only: a literal in QML would escape the ratios."""
    literal = re.compile(r'"#[0-9a-fA-F]{3,8}"|"(white|black|red|grey|gray|green|blue)"')
    found = [
        f"{path.relative_to(QML)}:{n}: {line.strip()}"
        for path in sorted(QML.rglob("*.qml"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert found == []


# --- what the screens paint ---------------------------------------------------------


def _colours(k: Kiosk) -> Iterator[tuple[str, QColor]]:
    """(where, colour) of every opaque colour a shown item paints, the keyboard aside."""
    keyboard = k.keyboard()
    for item in k.shown_items():
        if _under(item, keyboard):
            continue
        where = f"{item.metaObject().className()} {item.objectName()!r}"
        for name in ("color", "border.color"):
            width = float(str(_read(item, "border.width") or 0))
            # An unset border reads as 1 px black but is not drawn (QQuickPen is "valid"
            # only once set): black at 1 px is taken as none.
            if name == "border.color" and (width <= 0 or (width == 1 and _black(item))):
                continue
            value = _read(item, name)
            if isinstance(value, QColor) and value.alpha() == 255:
                yield f"{where}.{name}", value


def _black(item: QQuickItem) -> bool:
    colour = _read(item, "border.color")
    return isinstance(colour, QColor) and colour.name() == "#000000"


def _read(item: QQuickItem, name: str) -> object:
    """A property, grouped ones ("border.color") included; None where there is none."""
    prop = QQmlProperty(item, name)
    return prop.read() if prop.isValid() else None


def _under(item: QQuickItem, ancestor: QQuickItem) -> bool:
    while item is not None:
        if item is ancestor or item.objectName() == "keyboard":
            return True
        item = item.parentItem()
    return False


def _foreign(k: Kiosk, palette: Palette) -> list[str]:
    allowed = {QColor(c).name() for c in palette.as_dict().values()}
    return sorted({f"{w} = {c.name()}" for w, c in _colours(k) if c.name() not in allowed})


def _walk(k: Kiosk) -> Iterator[str]:
    """Every screen with its kinds of content: errors, choices, the three outcomes."""
    yield "home"
    k.choose("company-address-change", category="enterprise")
    yield "intro"
    k.click("beginButton")
    k.wait_screen("form")
    k.click("nextButton")  # the empty page: errors with their summary
    k.wait(lambda: k.journey.errors.rowCount() > 0)
    k.settle()
    yield "form with errors"
    k.fill_form(SAMPLES["company-address-change"]())
    k.settle()
    yield "materials"
    k.tick_materials(missing=("premises_proof",))
    yield "check"
    k.submit()
    yield "result"


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_every_colour_on_screen_is_the_themes(kiosk: Kiosk, large: bool) -> None:
    k = kiosk
    if large:
        k.click("largeText")
        k.wait(lambda: k.shell.largeText)
        k.settle()
    palette = LARGE if large else NORMAL
    assert QColor(k.window.property("color")).name() == palette.window
    try:
        for screen in _walk(k):
            assert _foreign(k, palette) == [], screen
    finally:
        if k.shell.largeText:
            k.click("largeText")


def test_the_input_border_and_focus_ring_hold_3_to_1_where_they_are_shown(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("elderly-card", category="personal")
    k.click("beginButton")
    k.wait_screen("form")
    for large in (False, True):
        if bool(k.shell.property("largeText")) != large:
            k.click("largeText")
            k.wait(lambda: bool(k.shell.property("largeText")) == large)  # noqa: B023
            k.settle()
        page = QColor(k.window.property("color")).name()
        frames = k.all("entryFrame")
        assert frames
        for frame in frames:
            border = QColor(_read(frame, "border.color")).name()
            assert contrast(border, page) >= 3.0, (border, page)
            assert contrast(border, frame.property("color").name()) >= 3.0
    k.click("largeText")
    k.wait(lambda: not k.shell.largeText)


def test_a_chosen_option_shows_a_tick(kiosk: Kiosk) -> None:
    k = kiosk
    k.choose("company-address-change", category="enterprise")
    k.click("beginButton")
    k.wait_screen("form")
    k.fill_form(SAMPLES["company-address-change"]())
    row = k.journey.materials.rows()[0]
    have, missing = (k.get(f"material_{row['materialId']}_{w}") for w in ("have", "missing"))

    def ticked(button: QQuickItem) -> bool:
        (mark,) = [i for i in _descendants(button) if i.objectName() == "tick"]
        return mark.isVisible() and mark.width() > 0

    assert not ticked(have) and not ticked(missing)
    k.click(f"material_{row['materialId']}_have")
    k.wait(lambda: ticked(have))
    assert not ticked(missing)
    k.click(f"material_{row['materialId']}_missing")
    k.wait(lambda: ticked(missing) and not ticked(have))
    k.settle()
    # The tick sits left of the label, inside the button.
    label = missing.property("contentItem")
    (mark,) = [i for i in _descendants(missing) if i.objectName() == "tick"]
    left = mark.mapToItem(missing, QPointF(0, 0)).x()
    assert (
        left > 0
        and left + mark.width()
        <= label.property("leftPadding")
        + (label.width() - label.property("leftPadding") - label.property("paintedWidth")) / 2
        + 1
    )


def _descendants(item: QQuickItem) -> Iterator[QQuickItem]:
    for child in item.childItems():
        yield child
        yield from _descendants(child)
