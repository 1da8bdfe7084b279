"""A date is typed (年-月-日) or picked with a finger: year by steps, month and day from
grids of large keys, the field's own min/max respected; the picked date is the answer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.ui.conftest import Kiosk


def _open_construction_form(k: Kiosk) -> None:
    k.choose("construction-permit")
    k.click("beginButton")
    k.wait_screen("form")


def _open_picker(k: Kiosk, field_id: str) -> None:
    k.click(f"pickDate_{field_id}")
    k.wait(lambda: k.popup(f"datePicker_{field_id}").property("opened"))
    k.settle()


def test_a_date_picked_is_the_answer(kiosk: Kiosk) -> None:
    k = kiosk
    _open_construction_form(k)
    _open_picker(k, "planned_start")
    assert not k.keyboard().property("active")  # the picker, not the keyboard
    today = k.journey.journey.today()  # the hall's day (Asia/Shanghai), not the host's
    # min = "today": yesterday cannot be picked, today can.
    assert k.text("datePickerYear") == f"{today.year}年"
    if today.day > 1:
        assert not k.get(f"datePickerDay_{today.day - 1}").isEnabled()
    assert k.get(f"datePickerDay_{today.day}").isEnabled()
    assert not k.get("datePickerYear_minus1").isEnabled()
    k.click("datePickerYear_plus1")
    k.wait(lambda: k.text("datePickerYear") == f"{today.year + 1}年")
    k.click("datePickerMonth_3")
    k.click("datePickerDay_15")
    k.wait(lambda: k.text("datePickerChosen") == f"{today.year + 1}年3月15日")
    # Large keys (WCAG 2.5.5's 44 px, and more).
    for name in ("datePickerDay_15", "datePickerMonth_3", "datePickerYear_plus10", "datePickerOk"):
        key = k.get(name)
        assert key.width() >= 48 and key.height() >= 48, name
    k.click("datePickerOk")
    picked = f"{today.year + 1}-03-15"
    k.wait(lambda: k.journey.journey.answers.get("planned_start") == picked)
    assert k.text("field_planned_start") == picked
    k.wait(lambda: not k.popup("datePicker_planned_start").property("opened"))


def test_the_picker_starts_from_the_typed_date_and_cancel_keeps_it(kiosk: Kiosk) -> None:
    k = kiosk
    _open_construction_form(k)
    typed = (k.journey.journey.today() + timedelta(days=400)).isoformat()
    k.type_into("field_planned_finish", typed)
    _open_picker(k, "planned_finish")
    y, m, d = (int(p) for p in typed.split("-"))
    assert k.text("datePickerChosen") == f"{y}年{m}月{d}日"
    assert k.get(f"datePickerMonth_{m}").property("checked")
    k.click("datePickerYear_minus1")
    k.click("datePickerCancel")
    k.wait(lambda: not k.popup("datePicker_planned_finish").property("opened"))
    assert k.journey.journey.answers.get("planned_finish") == typed


@pytest.mark.parametrize("large", [False, True])
def test_the_picker_in_english_and_large_text(kiosk: Kiosk, large: bool) -> None:
    k = kiosk
    k.shell.setLanguage("en_US")
    if large:
        k.click("largeText")
        k.wait(lambda: k.shell.largeText)
    _open_construction_form(k)
    _open_picker(k, "planned_start")
    assert k.text("datePickerMonth_3") == "Mar"
    assert k.text("datePickerOk") == "OK"
    for name in ("datePickerDay_28", "datePickerOk", "datePickerCancel"):
        assert k.in_view(k.get(name)), name
    if large:
        assert k.get("datePickerDay_28").height() >= 60
    k.click("datePickerCancel")
    k.shell.setLanguage("zh_CN")  # the translator is the process's: the next test's too
