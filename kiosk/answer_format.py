"""Answers as people read them: for printed documents and the "check your answers" screen.

An answer is held as it was entered (text, a bool, a list of choice values, an address
dict); here it becomes one line of text in the applicant's language: choice labels
instead of values, 是/否, addresses in the national order, money with thousands
separators and 元, dates in ISO form, and "—" for a blank answer. Only fields the
applicant saw are listed: a field hidden by an earlier answer is never shown. No Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kiosk import validators as v
from kiosk.catalog.models import FieldType, FormField, Material, Page, ServiceItem
from kiosk.forms import ADDRESS_KEYS, Answers, AnswerValue, FormState, form_state, is_blank

BLANK = "—"

_NORMALIZERS = {
    FieldType.RESIDENT_ID: v.normalize_resident_id,
    FieldType.CREDIT_CODE: v.normalize_credit_code,
    FieldType.MOBILE: v.normalize_mobile,
    FieldType.LANDLINE: v.normalize_landline,
}


def _english(language: str) -> bool:
    return language.startswith("en")


def format_answer(field: FormField, value: AnswerValue, language: str = "zh_CN") -> str:
    """One answer as a line of text in `language` ("zh_CN" or "en_US"); "—" when blank.

    A value that cannot be read as its field's type is shown as it was entered, so the
    applicant sees exactly what they typed.
    """
    if value is None or is_blank(value):
        return BLANK
    en = _english(language)
    t = field.type
    if isinstance(value, bool):
        if en:
            return "Yes" if value else "No"
        return "是" if value else "否"
    if isinstance(value, list):
        labels = [_choice(field, x, language) for x in value]
        return ", ".join(labels) if en else "、".join(labels)
    if isinstance(value, dict):
        return format_address(value, language)
    s = value.strip()
    if t is FieldType.SINGLE_CHOICE:
        return _choice(field, s, language)
    if t is FieldType.MONEY:
        amount, _ = v.parse_money(s)
        return s if amount is None else f"{amount:,.2f} {'yuan' if en else '元'}"
    if t is FieldType.DATE:
        day, _ = v.parse_date(s)
        return s if day is None else day.isoformat()
    normalize = _NORMALIZERS.get(t)
    return normalize(s) if normalize is not None else s


def _choice(field: FormField, value: str, language: str) -> str:
    label = field.choice_label(value)
    return value if label is None else label.get(language)


def format_address(value: Mapping[str, str], language: str = "zh_CN") -> str:
    """One line: 省市区 then the detail; in English "detail, district, city, province".

    A part equal to the one before it (a municipality written as both province and city,
    e.g. 北京市 北京市) is printed once.
    """
    parts: list[str] = []
    for key in ADDRESS_KEYS:
        part = str(value.get(key, "") or "").strip()
        if part and (not parts or parts[-1] != part):
            parts.append(part)
    if not parts:
        return BLANK
    return ", ".join(reversed(parts)) if _english(language) else "".join(parts)


def answered_fields(
    item: ServiceItem, answers: Answers, today: date, language: str = "zh_CN"
) -> list[tuple[Page, FormField, str]]:
    """Every visible field in form order, with its page and its formatted answer."""
    visible = form_state(item, answers, today).visible
    return [
        (page, f, format_answer(f, answers.get(f.id), language))
        for page in item.pages
        for f in page.fields
        if f.id in visible
    ]


def answered_pages(
    item: ServiceItem, answers: Answers, today: date, language: str = "zh_CN"
) -> list[tuple[Page, list[tuple[FormField, str]]]]:
    """The visible fields grouped by page (pages without a visible field left out)."""
    groups: list[tuple[Page, list[tuple[FormField, str]]]] = []
    for page, f, shown in answered_fields(item, answers, today, language):
        if not groups or groups[-1][0].id != page.id:
            groups.append((page, []))
        groups[-1][1].append((f, shown))
    return groups


def relevant_materials(
    item: ServiceItem, answers: Answers, today: date, state: FormState | None = None
) -> list[Material]:
    """The materials this declaration needs: those whose relevance holds for the answers
    (`state`: the form state of these answers, when the caller has it already)."""
    values = (state or form_state(item, answers, today)).values
    return [m for m in item.materials if m.relevance is None or m.relevance.truthy(values, today)]
