"""The 256-byte text block, written in the tests from the standard's layout (offsets and
widths as the standard gives them), parsed for each kind of card; the card's values,
names, expiry and masking."""

from __future__ import annotations

import contextlib
import logging
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.id_card import codes
from devices.id_card.card import CARD_VALUES, CardKind, IdCard, mask_name, mask_number
from devices.id_card.fake_reader import FakeCard, demo_card, text_block
from devices.id_card.faults import (
    LIFT_AND_PLACE_AGAIN,
    NOT_SUPPORTED,
    CardUnreadable,
    CardUnsupported,
    unreadable_message,
)
from devices.id_card.text_block import parse_text_block
from kiosk.i18n import text

RESIDENT_ID = "110101199003070011"  # 1990-03-07, check digit 1
HMT_ID = "810000199201010013"  # Hong Kong's 810000, 1992-01-01


def block(*fields: tuple[int, int, str]) -> bytes:
    """A block of spaces with each (offset, width, value) written at its place."""
    out = bytearray("\u0020".encode("utf-16-le") * 128)
    for offset, width, value in fields:
        raw = value.encode("utf-16-le")
        assert len(raw) <= width, (offset, value)
        out[offset : offset + len(raw)] = raw
    assert len(out) == 256
    return bytes(out)


def resident(**changes: str) -> bytes:
    f = {
        "name": "王小明",
        "sex": "1",
        "nation": "01",
        "birth": "19900307",
        "address": "北京市东城区东华门街道南池子大街1号",
        "id": RESIDENT_ID,
        "authority": "北京市公安局东城分局",
        "from": "20200307",
        "to": "20400307",
        "type": " ",
    } | changes
    return block(
        (0, 30, f["name"]),
        (30, 2, f["sex"]),
        (32, 4, f["nation"]),
        (36, 16, f["birth"]),
        (52, 70, f["address"]),
        (122, 36, f["id"]),
        (158, 30, f["authority"]),
        (188, 16, f["from"]),
        (204, 16, f["to"]),
        (248, 2, f["type"]),
    )


def hmt() -> bytes:
    return block(
        (0, 30, "陈大文"),
        (30, 2, "1"),
        (32, 4, ""),  # no nation on a residence permit
        (36, 16, "19920101"),
        (52, 70, "广东省深圳市福田区福华一路1号"),
        (122, 36, HMT_ID),
        (158, 30, "深圳市公安局"),
        (188, 16, "20210101"),
        (204, 16, "20260101"),
        (220, 18, "H12345678"),  # the pass (港澳居民来往内地通行证) number
        (238, 4, "02"),  # issue count
        (248, 2, "J"),
    )


def foreigner(**changes: str) -> bytes:
    f = {"number": "USA310019850612", "name": "史密斯", "english": "SMITH, JOHN"} | changes
    return block(
        (0, 120, f["english"]),
        (120, 2, "1"),
        (122, 30, f["number"]),
        (152, 6, "USA"),
        (158, 30, f["name"]),
        (188, 16, "20180101"),
        (204, 16, "20280101"),
        (220, 16, "19850612"),
        (236, 4, "01"),
        (240, 8, "3100"),
        (248, 2, "I"),
    )


def test_a_resident_card_from_the_standards_layout() -> None:
    card = parse_text_block(resident())
    assert card == IdCard(
        kind=CardKind.RESIDENT,
        name="王小明",
        sex="1",
        nation="01",
        birth=date(1990, 3, 7),
        address="北京市东城区东华门街道南池子大街1号",
        id_number=RESIDENT_ID,
        authority="北京市公安局东城分局",
        valid_from=date(2020, 3, 7),
        valid_to=date(2040, 3, 7),
    )
    assert card.values() == {
        "name": "王小明",
        "sex": "男",
        "nation": "汉",
        "birth_date": "1990-03-07",
        "address": "北京市东城区东华门街道南池子大街1号",
        "id_number": RESIDENT_ID,
        "authority": "北京市公安局东城分局",
        "valid_from": "2020-03-07",
        "valid_to": "2040-03-07",
    }


