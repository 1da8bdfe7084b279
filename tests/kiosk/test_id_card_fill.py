"""kiosk.id_card_fill: the catalog's from_id_card checked at load, and a card's values
turned into the answers of the fields that name them (the applicant corrects the rest)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.catalog.loader import Catalog, load_catalog
from kiosk.catalog.models import FieldType
from kiosk.divisions import Divisions
from kiosk.forms import check_answer, form_state
from kiosk.id_card_fill import (
    CARD_VALUES,
    FIELD_TYPES,
    answers_from_card,
    card_fields,
    field_problem,
    split_address,
)
from kiosk.resources import resource_path
from tests.kiosk.test_catalog import _broken

CARD = {
    "name": "张三",
    "sex": "男",
    "nation": "汉",
    "birth_date": "1950-03-07",
    "address": "吉林省长春市朝阳区人民大街1号",
    "id_number": "220104195003070018",
    "authority": "长春市公安局朝阳分局",
    "valid_from": "2010-01-01",
    "valid_to": "长期",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(resource_path("catalog"))


@pytest.fixture(scope="module")
def divisions() -> Divisions:
    return Divisions.load()


def test_every_card_value_has_the_field_types_it_fills() -> None:
    assert set(FIELD_TYPES) == set(CARD_VALUES)
    assert all(FieldType.TEXT in types for types in FIELD_TYPES.values())


def test_the_shipped_items_name_the_card_for_the_applicants_own_fields(catalog: Catalog) -> None:
    elderly = catalog.items["elderly-card"]
    assert [(f.id, f.from_id_card) for f in card_fields(elderly.fields())] == [
        ("applicant_name", "name"),
        ("applicant_id", "id_number"),
    ]
    # The current home is not the card's (registered) address; the proxy is someone else.
    assert {f.id for f in card_fields(elderly.fields())}.isdisjoint({"home_address", "proxy_id"})
    pension = catalog.items["resident-pension-enrolment"]
    assert {f.from_id_card for f in card_fields(pension.fields())} == {
        "name",
        "id_number",
        "address",
    }


def test_a_card_fills_its_fields_and_the_answers_pass_the_items_own_checks(
    catalog: Catalog, divisions: Divisions
) -> None:
    item = catalog.items["resident-pension-enrolment"]
    answers = answers_from_card(item.fields(), CARD, divisions)
    assert answers == {
        "applicant_name": "张三",
        "applicant_id": "220104195003070018",
        "hukou_address": {
            "province": "吉林省",
            "city": "长春市",
            "district": "朝阳区",
            "detail": "人民大街1号",
        },
    }
    today = date(2026, 12, 4)
    state = form_state(item, answers, today)
    fields = {f.id: f for f in item.fields()}
    problems = [p for fid in answers for p in check_answer(fields[fid], answers[fid], state, today)]
    assert problems == []


def test_an_address_the_divisions_do_not_know_goes_whole_into_the_street(
    divisions: Divisions,
) -> None:
    assert split_address("某某自治村3组", divisions) == {
        "province": "",
        "city": "",
        "district": "",
        "detail": "某某自治村3组",
    }
    assert split_address("北京市朝阳区建国路1号", divisions)["detail"] == "建国路1号"
    assert split_address("北京市朝阳区建国路1号", None)["detail"] == "北京市朝阳区建国路1号"


def test_a_value_that_does_not_fit_its_field_is_left_for_the_applicant(catalog: Catalog) -> None:
    base = catalog.items["elderly-card"].fields()[0]
    sex = type(base).model_validate(
        {
            **base.model_dump(exclude={"min_length", "max_length"}),
            "id": "sex",
            "type": "single_choice",
            "from_id_card": "sex",
            "choices": [
                {"value": "m", "label": {"zh": "男", "en": "Male"}},
                {"value": "f", "label": {"zh": "女", "en": "Female"}},
            ],
        }
    )
    until = type(base).model_validate(
        {
            **base.model_dump(exclude={"min_length", "max_length"}),
            "id": "until",
            "type": "date",
            "from_id_card": "valid_to",
        }
    )
    since = type(base).model_validate(
        {
            **base.model_dump(exclude={"min_length", "max_length"}),
            "id": "since",
            "type": "date",
            "from_id_card": "valid_from",
        }
    )
    answers = answers_from_card([sex, until, since], CARD)
    assert answers == {"sex": "m", "since": "2010-01-01"}  # 长期 is no date
    assert answers_from_card([sex], {**CARD, "sex": "未说明的性别"}) == {}
    assert answers_from_card([sex], {}) == {}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'id = "company_name"\ntype = "text"',
            'id = "company_name"\ntype = "text"\nfrom_id_card = "photo"',
            "field 'company_name' › from_id_card: 'photo' is not a card value; allowed: name,",
        ),
        (
            'id = "lease_end"\ntype = "date"',
            'id = "lease_end"\ntype = "date"\nfrom_id_card = "address"',
            "field 'lease_end' › from_id_card: the card's address fills only address, "
            "long_text, text fields, not date",
        ),
        (
            'id = "company_name"\ntype = "text"',
            'id = "company_name"\ntype = "text"\nfrom_id_card = "Name"',
            "field 'company_name' › from_id_card: ",
        ),
    ],
)
def test_a_hand_edited_from_id_card_is_refused_at_its_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    problems = _broken(tmp_path, old, new)
    assert any(expected in p for p in problems), problems


def test_field_problem_says_what_fits() -> None:
    assert field_problem("id_number", FieldType.RESIDENT_ID) is None
    assert "not mobile" in (field_problem("id_number", FieldType.MOBILE) or "")
