"""Which on-screen keyboard each kind of form field wants, and a date picker's range.

The keyboard follows the field, never the screen's language or the last applicant:
names, addresses and other free text open the pinyin keyboard (Chinese is what the
counter's records hold, whatever language the screens are read in); identifiers made of
Latin letters and digits open the English keyboard; numbers open a keypad (the layout
itself is chosen by the field's input hints, see ui/journey_rows.INPUT_HINTS).

A date is typed or picked: `picker_range` is the span of years, months and days the
picker offers, the field's own min/max when the catalog gives them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

from kiosk.catalog.models import FieldType

# The Qt Virtual Keyboard locales the kiosk's fields use (their layouts ship in
# resources/keyboard/layouts).
PINYIN: Final = "zh_CN"
LATIN: Final = "en_GB"

# The field types typed in Latin letters and digits only: an English keyboard. Numbers
# get a keypad whichever locale is active, so they keep the pinyin keyboard's locale
# (no layout reload when the focus moves from a name to an ID number).
_LATIN_TYPES: Final = frozenset({FieldType.CREDIT_CODE})

# The years a date picker offers when the catalog sets no bound: back to the earliest
# birth date an ID number can hold (kiosk.validators), forward a decade (leases, due
# dates).
EARLIEST: Final = date(1900, 1, 1)
YEARS_AHEAD: Final = 10


def keyboard_locale(kind: FieldType) -> str:
    """The keyboard locale a field of this type opens in: pinyin or English."""
    return LATIN if kind in _LATIN_TYPES else PINYIN


def _bound(value: Decimal | str | None, today: date) -> date | None:
    if value == "today":
        return today
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def picker_range(bounds: tuple[Decimal | str | None, ...], today: date) -> tuple[date, date]:
    """The first and last day a date picker offers: the field's (min, max) bounds
    (ISO dates or "today"), otherwise 1900-01-01 and ten years from today."""
    low, high = (_bound(b, today) for b in bounds[:2])
    first = low or EARLIEST
    last = high or date(today.year + YEARS_AHEAD, 12, 31)
    if last < first:  # a catalog's contradiction: offer its min alone
        last = first
    return first, last