def test_a_card_gives_every_value_the_catalog_may_name_in_order() -> None:
    assert tuple(parse_text_block(resident()).values()) == CARD_VALUES


def test_a_long_term_card_and_a_lower_case_check_letter() -> None:
    number = "11010519491231002X"
    card = parse_text_block(resident(id=number.lower(), birth="19491231", to="长期"))
    assert card.valid_to is None and card.values()["valid_to"] == "长期"
    assert card.id_number == number
    assert not card.expired(date(2999, 1, 1))


def test_a_residence_permit_of_hong_kong_macao_and_taiwan_residents() -> None:
    card = parse_text_block(hmt())
    assert card.kind is CardKind.HMT_RESIDENT
    assert (card.name, card.id_number, card.pass_number) == ("陈大文", HMT_ID, "H12345678")
    assert card.nation == "" and card.values()["nation"] == ""
    assert card.valid_to == date(2026, 1, 1)


def test_a_foreigners_permanent_residence_card() -> None:
    card = parse_text_block(foreigner())
    assert card.kind is CardKind.FOREIGNER
    assert (card.name, card.english_name, card.nationality) == ("史密斯", "SMITH, JOHN", "USA")
    assert (card.id_number, card.authority, card.address) == ("USA310019850612", "3100", "")
    assert (card.birth, card.valid_to) == (date(1985, 6, 12), date(2028, 1, 1))
    assert card.values()["nation"] == "" and card.values()["sex"] == "男"


def test_a_foreigner_without_a_chinese_name_goes_by_the_english_one() -> None:
    assert parse_text_block(foreigner(name="")).name == "SMITH, JOHN"


def test_the_2023_foreigners_card_is_recognised_and_refused_plainly() -> None:
    data = bytearray(foreigner())
    data[248:250] = "Y".encode("utf-16-le")
    with pytest.raises(CardUnsupported) as raised:
        parse_text_block(bytes(data))
    assert raised.value.message == NOT_SUPPORTED
    assert unreadable_message(raised.value.code) == NOT_SUPPORTED


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (resident(birth="19900230"), "bad_date"),
        (resident(birth="1990037"), "bad_date"),
        (resident(**{"from": "20400307", "to": "20200307"}), "bad_date"),
        (resident(to="20400231"), "bad_date"),
        (resident(id="110101199003070012"), "bad_id_number"),  # check digit
        (resident(id="11010119900307001"), "bad_id_number"),  # 17 characters
        (resident(id="1101011990030700１1"), "bad_id_number"),  # a full-width digit
        (resident(birth="19900308"), "id_birth_mismatch"),
        (resident(nation="77"), "bad_nation"),
        (resident(sex="5"), "bad_sex"),
        (resident(name=""), "no_name"),
        (resident(name="王\x07明"), "bad_text"),
        (resident()[:255], "bad_length"),
        (resident()[:2] + b"\x00\xd8" + resident()[4:], "bad_text"),  # a lone surrogate
        (foreigner(number="US3100198506121"), "bad_id_number"),
        (foreigner(name="", english=""), "no_name"),
    ],
)
def test_a_block_that_does_not_check_out_is_unreadable(data: bytes, reason: str) -> None:
    with pytest.raises(CardUnreadable) as raised:
        parse_text_block(data)
    assert raised.value.reason == reason
    assert raised.value.message == LIFT_AND_PLACE_AGAIN
    assert raised.value.message.zh == "未能读取身份证，请取下后重新放置。"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.binary(min_size=256, max_size=256))
def test_any_block_gives_a_card_or_a_typed_fault(data: bytes) -> None:
    with contextlib.suppress(CardUnreadable):
        parse_text_block(data)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(at=st.integers(0, 255), value=st.integers(0, 255))
def test_any_damaged_byte_gives_a_card_or_a_typed_fault(at: int, value: int) -> None:
    data = bytearray(resident())
    data[at] = value
    with contextlib.suppress(CardUnreadable):
        parse_text_block(bytes(data))


