from __future__ import annotations

from datetime import date

import pytest

from kiosk.answer_format import (
    BLANK,
    answered_fields,
    answered_pages,
    format_address,
    format_answer,
    relevant_materials,
)
from kiosk.catalog.loader import Catalog
from kiosk.samples import SAMPLES

TODAY = date(2026, 11, 26)


@pytest.fixture
def change(catalog: Catalog):
    return catalog["company-address-change"]


@pytest.fixture
def startup(catalog: Catalog):
    return catalog["company-startup"]


def test_yes_no_in_both_languages(change) -> None:
    f = change.field("legal_rep_changes")
    assert format_answer(f, True, "zh_CN") == "是"
    assert format_answer(f, False, "zh_CN") == "否"
    assert format_answer(f, True, "en_US") == "Yes"
    assert format_answer(f, False, "en_US") == "No"


def test_single_choice_shows_the_label(change) -> None:
    f = change.field("company_type")
    assert format_answer(f, "llc", "zh_CN") == "有限责任公司"
    assert format_answer(f, "llc", "en_US") == "Limited liability company"
    assert format_answer(f, "no_such_value", "zh_CN") == "no_such_value"


def test_multiple_choices_are_joined_per_language(startup) -> None:
    f = startup.field("seal_types")
    values = ["official", "finance", "invoice"]
    zh = format_answer(f, values, "zh_CN")
    en = format_answer(f, values, "en_US")
    assert zh.count("、") == 2 and "公章" in zh and ", " not in zh
    assert en.count(", ") == 2 and "、" not in en
    assert zh.split("、")[0] == f.choice_label("official").zh


def test_address_in_chinese_and_english_order(change) -> None:
    f = change.field("new_address")
    value = {"province": "吉林省", "city": "长春市", "district": "经开区", "detail": "临河街3366号"}
    assert format_answer(f, value, "zh_CN") == "吉林省长春市经开区临河街3366号"
    assert format_answer(f, value, "en_US") == "临河街3366号, 经开区, 长春市, 吉林省"


def test_address_municipality_and_missing_parts() -> None:
    beijing = {"province": "北京市", "city": "北京市", "district": "朝阳区", "detail": "建国路1号"}
    assert format_address(beijing) == "北京市朝阳区建国路1号"
    assert format_address({"province": "吉林省", "city": " ", "detail": "x"}) == "吉林省x"
    assert format_address({}, "en_US") == BLANK


@pytest.mark.parametrize(
    ("entered", "zh", "en"),
    [
        ("500,000", "500,000.00 元", "500,000.00 yuan"),
        ("￥1234.5", "1,234.50 元", "1,234.50 yuan"),
        ("12元", "12.00 元", "12.00 yuan"),
        ("about 5 million", "about 5 million", "about 5 million"),  # as entered
    ],
)
def test_money_is_normalised(startup, entered: str, zh: str, en: str) -> None:
    f = startup.field("registered_capital")
    assert format_answer(f, entered, "zh_CN") == zh
    assert format_answer(f, entered, "en_US") == en


def test_dates_are_iso(change) -> None:
    f = change.field("move_date")
    assert format_answer(f, "2026/11/2", "zh_CN") == "2026-11-02"
    assert format_answer(f, "2026年11月2日", "en_US") == "2026-11-02"
    assert format_answer(f, "next week", "zh_CN") == "next week"


def test_numbers_are_normalised(change) -> None:
    assert format_answer(change.field("credit_code"), " 91220101ma0y5x3k0a ") == (
        "91220101MA0Y5X3K0A"
    )
    assert format_answer(change.field("contact_mobile"), "+86 139-4311-2345") == "13943112345"
    assert format_answer(change.field("contact_landline"), "0431 81234567") == "0431-81234567"


@pytest.mark.parametrize("blank", [None, "", "   ", [], {"province": "", "detail": " "}])
def test_blank_answers_show_a_dash(change, blank) -> None:
    assert format_answer(change.field("contact_landline"), blank, "zh_CN") == BLANK
    assert format_answer(change.field("contact_landline"), blank, "en_US") == BLANK


def test_answered_fields_lists_visible_fields_only_in_form_order(change) -> None:
    answers = SAMPLES["company-address-change"]()
    rows = answered_fields(change, answers, TODAY)
    ids = [f.id for _, f, _ in rows]
    assert ids == [f.id for f in change.fields() if f.id not in ("new_rep_name", "new_rep_id")]
    shown = {f.id: text for _, f, text in rows}
    assert shown["company_type"] == "有限责任公司"
    assert shown["legal_rep_changes"] == "否"
    assert shown["new_address"] == "吉林省长春市经济技术开发区临河街3366号新厂房"
    assert all(page.fields.count(f) == 1 for page, f, _ in rows)


def test_hidden_answers_never_shown_even_if_present(change) -> None:
    answers = {
        **SAMPLES["company-address-change"](),
        "new_rep_name": "秘密",
        "premises_use": "owned",
    }
    shown = {f.id: text for _, f, text in answered_fields(change, answers, TODAY, "en_US")}
    assert "new_rep_name" not in shown and "lease_end" not in shown
    assert shown["premises_use"] == "Owned"


def test_answered_fields_shows_blank_optional_answers(change) -> None:
    answers = {**SAMPLES["company-address-change"](), "contact_landline": ""}
    shown = {f.id: text for _, f, text in answered_fields(change, answers, TODAY)}
    assert shown["contact_landline"] == BLANK


def test_answered_pages_groups_by_page(change) -> None:
    answers = {**SAMPLES["company-address-change"](), "legal_rep_changes": True}
    pages = answered_pages(change, answers, TODAY)
    assert [p.id for p, _ in pages] == [p.id for p in change.pages]
    page, legal = pages[2]
    assert page is change.page_of("new_rep_name")
    assert [f.id for f, _ in legal] == ["legal_rep_changes", "new_rep_name", "new_rep_id"]
    assert legal[1][1] == BLANK


def test_relevant_materials_follow_the_answers(change) -> None:
    answers = SAMPLES["company-address-change"]()
    ids = [m.id for m in relevant_materials(change, answers, TODAY)]
    assert "shareholder_resolution" in ids and "new_rep_appointment" not in ids
    answers.update(company_type="sole", legal_rep_changes=True)
    ids = [m.id for m in relevant_materials(change, answers, TODAY)]
    assert "shareholder_resolution" not in ids and "new_rep_appointment" in ids
