"""Searching the shipped catalog by Chinese name, full pinyin, initials and English."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.catalog.loader import Catalog
from kiosk.catalog.models import Category
from kiosk.search import ServiceIndex, normalise_query


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> ServiceIndex:
    return ServiceIndex(catalog)


def ids(index: ServiceIndex, query: str, category: Category | None = None) -> list[str]:
    return [item.id for item in index.search(query, category)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("laonianzheng", "elderly-card"),
        ("lnz", "elderly-card"),
        ("LNZ", "elderly-card"),
        ("老年证", "elderly-card"),
        ("老年", "elderly-card"),
        ("qiyekaiban", "company-startup"),
        ("qykb", "company-startup"),
        ("企业开办", "company-startup"),
        ("shengyu", "birth-registration"),
        ("sydj", "birth-registration"),
        ("juzhuzheng", "residence-permit"),
        ("jzz", "residence-permit"),
        ("gtgsh", "individual-business-registration"),
        ("getihu", "individual-business-registration"),
        ("food", "food-business-licence"),
    ],
)
def test_finds_the_item_first(index: ServiceIndex, query: str, expected: str) -> None:
    found = ids(index, query)
    assert found and found[0] == expected, found


@pytest.mark.parametrize(
    "query",
    [
        " lao'nian zheng ",
        "Lao Nian Zheng",
        "ｌｎｚ",
        "ＬＡＯＮＩＡＮＺＨＥＮＧ",
        "lao’nian",
        "老年证　",
    ],
)
def test_query_is_normalised(index: ServiceIndex, query: str) -> None:
    assert ids(index, query)[0] == "elderly-card"


def test_the_whole_name_with_punctuation_dropped(index: ServiceIndex) -> None:
    assert ids(index, "企业开办一件事") == ["company-startup"]
    assert ids(index, "laonianrenyoudaizhengbanli") == ["elderly-card"]  # brackets left out
    assert ids(index, "老年人优待证（老年证）办理") == ["elderly-card"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("canbao", "resident-pension-enrolment"),  # 参保, not shenbao
        ("jianshedanwei", "construction-permit"),  # 建设单位, not shanwei
        ("chengcheka", "elderly-card"),  # 乘车卡, not shengcheka
        ("jifenluohu", "residence-permit"),  # 积分落户, not laohu
    ],
)
def test_polyphonic_characters_read_as_in_their_words(
    index: ServiceIndex, query: str, expected: str
) -> None:
    assert ids(index, query)[0] == expected


def test_pinyin_matches_start_at_a_syllable(index: ServiceIndex) -> None:
    assert ids(index, "nianzheng")[0] == "elderly-card"
    assert ids(index, "ianzheng") == []


def test_ranking_name_before_keyword_before_description(index: ServiceIndex) -> None:
    # 营业执照 is a keyword of the two registrations and only in the description of the
    # address change; none has it in its name.
    assert ids(index, "营业执照") == [
        "company-startup",
        "individual-business-registration",
        "company-address-change",
    ]
    # "kai": 企业开办 has it in its name, 开工 and 开店 are keywords.
    assert ids(index, "kai") == [
        "company-startup",
        "construction-permit",
        "individual-business-registration",
    ]
    # English: names first, then descriptions.
    assert ids(index, "licence")[:2] == ["food-business-licence", "public-place-hygiene-licence"]


def test_multi_word_english(index: ServiceIndex) -> None:
    assert ids(index, "sole trader") == ["individual-business-registration"]
    assert ids(index, "Food business") == ["food-business-licence"]


def test_category_filter(index: ServiceIndex, catalog: Catalog) -> None:
    assert ids(index, "zheng", Category.PERSONAL)[0] == "birth-registration"
    assert all(
        catalog[i].category is Category.PERSONAL for i in ids(index, "zheng", Category.PERSONAL)
    )
    assert ids(index, "lnz", Category.ENTERPRISE) == []
    assert ids(index, "qykb", Category.ENTERPRISE) == ["company-startup"]
    assert ids(index, "", Category.ENTERPRISE) == [
        i.id for i in catalog.by_category(Category.ENTERPRISE)
    ]


@pytest.mark.parametrize("query", ["", "   ", "　", "'"])
def test_blank_query_lists_everything_in_catalog_order(
    index: ServiceIndex, catalog: Catalog, query: str
) -> None:
    assert ids(index, query) == list(catalog.items)
    assert len(index) == len(catalog) == 12


@pytest.mark.parametrize("query", ["xyzzyq", "qqqqq", "火星签证", "!!!", "（）", "🙂"])
def test_nonsense_finds_nothing(index: ServiceIndex, query: str) -> None:
    assert ids(index, query) == []


def test_normalise_query() -> None:
    assert normalise_query(" Lao'Nian　ZHENG ") == "laonianzheng"
    assert normalise_query("ＬＮＺ１") == "lnz1"
    assert normalise_query("lü") == "lv"
    assert normalise_query("老年证（") == "老年证"


@given(query=st.text(), category=st.sampled_from([None, *Category]))
def test_search_never_raises(
    index: ServiceIndex, catalog: Catalog, query: str, category: Category | None
) -> None:
    found = index.search(query, category)
    assert len({i.id for i in found}) == len(found)
    assert all(catalog[i.id] is i for i in found)
    assert category is None or all(i.category is category for i in found)


FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in string.ascii_letters + string.digits}


@given(query=st.text(alphabet=string.ascii_letters + string.digits + " '", min_size=1))
def test_case_spaces_and_full_width_do_not_matter(index: ServiceIndex, query: str) -> None:
    plain = ids(index, query.replace(" ", "").replace("'", "").lower())
    assert ids(index, query.upper()) == plain
    assert ids(index, "".join(FULL_WIDTH.get(c, c) for c in query)) == plain
