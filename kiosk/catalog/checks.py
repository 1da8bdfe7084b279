"""Checks across the values of one catalog item, and compilation of its expressions.

Pydantic checks each value on its own; what needs the whole item (unique ids,
expressions naming fields that exist and come earlier, joint items with their
approvals) is checked here, with each problem located at the field it is about.
Patterns are compiled for a linear-time engine (kiosk.catalog.patterns) and a field's
length limits may only lower its type's (kiosk.text.ANSWER_MAX_CHARS). Each check is
linear in the item's size: the loader's caps bound the work.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from kiosk.catalog.expr import KEYWORDS, ExprError, parse
from kiosk.catalog.models import (
    CHOICE_TYPES,
    RANGE_TYPES,
    TEXT_TYPES,
    FieldType,
    FormField,
    ServiceItem,
)
from kiosk.catalog.patterns import PatternError, compile_pattern
from kiosk.i18n import Text
from kiosk.id_card_fill import field_problem
from kiosk.text import ANSWER_MAX_CHARS

# (location, message) pairs; the loader adds the file and the item.
Problem = tuple[str, str]


def check_item(item: ServiceItem) -> list[Problem]:
    """Check `item` as a whole and compile its expressions; return the problems found."""
    problems: list[Problem] = []
    problems += _unique_ids(item)
    problems += _joint(item)
    problems += _grid_proxy(item)
    if item.commitment is not None:
        problems += [("commitment", m) for m in _commitment(item.commitment)]
    seen: list[str] = []  # field ids before the current one: relevance may read only those
    all_ids = [f.id for f in item.fields()]
    approval_ids = {a.id for a in item.approvals}
    for page in item.pages:
        where_page = f"page '{page.id}'"
        if page.relevant is not None:
            try:
                page._relevance = parse(page.relevant, allowed_names=seen)
            except ExprError as e:
                problems.append((f"{where_page} › relevant", _expr_message(e, seen)))
        for f in page.fields:
            where = f"{where_page} › field '{f.id}'"
            problems += [(f"{where} › {k}", m) for k, m in _field(f, seen, all_ids)]
            seen.append(f.id)
    for m in item.materials:
        where = f"material '{m.id}'"
        if m.essential and m.deficiency_days is not None:
            problems.append(
                (
                    f"{where} › deficiency_days",
                    "only a non-essential material (essential = false) has deficiency_days",
                )
            )
        if not m.essential and m.deficiency_days is None:
            problems.append(
                (
                    f"{where} › deficiency_days",
                    "required when essential = false: the working days allowed "
                    "to supply the material under 容缺受理",
                )
            )
        if m.relevant is not None:
            try:
                m._relevance = parse(m.relevant, allowed_names=all_ids)
            except ExprError as e:
                problems.append((f"{where} › relevant", _expr_message(e, all_ids)))
        if m.approval is not None and m.approval not in approval_ids:
            problems.append((f"{where} › approval", _unknown_approval(item, m.approval)))
    for f in item.fields():
        if f.approval is not None and f.approval not in approval_ids:
            problems.append((f"field '{f.id}' › approval", _unknown_approval(item, f.approval)))
    return problems


def _unique_ids(item: ServiceItem) -> Iterator[Problem]:
    groups = {
        "page": [p.id for p in item.pages],
        "field": [f.id for f in item.fields()],
        "material": [m.id for m in item.materials],
        "approval": [a.id for a in item.approvals],
    }
    for kind, ids in groups.items():
        for dup in sorted(i for i, n in Counter(ids).items() if n > 1):
            yield (f"{kind} '{dup}'", f"the {kind} id '{dup}' is used more than once")
    for f in item.fields():
        if f.id == "value":
            yield (f"field '{f.id}'", "'value' is reserved for constraints; choose another id")
        elif f.id in KEYWORDS:
            yield (
                f"field '{f.id}'",
                f"'{f.id}' is a word of the expression language; choose another id",
            )


def _joint(item: ServiceItem) -> Iterator[Problem]:
    if item.joint and len(item.approvals) < 2:
        yield ("approvals", "a joint item (joint = true) lists at least two approvals")
    if not item.joint and item.approvals:
        yield ("approvals", "approvals are only for joint items: set joint = true")


def _grid_proxy(item: ServiceItem) -> Iterator[Problem]:
    """The fields a proxy declaration names exist, and its prefill fits them."""
    spec = item.grid_proxy
    if spec is None:
        return
    fields = {f.id: f for f in item.fields()}
    named = {"resident_name": spec.resident_name, "resident_id": spec.resident_id}
    if spec.leader_name is not None:
        named["leader_name"] = spec.leader_name
    for key, field_id in named.items():
        f = fields.get(field_id)
        if f is None:
            yield f"grid_proxy › {key}", f"no field '{field_id}' in this item"
        elif key == "resident_id" and f.type is not FieldType.RESIDENT_ID:
            yield f"grid_proxy › {key}", f"field '{field_id}' is not a resident_id field"
        elif key != "resident_id" and f.type is not FieldType.TEXT:
            yield f"grid_proxy › {key}", f"field '{field_id}' is not a text field"
    for field_id, value in spec.prefill.items():
        where = f"grid_proxy › prefill › {field_id}"
        f = fields.get(field_id)
        if f is None:
            yield where, f"no field '{field_id}' in this item"
        elif f.type is FieldType.YES_NO:
            if not isinstance(value, bool):
                yield where, "a yes_no field is prefilled with true or false"
        elif f.type is FieldType.SINGLE_CHOICE:
            values = [c.value for c in f.choices]
            if value not in values:
                yield where, f"not one of the field's choices ({', '.join(values)})"
        else:
            yield where, "only a yes_no or single_choice field can be prefilled"


def _commitment(template: Text) -> Iterator[str]:
    """The commitment text is a template: `{materials}` once, no other braces."""
    for lang, value in (("zh", template.zh), ("en", template.en)):
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError as e:
            yield f"{lang}: {e}; write braces only as {{materials}}"
            continue
        if names != ["materials"]:
            yield (
                f"{lang}: must contain {{materials}} exactly once (where the missing "
                f"materials and their due dates go) and no other {{...}}"
            )


def _unknown_approval(item: ServiceItem, approval_id: str) -> str:
    known = ", ".join(a.id for a in item.approvals) or "none"
    return f"unknown approval '{approval_id}'; this item's approvals: {known}"


def _expr_message(e: ExprError, names: list[str]) -> str:
    msg = f"{e.reason} at position {e.position} in: {e.source}"
    if "unknown field" in e.reason:
        msg += "; fields that may be used here: " + (", ".join(names) or "none")
    return msg


def _field(f: FormField, earlier: list[str], all_ids: list[str]) -> Iterator[Problem]:
    t = f.type
    if f.relevant is not None:
        try:
            f._relevance = parse(f.relevant, allowed_names=earlier)
        except ExprError as e:
            yield ("relevant", _expr_message(e, earlier))
    for i, c in enumerate(f.constraints):
        try:
            c._expression = parse(c.rule, allowed_names=all_ids, allow_value=True)
        except ExprError as e:
            yield (f"constraints[{i}]", _expr_message(e, all_ids))
    if f.from_id_card is not None:
        problem = field_problem(f.from_id_card, t)
        if problem is not None:
            yield ("from_id_card", problem)
    if (f.min_length is not None or f.max_length is not None or f.pattern) and t not in TEXT_TYPES:
        yield ("type", "min_length, max_length and pattern apply to text and long_text fields")
    if f.min_length is not None and f.max_length is not None and f.min_length > f.max_length:
        yield ("min_length", f"{f.min_length} is more than max_length {f.max_length}")
    if t in TEXT_TYPES:
        most = ANSWER_MAX_CHARS[t.value]
        for key in ("min_length", "max_length"):
            limit = getattr(f, key)
            if limit is not None and limit > most:
                yield (key, f"{limit} is more than a {t.value} answer holds (at most {most})")
    if f.pattern is not None:
        try:
            f._pattern = compile_pattern(f.pattern)
        except PatternError as e:
            yield ("pattern", str(e))
    if f.pattern_message is not None and f.pattern is None:
        yield ("pattern_message", "given without a pattern")
    if t in CHOICE_TYPES:
        values = [c.value for c in f.choices]
        if len(values) < 2:
            yield ("choices", f"a {t.value} field lists at least two choices")
        for dup in sorted(v for v, n in Counter(values).items() if n > 1):
            yield ("choices", f"the choice value '{dup}' is used more than once")
    elif f.choices:
        yield ("choices", "choices apply to single_choice and multiple_choice fields")
    if (f.min_choices is not None or f.max_choices is not None) and (
        t is not FieldType.MULTIPLE_CHOICE
    ):
        yield ("min_choices", "min_choices and max_choices apply to multiple_choice fields")
    if f.min is not None or f.max is not None:
        if t not in RANGE_TYPES:
            yield ("min", "min and max apply to number, money and date fields")
        else:
            for key in ("min", "max"):
                raw = getattr(f, key)
                if raw is None:
                    continue
                bound, problem = _bound(t, raw)
                if problem:
                    yield (key, problem)
                else:
                    setattr(f, f"_{key}", bound)
            lo, hi = f.bounds
            if isinstance(lo, Decimal) and isinstance(hi, Decimal) and lo > hi:
                yield ("min", f"{lo} is more than max {hi}")


def _bound(t: FieldType, raw: str | int | float) -> tuple[Decimal | str | None, str | None]:
    if t is FieldType.DATE:
        if raw == "today":
            return "today", None
        try:
            return date.fromisoformat(str(raw)).isoformat(), None
        except ValueError:
            return None, f"'{raw}' is not a date; write YYYY-MM-DD or \"today\""
    try:
        return Decimal(str(raw)), None
    except InvalidOperation:
        return None, f"'{raw}' is not a number"
