"""证照免费邮寄: the mailing address checked and cleaned where it enters, its printed lines,
and its fields as the protocol's mailing.requested takes them."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest

from kiosk.divisions import Divisions
from kiosk.mailing import CODES, MESSAGES, MailingAddress, MailingRefused
from kiosk.protocol import parse
from kiosk.protocol.events import MailingRequested

SAMPLE: dict[str, str] = {
    "recipient": "张玉琴",
    "mobile": "13604317788",
    "division": "220171",
    "street": "会展社区福临家园5栋2单元",
    "postcode": "130033",
}
EVENT = {"reference": "20261126-07-0001", "terminal": 7, "at": "2026-11-26T10:00:00+08:00"}


@pytest.fixture(scope="module")
def divisions() -> Divisions:
    return Divisions.load()


def _of(divisions: Divisions, **change: str) -> MailingAddress:
    given = {**SAMPLE, **change}
    return MailingAddress.of(
        given["recipient"],
        given["mobile"],
        given["division"],
        given["street"],
        given["postcode"],
        divisions,
    )


def test_the_sample_is_accepted_with_the_names_of_its_district(divisions: Divisions) -> None:
    address = _of(divisions)
    assert address == MailingAddress(
        recipient="张玉琴",
        mobile="13604317788",
        division="220171",
        province="吉林省",
        city="长春市",
        district="长春经济技术开发区",
        street="会展社区福临家园5栋2单元",
        postcode="130033",
    )
    assert address.label_lines() == [
        "张玉琴 136****7788",
        "吉林省长春市长春经济技术开发区会展社区福临家园5栋2单元",
        "邮编 130033",
    ]


def test_the_payload_is_a_valid_mailing_requested_event(divisions: Divisions) -> None:
    fields_ = _of(divisions).payload_fields()
    expected = set(MailingRequested.model_fields) - {
        "reference",
        "terminal",
        "mail",
        "grid_leader",
        "at",
    }
    assert set(fields_) == expected
    event = parse("mailing.requested", {**EVENT, **fields_})
    assert isinstance(event, MailingRequested)
    assert event.mail and event.division == "220171" and event.district == "长春经济技术开发区"
    assert event.payload() == {**EVENT, **fields_}


def test_the_longest_names_and_street_still_make_a_valid_event(divisions: Divisions) -> None:
    longest = max(
        divisions.places(), key=lambda p: len(p.province.name + p.city.name + p.district.name)
    )
    address = _of(divisions, recipient="长" * 30, division=longest.district.code, street="街" * 120)
    parse("mailing.requested", {**EVENT, **address.payload_fields()})
    # Every district's names fit, not only the longest together.
    for place in divisions.places():
        for name in (place.province.name, place.city.name, place.district.name):
            assert len(name) <= 32


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        ({"recipient": "  张玉琴\u3000"}, {"recipient": "张玉琴"}),
        ({"recipient": "阿依古丽·买买提"}, {"recipient": "阿依古丽·买买提"}),
        ({"recipient": "Anna   Müller"}, {"recipient": "Anna Müller"}),
        ({"recipient": "张三"}, {"recipient": "张三"}),  # two characters are enough
        ({"mobile": "+86 136-0431-7788"}, {"mobile": "13604317788"}),
        ({"mobile": "１３６０４３１７７８８"}, {"mobile": "13604317788"}),
        ({"division": " 220171 "}, {"division": "220171"}),
        ({"street": " 会展社区福临家园５栋２单元 "}, {"street": "会展社区福临家园5栋2单元"}),
        ({"street": "人民大街  1号\n"}, {"street": "人民大街 1号"}),
        ({"postcode": "１３００３３"}, {"postcode": "130033"}),
        ({"postcode": "130 033"}, {"postcode": "130033"}),
    ],
)
def test_what_the_applicant_typed_is_cleaned(
    divisions: Divisions, change: dict[str, str], kept: dict[str, str]
) -> None:
    address = _of(divisions, **change)
    for name, value in kept.items():
        assert getattr(address, name) == value


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"recipient": ""}, "recipient"),
        ({"recipient": "   "}, "recipient"),
        ({"recipient": "张"}, "recipient"),
        ({"recipient": "长" * 31}, "recipient"),
        ({"recipient": "张玉\x00琴"}, "recipient"),
        ({"recipient": "张玉\n琴"}, "recipient"),
        ({"recipient": "张玉\u202e琴"}, "recipient"),  # a bidi override
        ({"mobile": ""}, "mobile"),
        ({"mobile": "1360431778"}, "mobile"),
        ({"mobile": "12345678901"}, "mobile"),
        ({"mobile": "0431-88776655"}, "mobile"),
        ({"division": ""}, "division"),
        ({"division": "220100"}, "division"),  # a city, not a district
        ({"division": "220000"}, "division"),
        ({"division": "229999"}, "division"),
        ({"division": "长春经济技术开发区"}, "division"),
        ({"street": ""}, "street"),
        ({"street": "5栋"}, "street"),
        ({"street": "街" * 121}, "street"),
        ({"street": "会展社区\n福临家园5栋"}, "street"),
        ({"street": "会展社区\r福临家园5栋"}, "street"),
        ({"street": "会展社区\u2028福临家园5栋"}, "street"),
        ({"street": "会展社区\x1c福临家园5栋"}, "street"),
        ({"postcode": ""}, "postcode"),
        ({"postcode": "13003"}, "postcode"),
        ({"postcode": "1300333"}, "postcode"),
        ({"postcode": "13003A"}, "postcode"),
    ],
)
def test_each_wrong_field_is_refused_with_its_code(
    divisions: Divisions, change: dict[str, str], code: str
) -> None:
    with pytest.raises(MailingRefused) as caught:
        _of(divisions, **change)
    assert caught.value.code == code
    assert code in MESSAGES
    # The refusal never carries what was typed (it may reach a log).
    value = next(iter(change.values())).strip()
    if value:
        assert value not in str(caught.value)


def test_the_first_wrong_field_is_named_in_the_screens_order(divisions: Divisions) -> None:
    with pytest.raises(MailingRefused) as caught:
        _of(divisions, mobile="1", street="", postcode="")
    assert caught.value.code == "mobile"


def test_a_municipality_and_a_city_without_districts(divisions: Divisions) -> None:
    beijing = _of(divisions, division="110105", street="建国门外大街1号", postcode="100020")
    assert (beijing.province, beijing.city, beijing.district) == ("北京市", "北京市", "朝阳区")
    assert beijing.label_lines()[1] == "北京市朝阳区建国门外大街1号"
    dongguan = _of(divisions, division="441900", street="东城街道东纵路1号", postcode="523000")
    assert dongguan.label_lines()[1] == "广东省东莞市东城街道东纵路1号"
    for address in (beijing, dongguan):
        parse("mailing.requested", {**EVENT, **address.payload_fields()})


def test_every_code_has_plain_words_in_both_languages() -> None:
    assert set(MESSAGES) == set(CODES)
    for message in MESSAGES.values():
        assert message.zh.endswith("。") and message.en.endswith(".")
        assert message.zh != message.en
        assert not any("a" <= ch.lower() <= "z" for ch in message.zh)
    assert MESSAGES["recipient"].zh == "请填写收件人姓名（2至30个字）。"


def test_personal_fields_stay_out_of_repr(divisions: Divisions) -> None:
    shown = repr(_of(divisions))
    assert "220171" in shown
    for secret in ("张玉琴", "13604317788", "福临家园"):
        assert secret not in shown


def test_the_dataclass_has_the_events_fields_in_order(divisions: Divisions) -> None:
    names = [f.name for f in fields(MailingAddress)]
    assert names == list(_of(divisions).payload_fields())
    assert names == [
        "recipient",
        "mobile",
        "division",
        "province",
        "city",
        "district",
        "street",
        "postcode",
    ]


@pytest.mark.parametrize(("mobile", "shown"), [("13604317788", "136****7788"), ("123", "***")])
def test_the_mobile_is_masked_on_paper(mobile: str, shown: str) -> None:
    kept: dict[str, Any] = {
        "recipient": "张玉琴",
        "mobile": mobile,
        "division": "220171",
        "province": "吉林省",
        "city": "长春市",
        "district": "长春经济技术开发区",
        "street": "会展社区",
        "postcode": "130033",
    }
    assert MailingAddress(**kept).label_lines()[0] == f"张玉琴 {shown}"
