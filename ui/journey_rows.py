"""The rows the journey's lists show, in the chosen language (plain functions, no Qt state).

Each list of the journey's screens is built here from the core's objects: what a row
holds, and the on-screen keyboard's layout for each kind of field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from kiosk.catalog.models import FieldType, FormField, Material, ServiceItem
from kiosk.forms import OTHER_MAX_CHARS, answer_limit
from kiosk.i18n import Text
from kiosk.keyboard_kind import keyboard_locale, picker_range
from kiosk.prereview import Deficiency, Finding

Translate = Callable[[Text | None], str]

# The on-screen keyboard's layout for each kind of field (Qt.InputMethodHint): a digit
# keypad for ID numbers, numbers and postal codes, a dial pad for mobiles, Latin letters
# and digits (no pinyin) for credit codes.
_H = Qt.InputMethodHint
_PLAIN = _H.ImhNoPredictiveText | _H.ImhLatinOnly
INPUT_HINTS = {
    FieldType.RESIDENT_ID: _PLAIN | _H.ImhDigitsOnly,  # 17 digits, then a digit or X
    FieldType.CREDIT_CODE: _PLAIN | _H.ImhUppercaseOnly,
    FieldType.MOBILE: _PLAIN | _H.ImhDialableCharactersOnly,
    FieldType.LANDLINE: _PLAIN | _H.ImhFormattedNumbersOnly,  # 0431-81234567: has a "-"
    FieldType.POSTAL_CODE: _PLAIN | _H.ImhDigitsOnly,
    FieldType.NUMBER: _PLAIN | _H.ImhDigitsOnly,
    FieldType.MONEY: _PLAIN | _H.ImhFormattedNumbersOnly,
    FieldType.DATE: _PLAIN | _H.ImhFormattedNumbersOnly,
}
# A key shown beside the field while it has the focus, for a character its keypad lacks:
# the X that ends some resident ID numbers (GB 11643) is not on the digit keypad.
EXTRA_KEYS = {FieldType.RESIDENT_ID: "X"}
SERVICE_KEYS = ("itemId", "name", "description", "category", "counters", "timeLimit")
FIELD_KEYS = (
    "fieldId",
    "type",
    "label",
    "hint",
    "required",
    "value",
    "error",
    "choices",
    "inputHints",
    "extraKey",
    "maxLength",
    "keyboardLocale",  # the on-screen keyboard's locale for this field (kiosk.keyboard_kind)
    "dateMin",  # a date picker's first and last day, ISO (kiosk.keyboard_kind.picker_range)
    "dateMax",
    "fromCard",
)
MATERIAL_KEYS = (
    "materialId",
    "name",
    "form",
    "copies",
    "essential",
    "deficiencyDays",
    "note",
    "have",
    "conditional",  # asked only for some answers (e.g. a partnership agreement)
)
# "line": what a list of problems shows, the message alone when it names the field (the
# core's messages do), "label：message" for a catalog's own message that may not.
ERROR_KEYS = ("fieldId", "label", "message", "fix", "line")
ANSWER_PAGE_KEYS = ("pageId", "title", "answers")
FINDING_KEYS = ("target", "kind", "label", "message", "fix", "line")
DEFICIENCY_KEYS = ("name", "dueDate", "workingDays")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def service_row(item: ServiceItem, t: Translate, counters: str) -> dict[str, Any]:
    return {
        "itemId": item.id,
        "name": t(item.name),
        "description": t(item.description),
        "category": item.category.value,
        "counters": counters,
        "timeLimit": item.time_limit_days,
    }


def field_row(
    f: FormField, value: Any, error: str, t: Translate, today: date | None = None
) -> dict[str, Any]:
    first, last = picker_range(f.bounds, today or date.today())
    return {
        "fieldId": f.id,
        "type": f.type.value,
        "label": t(f.label),
        "hint": t(f.hint),
        "required": f.required,
        "value": value if value is not None else "",
        "error": error,
        "choices": [{"value": c.value, "label": t(c.label)} for c in f.choices],
        "inputHints": INPUT_HINTS[f.type].value if f.type in INPUT_HINTS else 0,
        "extraKey": EXTRA_KEYS.get(f.type, ""),
        # The answer's limit (per part of an address), as the core cuts it; an ID is
        # 18 characters.
        "maxLength": 18
        if f.type in (FieldType.RESIDENT_ID, FieldType.CREDIT_CODE)
        else answer_limit(f) or OTHER_MAX_CHARS,
        "keyboardLocale": keyboard_locale(f.type),
        "dateMin": first.isoformat() if f.type is FieldType.DATE else "",
        "dateMax": last.isoformat() if f.type is FieldType.DATE else "",
        # Filled from the ID card when one is placed on the reader (kiosk.id_card_fill).
        "fromCard": f.from_id_card is not None,
    }


def material_row(m: Material, have: bool | None, t: Translate) -> dict[str, Any]:
    return {
        "materialId": m.id,
        "name": t(m.name),
        "form": t(m.form.label),
        "copies": m.copies,
        "essential": m.essential,
        "deficiencyDays": m.deficiency_days or 0,
        "note": t(m.note),
        "have": -1 if have is None else int(have),
        "conditional": m.relevant is not None,
    }


def problem_line(label: str, message: str, colon: str) -> str:
    """A problem as a list shows it: the message, after the label if it does not name it."""
    named = (
        label.casefold().rstrip("?？") in message.casefold()
    )  # "Home address", "the home address"
    return message if named else f"{label}{colon}{message}"


def _colon(t: Translate) -> str:
    return t(Text("：", ": "))


def error_rows(errors: Sequence[Finding], t: Translate) -> list[dict[str, Any]]:
    return [
        {
            "fieldId": e.target,
            "label": t(e.label),
            "message": t(e.message),
            "fix": t(e.fix),
            "line": problem_line(t(e.label), t(e.message), _colon(t)),
        }
        for e in errors
    ]


def finding_rows(findings: Sequence[Finding], t: Translate) -> list[dict[str, Any]]:
    return [
        {
            "target": f.target,
            "kind": f.kind,
            "label": t(f.label),
            "message": t(f.message),
            "fix": t(f.fix),
            "line": problem_line(t(f.label), t(f.message), _colon(t)),
        }
        for f in findings
    ]


def deficiency_rows(
    deficiencies: Sequence[Deficiency], t: Translate, language: str
) -> list[dict[str, Any]]:
    return [
        {
            "name": t(d.name),
            "dueDate": long_date(d.due_date, language),
            "workingDays": d.working_days,
        }
        for d in deficiencies
    ]


def long_date(day: date, language: str) -> str:
    """A date as people write it (as in the commitment text): 2026年12月3日, 3 December 2026."""
    if language.startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def plain_answer(value: Any) -> Any:
    """QML hands over JS values: keep str, bool, list[str] and dict[str, str]."""
    if hasattr(value, "toVariant"):  # a QJSValue
        value = value.toVariant()
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return str(value)
