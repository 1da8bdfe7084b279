"""The values an ID card gives (居民身份证): their names, shared by the reader that reads
them (devices.id_card) and the catalog's fields that take them (kiosk.id_card_fill).
Standard library only: the reader's own process imports it."""

from __future__ import annotations

from typing import Final

CARD_VALUES: Final = (
    "name",
    "sex",
    "nation",
    "birth_date",
    "address",
    "id_number",
    "authority",
    "valid_from",
    "valid_to",
)
LONG_TERM: Final = "长期"  # the "valid to" of a card valid for life
