"""The form's answers from an ID card placed on the reader (居民身份证阅读器).

A catalog field names the card value it takes (``from_id_card = "name"``); a card read
fills every such field of the item at once, and the applicant sees and may correct what
was filled. The names of the values are kiosk.card_values', which the reader
(devices.id_card) gives; what each may fill is checked with the catalog (`field_problem`).

A value goes into a field only where it fits the field's type: 男/女 into a single
choice whose option reads so, a date into a date field, the card's address split into
province, city and district by the divisions' names (the rest is the street address),
"长期" (long-term) into a text field only. Imports no Qt and nothing of devices/.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from kiosk.card_values import CARD_VALUES, LONG_TERM
from kiosk.catalog.models import FieldType, FormField

if TYPE_CHECKING:
    from kiosk.divisions import Divisions
    from kiosk.forms import AnswerValue


_TEXT = frozenset({FieldType.TEXT})
_CHOSEN = frozenset({FieldType.TEXT, FieldType.SINGLE_CHOICE})
_DATED = frozenset({FieldType.DATE, FieldType.TEXT})
# The field types each card value may fill.
FIELD_TYPES: Final[Mapping[str, frozenset[FieldType]]] = {
    "name": _TEXT,
    "sex": _CHOSEN,
    "nation": _CHOSEN,
    "birth_date": _DATED,
    "address": frozenset({FieldType.ADDRESS, FieldType.TEXT, FieldType.LONG_TEXT}),
    "id_number": frozenset({FieldType.RESIDENT_ID, FieldType.TEXT}),
    "authority": _TEXT,
    "valid_from": _DATED,
    "valid_to": _DATED,
}


def field_problem(value: str, field_type: FieldType) -> str | None:
    """What is wrong with a field of `field_type` taking the card's `value`; None: fine."""
    if value not in FIELD_TYPES:
        return f"'{value}' is not a card value; allowed: {', '.join(CARD_VALUES)}"
    allowed = FIELD_TYPES[value]
    if field_type not in allowed:
        names = ", ".join(sorted(t.value for t in allowed))
        return f"the card's {value} fills only {names} fields, not {field_type.value}"
    return None


def card_fields(fields: Iterable[FormField]) -> list[FormField]:
    """The fields a card fills (those naming a card value), in form order."""
    return [f for f in fields if f.from_id_card is not None]


def answers_from_card(
    fields: Iterable[FormField],
    values: Mapping[str, str],
    divisions: Divisions | None = None,
) -> dict[str, AnswerValue]:
    """The answers the card's `values` give to `fields` (by id); a value that does not fit
    its field (an unknown option, "长期" for a date) is left out, for the applicant."""
    answers: dict[str, AnswerValue] = {}
    for f in card_fields(fields):
        value = values.get(f.from_id_card or "", "").strip()
        if not value:
            continue
        answer = _answer(f, value, divisions)
        if answer is not None:
            answers[f.id] = answer
    return answers


def _answer(f: FormField, value: str, divisions: Divisions | None) -> AnswerValue:
    if f.type is FieldType.SINGLE_CHOICE:
        return next((c.value for c in f.choices if value in (c.label.zh, c.label.en)), None)
    if f.type is FieldType.DATE:
        return None if value == LONG_TERM else value
    if f.type is FieldType.ADDRESS:
        return split_address(value, divisions)
    return value


def split_address(address: str, divisions: Divisions | None) -> dict[str, str]:
    """A card's address as the form's four parts: the longest province-city-district
    start the divisions know, the rest as the street address (all of it without one)."""
    best: tuple[int, dict[str, str]] | None = None
    for place in divisions.places() if divisions is not None else ():
        start = place.address
        if address.startswith(start) and (best is None or len(start) > best[0]):
            parts = {
                "province": place.province.name,
                "city": place.city.name,
                "district": place.district.name,
            }
            best = (len(start), parts)
    if best is None:
        return {"province": "", "city": "", "district": "", "detail": address}
    length, parts = best
    return {**parts, "detail": address[length:]}
