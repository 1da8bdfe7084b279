"""Answers to a catalog form: reading each field's value and deciding what is shown.

The UI hands answers over as they were entered (text, a bool for yes/no, a list for
multiple choice, a dict for an address). `clean_value` is where they enter: the journey
(kiosk.journey.Journey.answer) passes every answer through it once, so what is checked,
shown and stored is the normalised text (kiosk.text.clean_answer: control characters
dropped, whitespace collapsed, line breaks only in long text, cut at the field type's
limit); `answer_limit` is the field's limit, which the form's fields also enforce while
typing and `check_answer` states when exceeded. Here each answer is read into a typed value
(Decimal, date, ...), checked against its field's rules, and relevance (skip logic)
decides which fields the applicant sees. Hidden fields are never checked and read as
null in expressions, so a field hidden by an earlier answer hides its dependents too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from kiosk import validators as v
from kiosk.catalog.models import FieldType, FormField, ServiceItem
from kiosk.i18n import Text, text
from kiosk.messages import ADDRESS_PARTS
from kiosk.text import ANSWER_MAX_CHARS, MULTILINE_ANSWERS, clean_answer

AnswerValue = str | bool | list[str] | dict[str, str] | None
Answers = Mapping[str, AnswerValue]
ADDRESS_KEYS = ("province", "city", "district", "detail")
# What a choice's value and any text a field does not expect are cut to (choice values
# are catalog identifiers; this only bounds the work an odd answer can cause).
OTHER_MAX_CHARS = ANSWER_MAX_CHARS["text"]
MAX_CHOICES = 100  # items of a multiple-choice answer kept (a catalog offers far fewer)


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one answer: a message key, its parameters, and a catalog message."""

    field_id: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    constraint_index: int | None = None  # for key "constraint": which catalog rule


@dataclass(frozen=True)
class FormState:
    """The typed values of the visible fields, and which fields and pages are visible."""

    values: Mapping[str, object]  # every field id; None when hidden, blank or unreadable
    visible: frozenset[str]
    visible_pages: tuple[str, ...]


def answer_limit(f: FormField) -> int | None:
    """The most characters an answer to `f` may hold (per part for an address): its
    type's limit (kiosk.text.ANSWER_MAX_CHARS), or the catalog's max_length when lower.
    None for choices and yes/no, whose answers are values the catalog lists."""
    limit = ANSWER_MAX_CHARS.get(f.type.value)
    if limit is None:
        return None
    return min(limit, f.max_length) if f.max_length is not None else limit


def clean_value(f: FormField, raw: object) -> AnswerValue:
    """An answer to `f` as it is kept: every text normalised and cut to its type's limit.

    Never raises: a value of a kind no field takes (a number) becomes its text, which
    `check_answer` then refuses as the wrong type for the field; an item of a list or a
    part of an address that is not text becomes empty, an address's other keys go.
    """
    type_limit = ANSWER_MAX_CHARS.get(f.type.value, OTHER_MAX_CHARS)
    multiline = f.type.value in MULTILINE_ANSWERS

    def clean(value: object) -> str:
        # Cut first to a few times the limit: a pasted megabyte costs no more than that.
        text = value[: 8 * type_limit] if isinstance(value, str) else ""
        return clean_answer(text, multiline=multiline, max_chars=type_limit)

    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        return clean(raw)
    if isinstance(raw, list | tuple):
        return [clean(x) for x in raw[:MAX_CHOICES]]
    if isinstance(raw, dict):
        return {k: clean(raw.get(k, "")) for k in ADDRESS_KEYS}
    try:
        shown = str(raw)
    except ValueError:  # an int of more digits than Python converts
        shown = ""
    return clean(shown)


def is_blank(raw: AnswerValue) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list):
        return not raw
    if isinstance(raw, dict):
        return all(not str(raw.get(k, "")).strip() for k in ADDRESS_KEYS)
    return False


