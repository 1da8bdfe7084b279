"""Applicants' answers: cleaned where they enter, limited, checked, stored clean.

The ID and credit-code checks took ``str.split()``'s idea of whitespace, which includes
the information separators U+001C-U+001F and NEL U+0085: an ID number carrying one
passed and was stored with it. Answers now enter through `Journey.answer`, which cleans
each once (kiosk.forms.clean_value); the validators refuse such characters themselves
too. Hypothesis pushes hostile text through every validator, the journey and the
pre-review of every item of the shipped catalog: always an answer, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk import validators as v
from kiosk.catalog.loader import Catalog, load_catalog
from kiosk.catalog.models import FieldType, FormField
from kiosk.declarations import Declarations
from kiosk.forms import AnswerValue, answer_limit, check_answer, clean_value, form_state
from kiosk.journey import Journey, Screen
from kiosk.messages import MESSAGES
from kiosk.prereview import Outcome, prereview
from kiosk.resources import resource_path
from kiosk.samples import SAMPLES, sample_credit_code, sample_resident_id
from kiosk.store.database import Store
from kiosk.store.models import Declaration
from kiosk.text import ANSWER_MAX_CHARS
from tests.conftest import Clock

TODAY = date(2026, 11, 26)
ITEM = "company-address-change"
# The characters of the defect: Python's str.strip()/split() take them as whitespace.
SEPARATORS = ["\x1c", "\x1d", "\x1e", "\x1f", "\x85"]
OTHERS = ["\x00", "\x1b", "\x7f", "\u2028", "\u2029", "\u200b", "\u202e", "\ufeff", "\ud800"]

VALID: dict[str, tuple[str, Callable[[str], str | None], str]] = {
    # name: (a valid value, its check, the key an embedded control gives)
    "resident_id": (sample_resident_id(), lambda s: v.resident_id_problem(s, TODAY),
                    "resident_id.characters"),
    "credit_code": (sample_credit_code(), v.credit_code_problem, "credit_code.characters"),
    "mobile": ("13943112345", v.mobile_problem, "mobile.format"),
    "landline": ("0431-81234567", v.landline_problem, "landline.format"),
    "postal_code": ("130033", v.postal_code_problem, "postal_code.format"),
    "date": ("2026-11-26", lambda s: v.parse_date(s)[1], "date.format"),
    "money": ("1,234.50", lambda s: v.parse_money(s)[1], "money.format"),
    "number": ("12.5", lambda s: v.parse_number(s)[1], "number.format"),
}  # fmt: skip


@pytest.mark.parametrize("kind", VALID)
@pytest.mark.parametrize("ch", SEPARATORS + OTHERS)
def test_validators_refuse_embedded_controls(kind: str, ch: str) -> None:
    value, check, key = VALID[kind]
    assert check(value) is None
    middle = len(value) // 2
    assert check(value[:middle] + ch + value[middle:]) == key, repr(ch)


@pytest.mark.parametrize("kind", VALID)
@pytest.mark.parametrize("ch", SEPARATORS)
def test_validators_refuse_a_control_at_either_end(kind: str, ch: str) -> None:
    value, check, _ = VALID[kind]
    assert check(ch + value) is not None and check(value + ch) is not None


def test_real_whitespace_is_still_ignored() -> None:
    """Spaces, tabs, line breaks and the ideographic space stay harmless."""
    rid = sample_resident_id()
    assert v.resident_id_problem(f" {rid[:6]}\u3000{rid[6:14]} {rid[14:]}\t\n", TODAY) is None
    assert v.normalize_resident_id(f"{rid[:6]} {rid[6:]}") == rid
    assert v.credit_code_problem(f"\u00a0{sample_credit_code()}\r\n") is None
    assert v.mobile_problem(" 139 4311 2345 ") is None


def journey(catalog: Catalog) -> Journey:
    j = Journey(catalog, lambda: TODAY)
    j.choose(ITEM)
    j.begin()
    return j


def test_the_journey_keeps_answers_clean(catalog: Catalog) -> None:
    j = journey(catalog)
    rid = sample_resident_id()
    j.answer("contact_id", rid[:9] + "\x1c" + rid[9:])
    j.answer("credit_code", "\x85" + sample_credit_code() + "\x1f")
    j.answer("company_name", "  吉林\x1d恒鑫\u2029环保\t\t科技\r\n有限公司  ")
    j.answer("contact_landline", "0431-\u202e81234567")
    j.answer("old_address", {"province": "吉林省\n", "city": "长\x1e春市", "detail": " x  y "})
    assert j.answers["contact_id"] == rid
    assert j.answers["credit_code"] == sample_credit_code()
    assert j.answers["company_name"] == "吉林恒鑫 环保 科技 有限公司"
    assert j.answers["contact_landline"] == "0431-81234567"
    assert j.answers["old_address"] == {
        "province": "吉林省",
        "city": "长春市",
        "district": "",
        "detail": "x y",
    }


def test_long_text_keeps_its_lines_and_other_text_does_not() -> None:
    long_text = FormField.model_validate(
        {"id": "scope", "type": "long_text", "label": {"zh": "经营范围", "en": "Scope"}}
    )
    text = FormField.model_validate(
        {"id": "name", "type": "text", "label": {"zh": "名称", "en": "Name"}}
    )
    assert clean_value(long_text, "一\u2029二\r\n\n\n\n三\x85四") == "一\n二\n\n三\n四"
    assert clean_value(text, "一\u2029二\r\n三") == "一 二 三"


@pytest.mark.parametrize("kind", [t for t in FieldType if t.value in ANSWER_MAX_CHARS])
def test_every_answer_is_cut_at_its_type_limit(kind: FieldType) -> None:
    field = FormField.model_validate(
        {"id": "f", "type": kind.value, "label": {"zh": "字段", "en": "Field"}}
    )
    limit = ANSWER_MAX_CHARS[kind.value]
    assert answer_limit(field) == limit
    if kind is FieldType.ADDRESS:
        cleaned = clean_value(field, {k: "路" * 50_000 for k in ("province", "detail")})
        assert isinstance(cleaned, dict) and len(cleaned["detail"]) == limit
    else:
        assert clean_value(field, "1" * 50_000) == "1" * limit


def test_odd_values_are_cleaned_without_failing(catalog: Catalog) -> None:
    field = catalog[ITEM].field("company_name")
    assert clean_value(field, 10**5000) == ""  # more digits than str() converts
    assert clean_value(field, "企" * 10_000_000) == "企" * ANSWER_MAX_CHARS["text"]
    assert clean_value(field, ["a\x1c", 3]) == ["a", ""]


def test_the_catalog_max_length_is_the_limit_when_lower(catalog: Catalog) -> None:
    item = catalog[ITEM]
    name = item.field("company_name")
    assert name.max_length == 100 and answer_limit(name) == 100
    state = form_state(item, {}, TODAY)
    problems = check_answer(name, "企" * 101, state, TODAY)
    assert [(p.key, dict(p.params)) for p in problems] == [
        ("text.too_long", {"max": 100, "count": 101})
    ]
    # A text field without max_length has its type's limit, also when the journey is
    # bypassed (the desk is handed raw answers).
    other = FormField.model_validate({"id": "t", "type": "text", "label": {"zh": "甲", "en": "A"}})
    too_long = check_answer(other, "a" * 201, state, TODAY)
    assert [(p.key, dict(p.params)) for p in too_long] == [
        ("text.too_long", {"max": 200, "count": 201})
    ]


def test_the_declaration_is_stored_clean(store: Store, catalog: Catalog, clock: Clock) -> None:
    """Through the journey to the store (a real SQLite file): the normalised values."""
    j = journey(catalog)
    answers = SAMPLES[ITEM]()
    hostile = {
        "contact_id": str(answers["contact_id"])[:4] + "\x1c" + str(answers["contact_id"])[4:],
        "credit_code": str(answers["credit_code"]) + "\x85",
        "contact_name": "徐\x1d有为\u2029",
    }
    while j.screen is Screen.FORM:
        assert j.page is not None
        for f in j.page.fields:
            if f.id in j.visible_field_ids() and f.id in answers:
                j.answer(f.id, hostile.get(f.id, answers[f.id]))
        assert j.next(), j.errors
    for m in j.applicable_materials():
        j.set_material(m.id, True)
    assert j.next() and j.screen is Screen.CHECK
    sub = j.submission()
    desk = Declarations(store, catalog, terminal=7, clock=clock)
    submitted = desk.submit(sub.item_id, sub.answers, sub.materials)
    assert submitted.review.outcome is Outcome.PASSED
    with store.transaction() as s:
        stored = s.scalars(select(Declaration)).one().answers
    assert stored["contact_id"] == answers["contact_id"]
    assert stored["credit_code"] == answers["credit_code"]
    assert stored["contact_name"] == "徐有为"


def test_the_form_fields_take_no_more_than_the_limit(catalog: Catalog) -> None:
    rows = pytest.importorskip("ui.journey_rows")
    item = catalog[ITEM]
    lengths = {f.id: rows.field_row(f, None, "", lambda t: "")["maxLength"] for f in item.fields()}
    assert lengths["company_name"] == 100  # the catalog's max_length
    assert lengths["new_address"] == ANSWER_MAX_CHARS["address"]
    assert lengths["credit_code"] == 18 and lengths["new_postal_code"] == 16


def test_the_address_parts_on_screen_take_no_more_than_the_limit() -> None:
    """The address parts' fields (TextEntry's default) stop where the core cuts."""
    qml = (Path(__file__).parents[2] / "ui/qml/components/TextEntry.qml").read_text("utf-8")
    found = re.search(r"maximumLength:\s*(\d+)", qml)
    assert found is not None and int(found[1]) == ANSWER_MAX_CHARS["address"]


# --- fuzzing ---------------------------------------------------------------------------------

hostile_pieces = st.one_of(
    st.characters(),
    st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Zs", "Mn", "Co", "Cn"]),
    st.sampled_from(SEPARATORS + OTHERS + ["😀", "👨‍👩‍👧", "\u0301" * 30, "１２３", "x"]),
    st.sampled_from("0123456789Xx-年月日¥元.,+ "),
)
hostile_text = st.one_of(
    st.lists(hostile_pieces, max_size=40).map("".join),
    st.builds(
        lambda c, n: c * n, st.sampled_from(["1", "a", " ", "\x1c", "临"]), st.integers(0, 5000)
    ),
)
hostile_answer: st.SearchStrategy[object] = st.one_of(
    hostile_text,
    st.none(),
    st.booleans(),
    st.integers(),
    st.lists(hostile_text, max_size=5),
    st.dictionaries(
        st.sampled_from(["province", "city", "district", "detail", "other"]), hostile_text
    ),
)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
CHECKS: list[Callable[[str], object]] = [
    lambda s: v.resident_id_problem(s, TODAY),
    v.credit_code_problem,
    v.mobile_problem,
    v.landline_problem,
    v.postal_code_problem,
    lambda s: v.parse_date(s)[1],
    lambda s: v.parse_money(s)[1],
    lambda s: v.parse_number(s)[1],
]
NORMALIZERS = [v.normalize_resident_id, v.normalize_credit_code, v.normalize_mobile]
NORMALIZERS += [v.normalize_landline, v.trim]


@FUZZ
@given(text=hostile_text)
def test_every_validator_answers_any_text(text: str) -> None:
    for check in CHECKS:
        key = check(text)
        assert key is None or key in v.PROBLEM_KEYS
        if key is None:  # accepted: nothing invisible got through
            assert all(ord(c) >= 0x20 and c not in "\x7f\x85" for c in text.strip(" \t\n\r"))
    for normalize in NORMALIZERS:
        assert isinstance(normalize(text), str)
    assert isinstance(v.birth_date_from_resident_id(text, TODAY), date | None)


@pytest.mark.parametrize("item_id", sorted(load_catalog(resource_path("catalog")).items))
@FUZZ
@given(data=st.data())
def test_prereview_of_every_item_answers_any_answers(
    catalog: Catalog, item_id: str, data: st.DataObject
) -> None:
    """Hostile answers to every field, cleaned as the journey does and raw (the desk can
    be handed anything): a review with known messages, never an exception."""
    item = catalog[item_id]
    sample = SAMPLES[item_id]() if item_id in SAMPLES else {}
    raw: dict[str, AnswerValue] = {}
    for f in item.fields():
        if data.draw(st.booleans(), label=f"{f.id} hostile"):
            raw[f.id] = data.draw(hostile_answer, label=f.id)  # type: ignore[assignment]
        else:
            raw[f.id] = sample.get(f.id)
    cleaned = {f.id: clean_value(f, raw[f.id]) for f in item.fields()}
    materials = {m.id: data.draw(st.booleans()) for m in item.materials}
    for answers in (raw, cleaned):
        review = prereview(item, answers, materials, TODAY)
        assert review.outcome in set(Outcome)
        for finding in review.findings:
            assert finding.message.zh and finding.message.en
    j = Journey(catalog, lambda: TODAY)
    j.choose(item_id)
    j.begin()
    while j.screen is Screen.FORM:
        assert j.page is not None
        for f in j.page.fields:
            if f.id in j.visible_field_ids():
                j.answer(f.id, raw[f.id])
                assert j.answers[f.id] == cleaned[f.id]
        if not j.next():
            assert j.errors and all(e.message.zh for e in j.errors)
            break


def test_field_messages_cover_every_validator_key() -> None:
    """Each key a check can give has its message (what the applicant is told)."""
    assert set(MESSAGES) >= v.PROBLEM_KEYS