def test_the_fakes_blocks_are_the_standards() -> None:
    assert (
        FakeCard(
            name="王小明",
            id_number=RESIDENT_ID,
            address="北京市东城区东华门街道南池子大街1号",
            authority="北京市公安局东城分局",
            valid_from="20200307",
            valid_to="20400307",
        ).block()
        == resident()
    )
    assert (
        FakeCard(
            kind=CardKind.HMT_RESIDENT,
            name="陈大文",
            id_number=HMT_ID,
            address="广东省深圳市福田区福华一路1号",
            authority="深圳市公安局",
            valid_from="20210101",
            valid_to="20260101",
            pass_number="H12345678",
            issue_count="02",
        ).block()
        == hmt()
    )
    assert (
        FakeCard(
            kind=CardKind.FOREIGNER,
            name="史密斯",
            english_name="SMITH, JOHN",
            id_number="USA310019850612",
            nationality="USA",
            birth="19850612",
            authority="3100",
            valid_from="20180101",
            valid_to="20280101",
        ).block()
        == foreigner()
    )
    with pytest.raises(ValueError, match="do not fit"):
        text_block({"name": "名" * 16})


def test_the_demo_card_checks_out() -> None:
    card = parse_text_block(demo_card().block())
    assert card.name == "张三" and not card.expired(date(2039, 12, 31))


def test_sex_and_nation_names() -> None:
    assert [codes.sex_name(c) for c in ("0", "1", "2", "9")] == [
        "未知的性别",
        "男",
        "女",
        "未说明的性别",
    ]
    assert codes.sex_name("2", "en_US") == "Female"
    assert len([c for c in codes.NATIONS if c <= "56"]) == 56
    assert codes.NATIONS["01"] == text("汉", "Han")
    assert codes.nation_name("56") == "基诺" and codes.nation_name("56", "en") == "Jino"
    assert codes.nation_name("04", "en_US") == "Zang"
    assert codes.nation_name("97") == "其他" and codes.nation_name("98").startswith("外国血统")
    assert codes.nation_name("") == "" and codes.nation_name("77") == "77"
    card = parse_text_block(resident(sex="2", nation="05"))
    assert (card.sex_name(), card.sex_name("en_US")) == ("女", "Female")
    assert (card.nation_name(), card.nation_name("en_US")) == ("维吾尔", "Uygur")


def test_expiry_counts_the_last_day_as_valid() -> None:
    card = parse_text_block(resident())
    assert not card.expired(date(2040, 3, 7))
    assert card.expired(date(2040, 3, 8))


def test_repr_and_logs_mask_everything_personal(caplog: pytest.LogCaptureFixture) -> None:
    card = parse_text_block(resident())
    shown = repr(card)
    assert shown == "IdCard(resident, name='王*', id_number='1101**********0011')"
    assert str(card) == shown and f"{card}" == shown
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("read %s / %r", card, card)
        logging.getLogger("test").info("read %s", [card])
    for secret in ("王小明", "小明", RESIDENT_ID, "199003", "南池子", "东城分局", "2040"):
        assert secret not in shown and secret not in caplog.text


def test_masks() -> None:
    assert mask_name("王小明") == "王*" and mask_name("") == ""
    assert mask_number(RESIDENT_ID) == "1101**********0011"
    assert mask_number("USA310019850612") == "USA*********612"
    assert mask_number("1234567") == "1*****7" and mask_number("123") == "***"


def test_a_card_crosses_the_pipe_and_back() -> None:
    for data in (resident(to="长期"), hmt(), foreigner()):
        card = parse_text_block(data)
        assert IdCard.from_wire(card.to_wire()) == card
    wire = parse_text_block(resident()).to_wire()
    for broken in ({**wire, "birth_date": "1990-02-30"}, {**wire, "kind": "alien"}):
        with pytest.raises(ValueError):
            IdCard.from_wire(broken)
    del wire["name"]
    with pytest.raises(ValueError):
        IdCard.from_wire(wire)