def read_value(f: FormField, raw: AnswerValue, today: date) -> tuple[object, str | None]:
    """The typed value of a non-blank answer, or None with the key of what is wrong."""
    t = f.type
    if t is FieldType.YES_NO:
        return (raw, None) if isinstance(raw, bool) else (None, "yes_no.invalid")
    if t is FieldType.MULTIPLE_CHOICE:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            return None, "field.wrong_type"
        return list(raw), None
    if t is FieldType.ADDRESS:
        if not isinstance(raw, dict):
            return None, "field.wrong_type"
        return {k: v.trim(str(raw.get(k, ""))) for k in ADDRESS_KEYS}, None
    if not isinstance(raw, str):
        return None, "field.wrong_type"
    s = v.trim(raw)
    if t in (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.SINGLE_CHOICE):
        return s, None
    if t is FieldType.NUMBER:
        return v.parse_number(s)
    if t is FieldType.MONEY:
        return v.parse_money(s)
    if t is FieldType.DATE:
        return v.parse_date(s)
    if t is FieldType.RESIDENT_ID:
        return _checked(v.normalize_resident_id(s), v.resident_id_problem(s, today))
    if t is FieldType.CREDIT_CODE:
        return _checked(v.normalize_credit_code(s), v.credit_code_problem(s))
    if t is FieldType.MOBILE:
        return _checked(v.normalize_mobile(s), v.mobile_problem(s))
    if t is FieldType.LANDLINE:
        return _checked(v.normalize_landline(s), v.landline_problem(s))
    if t is FieldType.POSTAL_CODE:
        return _checked(s, v.postal_code_problem(s))
    raise AssertionError(f"unhandled field type {t}")  # pragma: no cover


def _checked(value: str, problem: str | None) -> tuple[object, str | None]:
    return (None, problem) if problem else (value, None)


def form_state(item: ServiceItem, answers: Answers, today: date) -> FormState:
    """Apply relevance in form order and read every visible answer."""
    values: dict[str, object] = {f.id: None for f in item.fields()}
    visible: set[str] = set()
    pages: list[str] = []
    for page in item.pages:
        if page.relevance is not None and not page.relevance.truthy(values, today):
            continue
        page_shown = False
        for f in page.fields:
            if f.relevance is not None and not f.relevance.truthy(values, today):
                continue
            visible.add(f.id)
            page_shown = True
            raw = answers.get(f.id)
            if not is_blank(raw):
                values[f.id], _ = read_value(f, raw, today)
        if page_shown:
            pages.append(page.id)
    return FormState(values=values, visible=frozenset(visible), visible_pages=tuple(pages))


def check_answer(
    f: FormField, raw: AnswerValue, state: FormState, today: date
) -> list[FieldProblem]:
    """Every problem with the answer to `f` (assumed visible); empty when it is fine."""
    if is_blank(raw):
        return [FieldProblem(f.id, _REQUIRED.get(f.type, "field.required"))] if f.required else []
    value, key = read_value(f, raw, today)
    if key is not None:
        return [FieldProblem(f.id, key, _typed(key, raw))]
    problems = _rules(f, value, today)
    if problems:
        return problems
    env = {**state.values, "value": value}
    return [
        FieldProblem(f.id, "constraint", constraint_index=i)
        for i, c in enumerate(f.constraints)
        if not c.expression.truthy(env, today)
    ]


# A choice is selected, not entered ("请选择…" / "Select …").
_REQUIRED = {
    FieldType.SINGLE_CHOICE: "choice.required",
    FieldType.MULTIPLE_CHOICE: "choice.required",
    FieldType.YES_NO: "yes_no.required",
}


