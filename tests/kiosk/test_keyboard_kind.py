"""Which keyboard each field type opens, and a date picker's range (kiosk.keyboard_kind)."""

from __future__ import annotations

from datetime import date

from kiosk.catalog.models import FieldType
from kiosk.keyboard_kind import EARLIEST, LATIN, PINYIN, keyboard_locale, picker_range


def test_names_and_addresses_in_pinyin_identifiers_in_english() -> None:
    for kind in (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.ADDRESS):
        assert keyboard_locale(kind) == PINYIN == "zh_CN"
    assert keyboard_locale(FieldType.CREDIT_CODE) == LATIN == "en_GB"
    # Keypads come from the input hints; their locale stays the pinyin one (no reload).
    for kind in (FieldType.RESIDENT_ID, FieldType.MOBILE, FieldType.NUMBER, FieldType.DATE):
        assert keyboard_locale(kind) == PINYIN


def test_the_picker_range_is_the_fields_bounds_or_a_wide_default() -> None:
    today = date(2026, 11, 26)
    assert picker_range(("today", None), today) == (today, date(2036, 12, 31))
    assert picker_range((None, "today"), today) == (EARLIEST, today)
    assert picker_range(("2020-01-01", "2021-06-30"), today) == (
        date(2020, 1, 1),
        date(2021, 6, 30),
    )
    assert picker_range((None, None), today) == (EARLIEST, date(2036, 12, 31))
    # A catalog's contradiction (min after max): its min alone, never an empty picker.
    assert picker_range(("2030-01-01", "2020-01-01"), today) == (date(2030, 1, 1),) * 2