def _typed(key: str, raw: AnswerValue) -> dict[str, Any]:
    """What the message of `key` says of the answer typed: how many characters or digits."""
    if not isinstance(raw, str):
        return {}
    if key in ("resident_id.length", "resident_id.characters"):
        return {"count": len(v.normalize_resident_id(raw))}
    if key in ("credit_code.length", "credit_code.characters"):
        return {"count": len(v.normalize_credit_code(raw))}
    if key == "mobile.format":
        return {"count": sum(c in "0123456789" for c in v.normalize_mobile(raw))}
    return {}


def _rules(f: FormField, value: object, today: date) -> list[FieldProblem]:
    t = f.type
    out: list[FieldProblem] = []
    if isinstance(value, str) and t in (FieldType.TEXT, FieldType.LONG_TEXT):
        limit = answer_limit(f)
        if f.min_length is not None and len(value) < f.min_length:
            out.append(
                FieldProblem(f.id, "text.too_short", {"min": f.min_length, "count": len(value)})
            )
        if limit is not None and len(value) > limit:
            out.append(FieldProblem(f.id, "text.too_long", {"max": limit, "count": len(value)}))
        pattern = f.compiled_pattern
        if pattern is not None and not pattern.fullmatch(value):
            out.append(FieldProblem(f.id, "text.pattern"))
    elif t is FieldType.SINGLE_CHOICE:
        if f.choice_label(str(value)) is None:
            out.append(FieldProblem(f.id, "choice.invalid"))
    elif t is FieldType.MULTIPLE_CHOICE and isinstance(value, list):
        if any(f.choice_label(x) is None for x in value) or len(set(value)) != len(value):
            out.append(FieldProblem(f.id, "choice.invalid"))
        elif f.min_choices is not None and len(value) < f.min_choices:
            out.append(FieldProblem(f.id, "choice.too_few", {"min": f.min_choices}))
        elif f.max_choices is not None and len(value) > f.max_choices:
            out.append(FieldProblem(f.id, "choice.too_many", {"max": f.max_choices}))
    elif t is FieldType.ADDRESS and isinstance(value, dict):
        missing = [k for k in ADDRESS_KEYS if not value[k]]
        if missing:
            parts = text(
                "、".join(ADDRESS_PARTS[k].zh for k in missing),
                _and([ADDRESS_PARTS[k].en for k in missing]),
            )
            out.append(FieldProblem(f.id, "address.incomplete", {"parts": parts}))
    elif isinstance(value, Decimal):
        lo, hi = f.bounds
        if isinstance(lo, Decimal) and value < lo:
            out.append(FieldProblem(f.id, "number.too_small", {"min": lo}))
        if isinstance(hi, Decimal) and value > hi:
            out.append(FieldProblem(f.id, "number.too_large", {"max": hi}))
    elif isinstance(value, date):
        first, last = (_date_bound(b, today) for b in f.bounds)
        if first is not None and value < first:
            out.append(FieldProblem(f.id, "date.too_early", {"min": _day(first, today)}))
        if last is not None and value > last:
            out.append(FieldProblem(f.id, "date.too_late", {"max": _day(last, today)}))
    return out


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _day(day: date, today: date) -> Text:
    """A date bound as the message says it: 今天 / today, or 2026年11月26日 / 26 November 2026."""
    if day == today:
        return text("今天", "today")
    return text(
        f"{day.year}年{day.month}月{day.day}日", f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    )


def _and(words: list[str]) -> str:
    """English words as a list reads: "city", "city and district", "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _date_bound(bound: Decimal | str | None, today: date) -> date | None:
    if bound == "today":
        return today
    return date.fromisoformat(bound) if isinstance(bound, str) else None


def check_page(
    item: ServiceItem, page_id: str, answers: Answers, today: date
) -> list[FieldProblem]:
    """Problems on one page's visible fields (what the UI checks when Next is pressed)."""
    state = form_state(item, answers, today)
    page = next(p for p in item.pages if p.id == page_id)
    return [
        problem
        for f in page.fields
        if f.id in state.visible
        for problem in check_answer(f, answers.get(f.id), state, today)
    ]
